"""``manlint check-patch``: the CI check for man-page patches."""

from __future__ import annotations

import os
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError
from ..diagnostics import Severity


def register(sub) -> None:
    p = sub.add_parser("check-patch", help="check a patch to man pages before it is sent")
    p.add_argument("patches", nargs="+", metavar="PATCH", help="patch, mbox or diff files (a series, in order)")
    p.add_argument("--tree", help="the pages the patch applies to: DIR or DIR@REV "
                                  "(default: this directory if it is a man-page tree, else /usr/share/man)")
    p.add_argument("--upstream", help="compare with this tree: DIR, DIR@REV, or 'none' (default: /usr/share/man)")
    p.add_argument("--apply-to", metavar="DIR", help="also write the patched pages under DIR")
    p.add_argument("--all", action="store_true", help="report every finding, not only new ones")
    p.add_argument("--format", default="text", choices=["text", "json", "sarif", "github"])
    p.add_argument("--fail-on", choices=[s.label for s in Severity], default="warning")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checkpatch import check_series
    from ..checkpatch.report import json_report, text_report
    from ..patch.model import PatchError
    from ..report import format_github, format_sarif
    for p in args.patches:
        if not os.path.exists(p):
            raise UsageError(f"{p}: no such file")
    try:
        results = check_series(args.patches, args.tree, args.upstream, args.all, apply_to=args.apply_to)
    except PatchError as exc:
        raise UsageError(str(exc)) from None
    out = sys.stdout
    findings = [d for r in results for d in r.findings]
    if args.format == "json":
        out.write(json_report(results))
    elif args.format == "sarif":
        out.write(format_sarif(findings))
    elif args.format == "github":
        out.write(format_github(findings))
    else:
        out.write(text_report(results, colour=out.isatty() and not os.environ.get("NO_COLOR")))
    fail_on = Severity.parse(args.fail_on)
    return EXIT_FINDINGS if any(d.severity >= fail_on for d in findings) else EXIT_OK
