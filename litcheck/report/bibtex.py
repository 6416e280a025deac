"""BibTeX for the confirmed references (PubMed records as @article, FDA approvals as @misc).

Values are brace-delimited and LaTeX-escaped; titles keep their capitals with an extra pair of
braces. The output is UTF-8 (biber and BibTeX 0.99d with inputenc read it; Zotero, JabRef and
bibtexparser do too). Citation keys are `familyYEARfirstword`, made unique with a, b, c.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from litcheck.formats.inert import plain_text, safe_url
from litcheck.models import Record
from litcheck.report.rows import author_name, page_range

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_KEYWORD = re.compile(r"[A-Za-z0-9]+")
_TITLE_STOP = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "with"}


def latex_escape(text: str) -> str:
    """Escape BibTeX/LaTeX specials in `inert.plain_text(text)` (PubMed titles carry <i>, <sup>)."""
    return "".join(_LATEX.get(ch, ch) for ch in plain_text(text))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def citation_key(record: Record) -> str:
    """`krystal2023ketamine`; FDA records `fdaNDA209637`. Not yet unique (see `to_bibtex`)."""
    if record.fda is not None:
        return "fda" + "".join(_KEYWORD.findall(_ascii(record.fda.application_number)))
    family = ""
    if record.authors:
        first = record.authors[0]
        family = first.last_name or first.collective or ""
    words = [w.lower() for w in _KEYWORD.findall(_ascii(plain_text(record.title)))]
    word = next((w for w in words if w not in _TITLE_STOP), "")
    family_key = "".join(_KEYWORD.findall(_ascii(family))).lower() or "anon"
    return f"{family_key}{record.year or ''}{word}"


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}},"


def entry(record: Record, key: str) -> str:
    """One BibTeX entry for `record` under `key`."""
    lines: list[str] = []
    if record.fda is not None:
        fda = record.fda
        lines.append(f"@misc{{{key},")
        lines.append(_field("author", "{U.S. Food and Drug Administration}"))
        lines.append(
            _field("title", "{" + latex_escape(record.title or fda.application_number) + "}")
        )
        lines.append(
            _field("howpublished", f"Drugs@FDA, application {latex_escape(fda.application_number)}")
        )
        if record.year:
            lines.append(_field("year", str(record.year)))
        details = [f"Application {fda.application_number}"]
        if fda.sponsor:
            details.append(f"sponsor {fda.sponsor}")
        if fda.original_approval:
            details.append(f"approved {fda.original_approval}")
        lines.append(_field("note", latex_escape("; ".join(details))))
    else:
        lines.append(f"@article{{{key},")
        if record.authors:
            names = " and ".join(latex_escape(author_name(a)) for a in record.authors)
            lines.append(_field("author", names))
        lines.append(_field("title", "{" + latex_escape(record.title.rstrip(".")) + "}"))
        if record.journal:
            lines.append(_field("journal", latex_escape(record.journal)))
        if record.year:
            lines.append(_field("year", str(record.year)))
        if record.volume:
            lines.append(_field("volume", latex_escape(record.volume)))
        if record.issue:
            lines.append(_field("number", latex_escape(record.issue)))
        first, last = page_range(record.pages)
        if first:
            lines.append(_field("pages", latex_escape(first + (f"--{last}" if last else ""))))
        if record.doi:
            lines.append(_field("doi", latex_escape(record.doi)))
        if record.pmid:
            lines.append(_field("pmid", latex_escape(record.pmid)))
        if record.pmcid:
            lines.append(_field("pmcid", latex_escape(record.pmcid)))
    url = safe_url(record.url)
    if url:
        lines.append(_field("url", url))
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines)


def to_bibtex(records: Iterable[Record]) -> str:
    """A .bib file for `records`, with unique keys (a second `smith2020x` becomes `smith2020xb`)."""
    used: set[str] = set()
    entries: list[str] = []
    for record in records:
        base = citation_key(record)
        key, suffix = base, 0
        while key in used:
            suffix += 1
            key = base + "abcdefghijklmnopqrstuvwxyz"[suffix % 26]
            if suffix >= 26:
                key = f"{base}{suffix}"
        used.add(key)
        entries.append(entry(record, key))
    return "\n\n".join(entries) + ("\n" if entries else "")
