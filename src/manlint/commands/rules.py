"""``manlint rules [CODE]``: the catalogue, or one entry's documentation."""

from __future__ import annotations

import sys

from ..cli import EXIT_OK, UsageError


def register(sub) -> None:
    p = sub.add_parser("rules", help="list the lint rules, or show one rule's documentation")
    p.add_argument("code", nargs="?", metavar="CODE", help="a code, prefix or rule name")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.add_argument("--mandoc", action="store_true",
                   help="list mandoc -T lint's messages and the rules that answer each")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..lint.datafiles import mandoc_parity
    from ..lint.registry import catalogue, load_rules
    if args.mandoc:
        return _mandoc_table(args.format)
    cat = catalogue()
    fixable = {r.code for r in load_rules() if r.fix}
    entries = list(cat)
    if args.code:
        key = args.code
        exact = [d for d in entries if d.code == key.upper() or d.name == key]
        if exact:
            d = exact[0]
            sys.stdout.write(f"{d.code} {d.name} ({d.severity.label})\n\n{d.doc or d.template}\n")
            answers = [e for e in mandoc_parity() if d.code in e["rules"]]
            if answers:
                sys.stdout.write("\nmandoc -T lint: " + "; ".join(repr(e["mandoc"]) for e in answers) + "\n")
            return EXIT_OK
        entries = [d for d in entries if d.code.startswith(key.upper())]
        if not entries:
            raise UsageError(f"no rule matches {key!r}")
    if args.format == "json":
        json.dump([{"code": d.code, "name": d.name, "severity": d.severity.label,
                    "fix": d.code in fixable, "summary": d.template} for d in entries],
                  sys.stdout, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    for d in entries:
        mark = "fix" if d.code in fixable else "   "
        sys.stdout.write(f"{d.code}  {d.name:34} {d.severity.label:11} {mark}\n")
    return EXIT_OK


def _mandoc_table(fmt: str) -> int:
    """Each mandoc message, the rules that answer it, and why manlint differs where it does."""
    import json
    import textwrap

    from ..lint.datafiles import mandoc_parity
    table = mandoc_parity()
    if fmt == "json":
        json.dump([{"mandoc": e["mandoc"], "rules": e["rules"], "differs": e.get("differs")}
                   for e in table], sys.stdout, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    for e in table:
        rules = ", ".join(e["rules"]) or "-"
        sys.stdout.write(f"{e['mandoc']}\n    manlint: {rules}\n")
        if e.get("differs"):
            reason = " ".join(e["differs"].split())
            sys.stdout.write(textwrap.fill(reason, 76, initial_indent="    ", subsequent_indent="    ") + "\n")
    return EXIT_OK
