"""Output formats for diagnostics: text (with source and caret), json, sarif, github."""

from __future__ import annotations

import json
import os

from .. import __version__
from ..diagnostics import Diagnostic

_COLOURS = {"style": "\033[36m", "warning": "\033[33m", "error": "\033[31m",
            "unsupported": "\033[35m", "fatal": "\033[31;1m"}
_RESET = "\033[0m"


def _fix_json(d: Diagnostic):
    if d.fix is None:
        return None
    return {"title": d.fix.title, "safe": d.fix.safe,
            "edits": [{"line": e.line, "column": e.col, "end_line": e.end_line,
                       "end_column": e.end_col, "content": e.text} for e in d.fix.edits]}


def format_text(diags: list[Diagnostic], colour: bool = False, show_source: bool = True) -> str:
    out: list[str] = []
    for d in diags:
        sev = d.severity.label
        if colour:
            sev = f"{_COLOURS.get(sev, '')}{sev}{_RESET}"
        out.append(f"{d.path}:{d.line}:{d.col}: {sev}: {d.message} [{d.code} {d.name}]")
        if d.origin is not None:
            out.append(f"    note: from {d.origin.describe()}")
        for note in d.notes:
            out.append(f"    note: {note}")
        line_text = d.line_text() if show_source else None
        if line_text is not None:
            text = line_text.replace("\t", " ")
            out.append(f"  {text}")
            width = max(1, (d.end_col - d.col) if d.end_line == d.line and d.end_col > d.col else 1)
            caret = " " * (d.col - 1) + "^" + "~" * (width - 1)
            out.append(f"  {_COLOURS['error'] + caret + _RESET if colour else caret}")
    return "\n".join(out) + ("\n" if out else "")


def format_json(diags: list[Diagnostic]) -> str:
    items = [{"path": d.path, "line": d.line, "column": d.col, "end_line": d.end_line or d.line,
              "end_column": d.end_col or d.col, "rule": d.code, "name": d.name,
              "severity": d.severity.label, "message": d.message, "fix": _fix_json(d)}
             for d in diags]
    # No indent: json's C encoder only runs without it, and CI reads this.
    return json.dumps({"diagnostics": items}, separators=(",", ":")) + "\n"


_SARIF_LEVEL = {"style": "note", "warning": "warning", "error": "error",
                "unsupported": "note", "fatal": "error"}


def format_sarif(diags: list[Diagnostic], catalogue=None) -> str:
    rules = {}
    for d in diags:
        if d.code not in rules:
            entry = {"id": d.code, "name": d.name,
                     "defaultConfiguration": {"level": _SARIF_LEVEL[d.severity.label]}}
            if catalogue is not None:
                try:
                    doc = catalogue[d.code].doc
                except KeyError:
                    doc = ""
                if doc:
                    entry["fullDescription"] = {"text": doc}
            rules[d.code] = entry
    results = []
    for d in diags:
        region = {"startLine": d.line, "startColumn": d.col}
        if d.end_line:
            region["endLine"] = d.end_line
        if d.end_col and d.end_col > d.col:
            region["endColumn"] = d.end_col
        results.append({
            "ruleId": d.code, "level": _SARIF_LEVEL[d.severity.label],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": d.path.replace(os.sep, "/")}, "region": region}}],
        })
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "manlint", "version": __version__,
                                         "informationUri": "https://example.invalid/manlint",
                                         "rules": list(rules.values())}},
                     "results": results}]}
    return json.dumps(doc, indent=1) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_LEVEL = {"style": "notice", "warning": "warning", "error": "error",
             "unsupported": "notice", "fatal": "error"}


def format_github(diags: list[Diagnostic]) -> str:
    out = []
    for d in diags:
        level = _GH_LEVEL[d.severity.label]
        props = f"file={_gh_escape(d.path, True)},line={d.line},col={d.col}"
        if d.end_line and d.end_line != d.line:
            props += f",endLine={d.end_line}"
        props += f",title={_gh_escape(d.code + ' ' + d.name, True)}"
        out.append(f"::{level} {props}::{_gh_escape(d.message)}")
    return "\n".join(out) + ("\n" if out else "")


def render(diags: list[Diagnostic], fmt: str, colour: bool = False, catalogue=None,
           show_source: bool = True) -> str:
    if fmt == "json":
        return format_json(diags)
    if fmt == "sarif":
        return format_sarif(diags, catalogue)
    if fmt == "github":
        return format_github(diags)
    return format_text(diags, colour, show_source)
