"""check-patch reports: readable text, JSON, and the lint formats for CI."""

from __future__ import annotations

import json

from ..report import format_text


def text_report(results, colour: bool = False) -> str:
    from ..pagediff import text_report as diff_text
    out: list[str] = []
    for pr in results:
        subject = pr.patch.message.subject if pr.patch.message else ""
        out.append(f"== {pr.patch.name}" + (f": {subject}" if subject else ""))
        for page in pr.pages:
            moved = [f"hunk {h.index} at offset {h.offset}" + (f" with fuzz {h.fuzz}" if h.fuzz else "")
                     for h in page.hunks if h.offset or h.fuzz]
            out.append(f"-- {page.path}: {len(page.hunks)} hunk(s) applied"
                       + (f" ({'; '.join(moved)})" if moved else ""))
        findings = pr.findings
        if findings:
            out.append(format_text(findings, colour).rstrip("\n"))
        else:
            out.append("no new findings")
        for page in pr.pages:
            if page.diff is not None and page.diff:
                out.append(f"-- what the patch changes in {page.path}, entry by entry:")
                out.append(diff_text(page.diff).rstrip("\n"))
            if page.upstream_diff is not None and page.upstream_diff.changes:
                out.append(f"-- compared with upstream {page.upstream_path}:")
                out.append(diff_text(page.upstream_diff).rstrip("\n"))
        out.append("")
    return "\n".join(out) + "\n"


def json_report(results) -> str:
    from ..report import format_json
    doc = {"patches": []}
    for pr in results:
        doc["patches"].append({
            "patch": pr.patch.name,
            "subject": pr.patch.message.subject if pr.patch.message else None,
            "pages": [{
                "path": p.path,
                "hunks": [{"index": h.index, "offset": h.offset, "fuzz": h.fuzz} for h in p.hunks],
                "diff": p.diff.to_dict() if p.diff is not None else None,
                "upstream": p.upstream_path,
                "upstream_diff": p.upstream_diff.to_dict() if p.upstream_diff is not None else None,
            } for p in pr.pages],
            "diagnostics": json.loads(format_json(pr.findings))["diagnostics"],
        })
    doc["diagnostics"] = [d for p in doc["patches"] for d in p["diagnostics"]]
    return json.dumps(doc, indent=1) + "\n"
