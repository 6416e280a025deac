"""report.html: one self-contained page an editor can act on (inline CSS, a little inline JS).

The page names its source, then lists each reviewed claim in order: where it is (file:line),
the claim as checked (and as written when that differs), the verdict, who decided and when, the
note; for a confirmed claim the full citation with PubMed and DOI links, the evidence sentence
with the claim's words marked, the confidence and each flag with its one-line explanation.
Claims nobody reviewed are listed apart, then the confirmed references. Filters by verdict and
flag are a small inline script; without scripts the filters stay hidden and every claim shows.
`@media print` drops the filters and prints link targets.

Safety: every piece of outside text is HTML-escaped (`html.escape`, quotes too); marks are
added around escaped pieces only; links are `https://` URLs that pass `inert.safe_url`. A
Content-Security-Policy allows no network at all and only this page's own script (by hash).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape

from litcheck.report.html_parts import (
    CSS,
    SCRIPT,
    claim_article,
    esc,
    reference_item,
    unreviewed_item,
)
from litcheck.report.rows import FLAG_MEANING, ReportRow, confirmed_records
from litcheck.report.tables import summary_line


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; img-src data:; form-action 'none'; base-uri 'none'"
    )


def _options(values: Sequence[str]) -> str:
    return "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)


def _filters(rows: Sequence[ReportRow]) -> str:
    verdicts = list(dict.fromkeys(r.verdict for r in rows))
    flags = sorted({f for r in rows for f in r.flags})
    return (
        '<nav id="filters" class="filters" hidden aria-label="Filters">'
        '<label>Verdict <select id="f-verdict"><option value="">all</option>'
        f"{_options(verdicts)}</select></label> "
        '<label>Flag <select id="f-flag"><option value="">any</option>'
        f'<option value="-">none</option>{_options(flags)}</select></label> '
        '<span id="f-count" aria-live="polite"></span></nav>'
    )


def _legend(rows: Sequence[ReportRow]) -> str:
    used = sorted({f for r in rows for f in r.flags})
    if not used:
        return ""
    items = "".join(f"<dt>{esc(f)}</dt><dd>{esc(FLAG_MEANING.get(f, ''))}</dd>" for f in used)
    return (
        f'<section id="flags"><h2>What the flags mean</h2><dl class="legend">{items}</dl></section>'
    )


def to_html(
    rows: Sequence[ReportRow],
    *,
    total: int,
    title: str = "litcheck review",
    source: str = "",
) -> str:
    """The report as one HTML document. `rows` may include unreviewed claims (listed apart);
    `total` is the number of claims checked; `source` names the article or claims file."""
    reviewed = [r for r in rows if r.verdict != "unreviewed"]
    unreviewed = [r for r in rows if r.verdict == "unreviewed"]
    heading = f"{title}: {source}" if source else title
    body: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(_csp(), quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{esc(title)}</h1>",
        f'<p class="source">Source: <strong>{esc(source or "(not named)")}</strong></p>',
        f'<p class="summary">{esc(summary_line(reviewed, total))}</p></header>',
        _filters(reviewed),
        '<main><section id="reviewed"><h2>Reviewed claims</h2>',
    ]
    if reviewed:
        body += [claim_article(n, row) for n, row in enumerate(reviewed, start=1)]
    else:
        body.append("<p>No claim has a verdict yet.</p>")
    body.append("</section>")
    if unreviewed:
        body.append(
            f'<section id="unreviewed"><h2>Not reviewed ({len(unreviewed)})</h2><ol>'
            + "".join(unreviewed_item(row) for row in unreviewed)
            + "</ol></section>"
        )
    confirmed = confirmed_records(reviewed)
    if confirmed:
        body.append(
            '<section id="references"><h2>Confirmed references</h2><ol>'
            + "".join(reference_item(record) for record in confirmed)
            + "</ol></section>"
        )
    body += [_legend(reviewed), "</main>", f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(part for part in body if part) + "\n"
