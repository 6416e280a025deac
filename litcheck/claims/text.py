"""Text helpers shared by the scorer: tokens, light stemming, sentence splitting. Pure.

The tokenizer is deliberately simple and fast (regex + a suffix stripper): the scorer runs on
every candidate of every claim, and the same normalisation must apply to claim and record.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-']*[a-z0-9]|[a-z0-9]")

STOPWORDS = frozenset(
    """
    a about above after again against all almost also although am among an and any are as at
    be because been before being below between both but by can could did do does doing done
    down during each either enough even ever every few for from further had has have having he
    her here hers him his how however i if in into is it its itself just least less many may
    me might more most much must my neither no nor not now of off often on once one only or
    other our out over own per perhaps rather same several she should since so some such than
    that the their them then there these they this those though through thus to too under
    until up upon us very via was we were what when where whether which while who whom whose
    why will with within without would yet you your
    shown show shows showed found find finds study studies studied research researchers
    report reported reports suggest suggests suggested evidence new recent recently according
    published patients people individuals use used using effect effects associated
    increase increased increases decrease decreased reduce reduced reduces
    """.split()
)
"""Function words plus claim boilerplate that every biomedical abstract contains."""


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English suffix stripper (plural/-ing/-ed/-ly/-ation); keeps short words as is."""
    w = word
    if len(w) <= 3:
        return w
    for suffix, repl in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("nesses", "ness"),
        ("ities", "ity"),
        ("ically", "ic"),
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and (w.endswith(("ss", "us", "is"))):
                return w
            return w[: len(w) - len(suffix)] + repl
    return w


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (hyphenated words kept whole and also split)."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        out.append(tok)
        if "-" in tok:
            out.extend(p for p in tok.split("-") if p)
    return out


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order, stopwords removed, duplicates kept."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and not t.isdigit()]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|et al|vs|Dr|Fig|approx|ca|no|Ref)\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split an abstract into sentences; keeps abbreviations ("et al.", "e.g.") intact."""
    parts = _SENTENCE_END.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [s.strip() for s in out if s.strip()]
