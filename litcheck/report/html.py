"""A self-contained HTML report (one file, inline CSS, no scripts, no network) for an editor.

All outside text is HTML-escaped; a reference is linked only through `inert.record_link` (an
http(s) URL that cannot break out of the attribute, never `javascript:`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from litcheck.formats.inert import record_link
from litcheck.report.rows import ReportRow
from litcheck.report.tables import reference_text, summary_line
from litcheck.review.view import SEVERE_FLAGS

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.5rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}.v{font-weight:600;white-space:nowrap}
.confirmed{color:#1a7f37}.rejected{color:#cf222e}.unsure{color:#9a6700}.unreviewed{color:#777}
.flag{display:inline-block;border-radius:3px;padding:0 .3rem;margin:0 .2rem .2rem 0;
background:#fff8c5;font-size:.85em}.flag.severe{background:#ffebe9;color:#cf222e}
.note{color:#555;font-style:italic}
""".strip()


def _flags(flags: tuple[str, ...]) -> str:
    return "".join(
        f'<span class="flag{" severe" if f in SEVERE_FLAGS else ""}">{escape(f)}</span>'
        for f in flags
    )


def to_html(rows: Sequence[ReportRow], *, total: int, title: str = "litcheck review") -> str:
    """The report as one HTML document."""
    body: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(summary_line(rows, total))}</p>",
    ]
    if rows:
        body.append(
            "<table><thead><tr><th>#</th><th>claim</th><th>verdict</th><th>reference</th>"
            "</tr></thead><tbody>"
        )
        for number, row in enumerate(rows, start=1):
            ref = escape(reference_text(row))
            record = row.reference.record if row.reference else None
            url = record_link(record) if record is not None else None
            if url:
                ref = f'<a href="{escape(url)}">{ref}</a>'
            extra = _flags(row.flags)
            if row.note:
                extra += f'<div class="note">{escape(row.note)}</div>'
            body.append(
                f"<tr><td>{number}</td><td>{escape(row.result.claim.text)}</td>"
                f'<td class="v {row.verdict}">{escape(row.verdict)}</td>'
                f"<td>{ref}{'<div>' + extra + '</div>' if extra else ''}</td></tr>"
            )
        body.append("</tbody></table>")
    body.append("</body></html>")
    return "\n".join(body) + "\n"
