"""Benchmark claim sets from SciFact's training claims, and honest variants for larger sets.

SciFact has 809 training claims. Sets larger than that use *variants*: a base claim behind a
neutral reporting frame ("Researchers found that ..."). A variant is a different text, so a
different claim id and a separate result line, but it names the same things, so litcheck plans
the same searches: with a warm cache it exercises parsing, planning, cache reads, scoring and
output at scale, not extra searches. The frames avoid words litcheck reads as facets (trial,
review, new, mice, years); a warm run reports any request it still sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import SHARED
from litcheck.models import claim_id

FRAMES = (
    "{}",
    "Researchers found that {}",
    "It has been reported that {}",
    "Published work shows that {}",
    "Scientists report that {}",
    "It has been shown that {}",
    "Evidence suggests that {}",
    "A paper reported that {}",
    "Investigators concluded that {}",
    "Authors have argued that {}",
    "It is often said that {}",
    "Experts state that {}",
    "The literature indicates that {}",
)
"""13 frames x 809 claims = 10,517 distinct texts: enough for the 10,000-claim memory run."""


@dataclass(frozen=True)
class BenchClaim:
    text: str
    scifact_id: int
    cited: tuple[str, ...]
    """SciFact doc_ids the claim was written from (the papers we hope to rank in the top 3)."""
    frame: int = 0

    @property
    def id(self) -> str:
        return claim_id(self.text)


def load_scifact(path: Path | None = None) -> list[BenchClaim]:
    """SciFact's training claims, in file order."""
    path = path or SHARED / "benchmarks" / "scifact" / "claims_train.jsonl"
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                cited = tuple(str(d) for d in obj.get("cited_doc_ids", []))
                out.append(BenchClaim(obj["claim"].strip(), int(obj["id"]), cited))
    return out


def _framed(text: str, frame: str) -> str:
    if frame == "{}":
        return text
    first = text.split(" ", 1)[0]
    # Lower-case the first word unless it is an acronym or a symbol ("TNF-alpha", "p53").
    if first[:1].isupper() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        text = text[0].lower() + text[1:]
    return frame.format(text)


def claim_set(n: int, base: list[BenchClaim] | None = None) -> list[BenchClaim]:
    """`n` claims with distinct ids: the base claims first, then framed variants, frame by frame."""
    base = base if base is not None else load_scifact()
    out: list[BenchClaim] = []
    seen: set[str] = set()
    for index, frame in enumerate(FRAMES):
        for c in base:
            variant = BenchClaim(_framed(c.text, frame), c.scifact_id, c.cited, index)
            if variant.id not in seen:
                seen.add(variant.id)
                out.append(variant)
                if len(out) == n:
                    return out
    raise ValueError(f"only {len(out)} distinct claims can be made; asked for {n}")


def write_claims(claims: list[BenchClaim], path: Path) -> Path:
    """One claim per line (litcheck's plain claims-file format)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(c.text.replace("\n", " ") + "\n" for c in claims), encoding="utf-8")
    return path
