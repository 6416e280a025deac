"""The pieces of report.html: one claim, one unreviewed claim, one reference, CSS and script.

Every function escapes the outside text it is given (`html.escape`, quotes too) and returns
markup; nothing here builds markup from unescaped record, claim or note text.
"""

from __future__ import annotations

from html import escape

from litcheck.formats.inert import safe_url, terminal_text
from litcheck.models import Candidate, Record
from litcheck.report.rows import ReportRow, citation, flag_reasons
from litcheck.review.view import SEVERE_FLAGS, claim_terms, terms_pattern

CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1f2328;background:#fff}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
.source,.summary{margin:.2rem 0}
.filters{position:sticky;top:0;background:#f6f8fa;border:1px solid #d0d7de;padding:.4rem .6rem;
border-radius:6px;margin:1rem 0}.filters label{margin-right:1rem}
article.claim{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:1rem 0;
break-inside:avoid}
article h3{margin:0 0 .3rem;font-size:1rem;display:flex;gap:.6rem;flex-wrap:wrap;
align-items:baseline}
.num{color:#656d76}.where{font-family:ui-monospace,monospace;color:#656d76}
.checked{font-size:1.05rem;font-weight:600;margin:.2rem 0}.written{color:#656d76;margin:.2rem 0}
.verdict{font-weight:700;text-transform:uppercase;font-size:.85rem;padding:0 .4rem;
border-radius:4px}
.verdict.confirmed{background:#dafbe1;color:#1a7f37}.verdict.rejected{background:#ffebe9;
color:#cf222e}.verdict.unsure{background:#fff8c5;color:#9a6700}
.verdict.note{background:#eaeef2;color:#57606a}
dl.fields{display:grid;grid-template-columns:8rem 1fr;gap:.2rem .8rem;margin:.4rem 0}
dl.fields dt{color:#656d76}dl.fields dd{margin:0}
blockquote{margin:0;padding-left:.6rem;border-left:3px solid #d0d7de}
mark{background:#fff8c5;padding:0 .1rem}
.flags{list-style:none;padding:0;margin:0}.flag{margin:.1rem 0}
.flag b{background:#fff8c5;border-radius:3px;padding:0 .3rem}
.flag.severe b{background:#ffebe9;color:#cf222e}
.links a{margin-right:.8rem}.note{font-style:italic}
dl.legend dt{font-weight:600}dl.legend dd{margin:0 0 .4rem 1rem}
@media print{body{max-width:none;margin:0;font-size:11pt}.filters{display:none}
article.claim{border:0;border-top:1px solid #999;border-radius:0;padding:.4rem 0}
a{color:inherit}
a[href]::after{content:" <" attr(href) ">";font-size:.85em;color:#555}}
""".strip()

SCRIPT = """
(function(){
var nav=document.getElementById('filters');if(!nav){return;}
var verdict=document.getElementById('f-verdict'),flag=document.getElementById('f-flag');
var count=document.getElementById('f-count');
var items=document.querySelectorAll('article.claim');
function apply(){var shown=0;
for(var i=0;i<items.length;i++){var a=items[i];var flags=(a.getAttribute('data-flags')||'');
var list=flags?flags.split(' '):[];
var okV=!verdict.value||a.getAttribute('data-verdict')===verdict.value;
var okF=!flag.value||(flag.value==='-'?list.length===0:list.indexOf(flag.value)>=0);
a.hidden=!(okV&&okF);if(!a.hidden){shown++;}}
count.textContent=shown+' of '+items.length+' shown';}
verdict.addEventListener('change',apply);flag.addEventListener('change',apply);
nav.hidden=false;apply();
})();
""".strip()


def esc(text: object) -> str:
    """Outside text for HTML: escape sequences and controls removed, then escaped (quotes too)."""
    return escape(terminal_text(text))


def https_url(url: str | None) -> str | None:
    """`url` when it is a safe `https://` URL (`inert.safe_url`), else None."""
    safe = safe_url(url)
    return safe if safe and safe.startswith("https://") else None


def record_links(record: Record) -> list[tuple[str, str]]:
    """(label, URL) pairs to read `record`: PubMed by PMID, the DOI, else its own URL."""
    links: list[tuple[str, str]] = []
    if record.pmid and record.pmid.isascii() and record.pmid.isdigit():
        links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"))
    doi = https_url(f"https://doi.org/{record.doi}") if record.doi else None
    if doi:
        links.append(("DOI", doi))
    own = https_url(record.url)
    if own and own not in {url for _, url in links}:
        links.append(("Drugs@FDA" if record.fda else "Link", own))
    return links


def _links(record: Record) -> str:
    links = record_links(record)
    if not links:
        return ""
    anchors = " ".join(
        f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(label)}</a>' for label, url in links
    )
    return f' <span class="links">{anchors}</span>'


def marked(text: str, terms: list[str]) -> str:
    """`text` HTML-escaped, with each occurrence of the claim's `terms` in `<mark>`."""
    text = terminal_text(text)
    pattern = terms_pattern(terms)
    if pattern is None:
        return esc(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(esc(text[last : match.start()]))
        out.append(f"<mark>{esc(match.group(0))}</mark>")
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _field(name: str, value_html: str) -> str:
    return f"<dt>{esc(name)}</dt><dd>{value_html}</dd>"


def _decided(row: ReportRow) -> str:
    who = esc(row.reviewer or "unknown reviewer")
    when = row.decided_at.replace("T", " ").replace("Z", " UTC")
    return who + (f', <time datetime="{esc(row.decided_at)}">{esc(when)}</time>' if when else "")


def _candidate_fields(row: ReportRow, candidate: Candidate, label: str) -> list[str]:
    """Citation with links, evidence (claim words marked), confidence and explained flags."""
    record = candidate.record
    fields = [_field(label, f"<cite>{esc(citation(record))}</cite>{_links(record)}")]
    if candidate.evidence and candidate.evidence.text:
        part, _, section = candidate.evidence.field.partition(":")
        where = esc(f"{part} ({section.lower()})" if section else part)
        quote = marked(candidate.evidence.text, claim_terms(row.result))
        fields.append(
            _field("Evidence", f"<blockquote>{quote}</blockquote><small>from the {where}</small>")
        )
    value = f"{candidate.confidence:.2f}"
    fields.append(_field("Confidence", f'<meter min="0" max="1" value="{value}"></meter> {value}'))
    if candidate.flags:
        items = "".join(
            f'<li class="flag{" severe" if f in SEVERE_FLAGS else ""}"><b>{esc(f)}</b> '
            f"{esc(why)}</li>"
            for f, why in flag_reasons(candidate)
        )
        fields.append(_field("Flags", f'<ul class="flags">{items}</ul>'))
    return fields


def _reference_fields(row: ReportRow) -> list[str]:
    """The confirmed reference; for an unsure claim, its best candidate (marked unconfirmed)."""
    if row.reference is not None:
        return _candidate_fields(row, row.reference, "Reference")
    if row.reference_id:
        return [_field("Reference", esc(row.reference_id) + " (not in these results)")]
    if row.verdict == "unsure" and row.result.candidates:
        return _candidate_fields(row, row.result.candidates[0], "Best candidate (not confirmed)")
    return []


def claim_article(number: int, row: ReportRow) -> str:
    """One reviewed claim as an `<article>` with data-verdict and data-flags for the filters."""
    verdict = esc(row.verdict)
    flags = esc(" ".join(row.flags))
    head = (
        f'<h3><span class="num">{number}.</span>'
        f'<span class="where">{esc(row.origin or "command line")}</span>'
        f'<span class="verdict {verdict}">{verdict}</span></h3>'
    )
    parts = [
        f'<article class="claim" id="claim-{number}" data-verdict="{verdict}" '
        f'data-flags="{flags}">',
        head,
        f'<p class="checked">{esc(row.checked)}</p>',
    ]
    if row.written:
        parts.append(f'<p class="written">As written: {esc(row.written)}</p>')
    fields = [_field("Decided by", _decided(row))]
    if row.note:
        fields.append(_field("Note", f'<span class="note">{esc(row.note)}</span>'))
    fields += _reference_fields(row)
    parts += [f'<dl class="fields">{"".join(fields)}</dl>', "</article>"]
    return "".join(parts)


def unreviewed_item(row: ReportRow) -> str:
    """One claim without a verdict: where, the claim, its status and best candidate."""
    result = row.result
    best = max((c.confidence for c in result.candidates), default=None)
    status = result.status.value + (f", best candidate {best:.2f}" if best is not None else "")
    return (
        f'<li><span class="where">{esc(row.origin or "command line")}</span> '
        f"{esc(row.checked)} <small>({esc(status)})</small></li>"
    )


def reference_item(record: Record) -> str:
    """One confirmed reference for the list at the end."""
    return f"<li><cite>{esc(citation(record))}</cite>{_links(record)}</li>"
