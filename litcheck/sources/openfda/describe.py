"""Short readable phrases about an openFDA record, for reasons and flag lines.

"SPRAVATO (esketamine)", "for treatment-resistant depression", "as a general anesthetic".
"""

from __future__ import annotations

import re

from litcheck.models import FdaFacts, Record
from litcheck.sources.openfda.names import display_ingredient

_NEGATED = re.compile(
    r"\b(not (?:approved|indicated|recommended)|not been established|limitations? of use)\b", re.I
)
_IS_A = re.compile(r"\bis an? ([a-z][a-z\s-]{2,40}?)\s+(?:\([^)]*\)\s+)?indicated\b", re.I)
_TREATMENT_OF = re.compile(r"\b(?:for|in) the (?:treatment|management) of ([^.;:(]{3,80})", re.I)
_INDICATED_FOR = re.compile(r"\bindicated[,]?\s+(?:[^.]*?,\s+)?(for|as)\s+([^.;:(]{3,80})", re.I)
_SENTENCE = re.compile(r"(?<=[.;])\s+|\s+(?=•)")


def brand(record: Record) -> str:
    """Title-cased brand of the first product ("Spravato"), or the application number."""
    facts = record.fda
    if facts and facts.products and facts.products[0].brand_name:
        return facts.products[0].brand_name.title()
    return record.native_id


def ingredients(facts: FdaFacts) -> tuple[str, ...]:
    """Base names of every active ingredient, in first-seen order ("esketamine")."""
    seen: dict[str, None] = {}
    for product in facts.products:
        for name in product.active_ingredients:
            seen.setdefault(display_ingredient(name), None)
    return tuple(seen)


def product_label(record: Record) -> str:
    """ "Spravato (esketamine)"."""
    facts = record.fda
    names = ", ".join(ingredients(facts)) if facts else ""
    return f"{brand(record)} ({names})" if names else brand(record)


def positive_indications(facts: FdaFacts) -> list[str]:
    """Indication sentences, without "not approved for ..." / "Limitations of Use" ones."""
    out: list[str] = []
    for text in facts.indications:
        out.extend(s for s in _SENTENCE.split(text) if s.strip() and not _NEGATED.search(s))
    return out


def _trim(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" ,•-")
    phrase = re.sub(r"\s+in (?:adults?|adult patients|patients)\s*$", "", phrase)
    return phrase if len(phrase) <= 70 else phrase[:67].rstrip() + "..."


def use_phrase(facts: FdaFacts) -> str | None:
    """What the product is approved for, in a few words, or None when no label says so.

    "for treatment-resistant depression", "as a general anesthetic"; falls back to the
    pharmacologic class ("as General Anesthetic (pharmacologic class)").
    """
    text = " ".join(positive_indications(facts))
    if text:
        match = _TREATMENT_OF.search(text)
        if match:
            return f"for {_trim(match.group(1))}"
        match = _IS_A.search(text)
        if match:
            article = "an" if match.group(1)[0].lower() in "aeiou" else "a"
            return f"as {article} {_trim(match.group(1))}"
        match = _INDICATED_FOR.search(text)
        if match:
            return f"{match.group(1).lower()} {_trim(match.group(2))}"
        return f"for {_trim(text)}"
    if facts.pharm_class_epc:
        epc = facts.pharm_class_epc[0].replace("[EPC]", "").strip()
        return f"as {epc} (pharmacologic class)"
    return None
