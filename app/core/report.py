"""report.html: one self-contained page a partner can read (no scripts, fonts or images from
anywhere; charts are inline SVG)."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from app import __version__
from app.core import fields as F
from app.core.findings import CODES

if TYPE_CHECKING:  # pragma: no cover
    from app.core.bundle import BundlePlan
    from app.core.checklist import CheckItem
    from app.core.session import Session

COLORS = {"blocker": "#c0392b", "warning": "#d68910", "info": "#2e86c1", "past": "#7f8c8d", "future": "#1e8449", "bar": "#2e86c1"}

CSS = """
body{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f6f7}td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#666}.ok{color:#1e8449}.bad{color:#c0392b}
.box{background:#f8f9f9;border-left:4px solid #2e86c1;padding:.6em 1em;margin:1em 0}svg text{font-family:inherit;font-size:12px}
"""


def bar_chart(items: list[tuple[str, list[tuple[str, float]]]], title: str, legend: list[tuple[str, str]], unit: str = "") -> str:
    """Horizontal stacked bars: items = [(label, [(series, value), ...])]."""
    if not items:
        return f'<p class="muted">{escape(title)}: nothing to show.</p>'
    width, label_w, bar_h, gap = 760, 220, 18, 8
    maxv = max(sum(v for _, v in segs) for _, segs in items) or 1
    h = len(items) * (bar_h + gap) + 40
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" viewBox="0 0 {width} {h}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, segs) in enumerate(items):
        y = 10 + i * (bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{escape(label[:32])}</text>')
        x = label_w
        total = 0.0
        for series, v in segs:
            w = (width - label_w - 80) * v / maxv
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLORS.get(series, COLORS["bar"])}"><title>{escape(series)}: {v:,.1f}{unit}</title></rect>')
            x += w
            total += v
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}">{total:,.0f}{unit}</text>' if total == int(total) else f'<text x="{x + 6:.1f}" y="{y + 13}">{total:,.1f}{unit}</text>')
    ly = h - 14
    lx = label_w
    for series, name in legend:
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{COLORS.get(series, COLORS["bar"])}"/><text x="{lx + 16}" y="{ly}">{escape(name)}</text>')
        lx += 20 + 8 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def month_chart(months: list[tuple[str, int, bool]], title: str) -> str:
    """Vertical bars per month; future months in another colour."""
    if not months:
        return f'<p class="muted">{escape(title)}: no dated entries.</p>'
    width, h, base = 900, 250, 180
    n = len(months)
    bw = max(min((width - 60) / n, 40), 2)
    maxv = max(c for _, c, _ in months) or 1
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" viewBox="0 0 {width} {h}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, count, future) in enumerate(months):
        bh = (base - 20) * count / maxv
        x = 40 + i * bw
        parts.append(f'<rect x="{x:.1f}" y="{base - bh:.1f}" width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" fill="{COLORS["future" if future else "past"]}"><title>{escape(label)}: {count}</title></rect>')
        if n <= 36 or i % max(n // 18, 1) == 0:
            tx = x + bw / 2
            parts.append(f'<text x="{tx:.1f}" y="{base + 12}" text-anchor="end" transform="rotate(-60 {tx:.1f} {base + 12})">{escape(month_label(label))}</text>')
    parts.append(f'<text x="4" y="20">{maxv}</text><line x1="38" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>')
    parts.append(f'<rect x="{width - 220}" y="4" width="12" height="12" fill="{COLORS["past"]}"/><text x="{width - 204}" y="14">past</text>'
                 f'<rect x="{width - 150}" y="4" width="12" height="12" fill="{COLORS["future"]}"/><text x="{width - 134}" y="14">future</text></svg>')
    return "".join(parts)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(ym: str, short: bool = False) -> str:
    """'2026-03' -> 'Mar 2026' (or 'Mar 26')."""
    try:
        return f"{_MONTHS[int(ym[5:7]) - 1]} {ym[2:4] if short else ym[:4]}"
    except (ValueError, IndexError):
        return ym


def _table(header: list[str], rows: list[list], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f'<td class="n">{escape(str(v))}</td>' if i in numeric else f"<td>{escape(str(v))}</td>" for i, v in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def calendar_months(cal: pd.DataFrame, today: str) -> list[tuple[str, int, bool]]:
    s = cal["start_date"].astype(str)
    ym = (s.str[6:10] + "-" + s.str[0:2]).where(s.str.len() == 10, "")
    counts = ym[ym != ""].value_counts().sort_index()
    return [(k, int(v), k >= today[:7]) for k, v in counts.items()]


def render_report(session: Session, plan: BundlePlan, checklist: list[CheckItem]) -> str:
    result = session.result
    assert result is not None
    today = session.firm.cutoff or _dt.date.today().isoformat()
    # Findings on records left out of the bundle are moot: the report shows what goes to Clio.
    findings = plan.open_findings
    by_file_type = {r.path: r.data_type for r in result.files}
    acc_by_type: dict[str, list[int]] = {}
    for a in plan.accounts:
        t = acc_by_type.setdefault(a.data_type, [0, 0, 0])
        t[0] += a.rows_in
        t[1] += a.rows_out
        t[2] += a.rows_excluded
    sev_by_type: dict[str, Counter] = {}
    if len(findings):
        files, sevs = findings.files, findings.severities
        for path in sorted(set(files.tolist())):
            here = sevs[files == path]
            c = sev_by_type.setdefault(by_file_type.get(path, "unknown"), Counter())
            for sev in ("blocker", "warning", "info"):
                c[sev] += int((here == sev).sum())

    h: list[str] = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migration report: {escape(session.firm.name or 'firm')}</title>",
                    f"<style>{CSS}</style></head><body>"]
    h.append(f"<h1>Migration report{': ' + escape(session.firm.name) if session.firm.name else ''}</h1>")
    h.append(f'<p class="muted">Prepared with clio-prep {escape(__version__)} on {escape(_dt.date.today().isoformat())} from '
             f"{escape(result.source.name)} exports." + (f" Export cut-off: {escape(session.firm.cutoff)}." if session.firm.cutoff else "") + "</p>")
    blockers = int((findings.severities == "blocker").sum()) if len(findings) else 0
    verdict = (f'<p class="bad"><strong>{blockers} blocker(s) remain:</strong> those records will not import as they are (see the list below).</p>'
               if blockers else '<p class="ok"><strong>No blockers remain:</strong> every record in the bundle can be imported.</p>')
    h.append(verdict)

    h.append("<h2>Records per kind</h2>")
    rows = []
    for dt in (*F.PROCESS_ORDER, F.NOT_MIGRATABLE, F.UNKNOWN):
        if dt not in acc_by_type:
            continue
        a = acc_by_type[dt]
        c = sev_by_type.get(dt, Counter())
        label = F.DATA_TYPES[dt].label if dt in F.DATA_TYPES else ("Not migratable" if dt == F.NOT_MIGRATABLE else "Not recognised")
        rows.append([label, a[0], a[1], a[2], c.get("blocker", 0), c.get("warning", 0)])
    h.append(_table(["Kind of record", "In the exports", "In the bundle", "Left out", "Blockers left", "Warnings left"], rows, {1, 2, 3, 4, 5}))

    h.append("<h2>Blockers and warnings per kind of record</h2>")
    # Kinds in the order of the table above (a set's order changed from one run to the next).
    kinds = [dt for dt in (*F.PROCESS_ORDER, F.NOT_MIGRATABLE, F.UNKNOWN) if dt in sev_by_type]
    kinds += sorted(dt for dt in sev_by_type if dt not in kinds)
    items = [((F.DATA_TYPES[dt].label if dt in F.DATA_TYPES else dt.replace("_", " ").capitalize()), [(s, float(sev_by_type[dt].get(s, 0))) for s in ("blocker", "warning")])
             for dt in kinds if sev_by_type[dt].get("blocker", 0) + sev_by_type[dt].get("warning", 0)]
    h.append(bar_chart(items, "Blockers and warnings per kind of record", [("blocker", "blockers"), ("warning", "warnings")]))
    code_counts = findings.counts_by()
    h.append(_table(["Severity", "Finding", "Code", "Count"],
                    [[s, CODES.get(c, ("", c))[1], c, n] for (s, c), n in sorted(code_counts.items(), key=lambda kv: ({"blocker": 0, "warning": 1, "info": 2}.get(kv[0][0], 3), -kv[1], kv[0][1]))],
                    {3}))

    h.append("<h2>What was fixed</h2>")
    edits = session.log.done
    if edits:
        h.append(f"<p>{len(edits)} correction(s), {sum(e.changed_cells() for e in edits)} cell(s) changed. Every change is in changes.csv with the old and new value.</p>")
        h.append(_table(["When", "What", "Why"], [[e.when, e.summary, e.why] for e in edits[-200:]]))
    else:
        h.append("<p>No corrections were made in clio-prep.</p>")

    h.append("<h2>Left out of the migration</h2>")
    reasons: Counter = Counter()
    for rep in result.files:
        if rep.prepared is None:
            continue
        gone, why = session.exclusions(rep.path)
        for reason, n in Counter(why[gone].tolist()).items():
            reasons[reason.split(" (")[0] if reason.startswith("merged") else reason] += n
    for r in result.files:
        if r.prepared is None:
            reasons["whole file: " + ("Clio cannot migrate it" if r.data_type == F.NOT_MIGRATABLE else "not recognised or unreadable")] += r.table.records
    h.append(_table(["Reason", "Records"], [[k, v] for k, v in reasons.most_common()], {1}) if reasons else "<p>Nothing was left out.</p>")

    cal = plan.outputs.get("calendar_entries")
    h.append("<h2>Calendar: please confirm future court dates</h2>")
    if cal is not None and len(cal):
        months = calendar_months(cal, today)
        fut = sum(c for _, c, f in months if f)
        h.append(f"<p>{len(cal)} calendar entries, {fut} of them from {escape(today[:7])} on. Check that every upcoming hearing and deadline "
                 "is in this export: anything missing here will be missing in Clio.</p>")
        h.append(month_chart(months, "Calendar entries per month"))
    else:
        h.append('<p class="bad">No calendar entries are in this migration. If the firm keeps court dates in the old program, export them.</p>')

    acts = [plan.outputs[k] for k in ("time_entries",) if k in plan.outputs]
    h.append("<h2>Unbilled time per user</h2>")
    if acts and len(acts[0]):
        te = acts[0]
        hours = pd.to_numeric(te["quantity"], errors="coerce").fillna(0)
        per_user = hours.groupby(te["activity_user"].replace("", "(no user)")).sum().sort_values(ascending=False)
        h.append(bar_chart([(u, [("bar", float(v))]) for u, v in per_user.head(30).items()], "Hours per user", [("bar", "hours")], " h"))
    else:
        h.append("<p>No time entries are in this migration.</p>")

    h.append("<h2>After the import: what to check in Clio</h2>")
    h.append("<div class=\"box\">The firm has three business days after the import to review the data. Look up each record below in Clio "
             "and tick it off in review_checklist.csv; tell the migration specialist about anything missing or wrong.</div>")
    h.append(_table(["Kind", "Record", "Details", "Check that"], [[c.data_type.replace("_", " "), c.record, c.details, c.what] for c in checklist]))

    h.append("<h2>During the transition</h2><ul>"
             "<li>Keep the export cut-off date: after exporting, record new work in one place only and keep a list of it.</li>"
             "<li>Do not turn on calendar or contact syncs, or other integrations, until the migration is complete.</li>"
             "<li>Record new time and notes against a placeholder matter (e.g. 'Transition - to be reallocated') and move them once the data is in Clio.</li>"
             "<li>Keep your historical bills, trust and banking reports from the old program: they do not migrate.</li></ul>")
    remaining = findings.take(np.flatnonzero(findings.severities == "blocker")[:500]) if blockers else []
    if remaining:
        h.append("<h2>Blockers still open</h2>")
        h.append(_table(["File", "Row", "Column", "Problem"], [[f.file, f.row or "", f.column or "", f.message] for f in remaining]))
        if blockers > 500:
            h.append(f"<p class=\"muted\">... and {blockers - 500} more in findings.csv.</p>")
    h.append("</body></html>")
    return "".join(h)
