"""Extraction recall and precision on the labelled seed articles.

    python -m bench.extraction [--labels tests/fixtures/seed_labels.jsonl] [--articles DIR] [-v]

The labels (`tests/fixtures/seed_labels.jsonl`, described in `tests/fixtures/seed_labels.md`)
hold every sentence of the five seed articles, each marked check-worthy (`checkworthy: true`,
with the `kind` of claim) or not (`not`: heading, furniture, call_to_action, question, opinion,
marketing, framing, hypothetical). litcheck extracts claims from each article
(`read_claims_file(..., extract=True)`) and a claim counts as a hit when its text equals a
labelled sentence of the same article.

- recall: check-worthy sentences kept / check-worthy sentences;
- precision: kept sentences that are check-worthy / kept sentences;
- noise: calls to action, furniture, headings and questions kept / all of them;
- kind agreement: kept check-worthy claims whose `kind` equals the label's (informative only);
- context: of the labelled references of kept claims (`context`: "they" -> "ketamine
  infusions"), those litcheck resolved: an inherited item for the same words (or for no words:
  the drug a sentence inherits without naming it) whose value shares a word with the label's
  (for `phrase: "study"`, any item inherited from a study).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from litcheck.claims.read import read_claims_file
from litcheck.claims.vocab import Vocabulary
from litcheck.models import Claim

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "seed_labels.jsonl"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
NOISE = frozenset({"call_to_action", "furniture", "heading", "question"})


@dataclass
class Scores:
    """Counts over all articles, with the misses and false keeps for reading."""

    worthy: int = 0
    kept_worthy: int = 0
    kept: int = 0
    noise: int = 0
    kept_noise: int = 0
    kind_agree: int = 0
    refs: int = 0
    refs_resolved: int = 0
    missed: list[str] = field(default_factory=list)
    false_keeps: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.kept_worthy / self.worthy if self.worthy else 0.0

    @property
    def precision(self) -> float:
        return self.kept_worthy / self.kept if self.kept else 0.0

    @property
    def noise_rate(self) -> float:
        return self.kept_noise / self.noise if self.noise else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "labelled_checkworthy": self.worthy,
            "kept": self.kept,
            "kept_checkworthy": self.kept_worthy,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "noise_kept": self.kept_noise,
            "noise_total": self.noise,
            "noise_rate": round(self.noise_rate, 3),
            "kind_agreement": round(self.kind_agree / self.kept_worthy, 3)
            if self.kept_worthy
            else 0.0,
            "context_refs": self.refs,
            "context_resolved": self.refs_resolved,
        }


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    """The labelled sentences, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _norm(text: str) -> str:
    return " ".join(text.split())


def score(labels: Iterable[dict[str, object]], extracted: dict[str, list[Claim]]) -> Scores:
    """Compare `extracted` (article file name -> claims) with `labels`."""
    out = Scores()
    by_article: dict[str, dict[str, dict[str, object]]] = {}
    for label in labels:
        by_article.setdefault(str(label["article"]), {})[_norm(str(label["text"]))] = label
    for article, labelled in by_article.items():
        claims = {_norm(c.text): c for c in extracted.get(article, [])}
        for text, label in labelled.items():
            worthy = bool(label["checkworthy"])
            kept = text in claims
            out.worthy += worthy
            out.kept += kept
            out.kept_worthy += worthy and kept
            if label.get("not") in NOISE:
                out.noise += 1
                out.kept_noise += kept
            if worthy and kept and getattr(claims[text], "kind", None) == label.get("kind"):
                out.kind_agree += 1
            if worthy and kept:
                for ref in label.get("context") or []:  # type: ignore[attr-defined]
                    out.refs += 1
                    out.refs_resolved += _resolved(claims[text], ref)
            if worthy and not kept:
                out.missed.append(f"{article}:{label['line']} {text}")
            elif kept and not worthy:
                out.false_keeps.append(f"{article}:{label['line']} [{label.get('not')}] {text}")
        # Claims that match no labelled sentence (a split the labels do not have) count as kept.
        unknown = [t for t in claims if t not in labelled]
        out.kept += len(unknown)
        out.false_keeps += [f"{article}:? [unlabelled] {t}" for t in unknown]
    return out


def _words(text: str) -> set[str]:
    return {w[:5] for w in text.lower().replace("'s", "").split() if len(w) > 2}


def _resolved(claim: Claim, ref: dict[str, str]) -> bool:
    """Whether `claim`'s context resolves the labelled reference `ref` (see module docstring)."""
    items = claim.context.inherited if claim.context else ()
    if ref["phrase"] == "study":
        return any("study" in i.why for i in items)
    wanted = _words(ref["refers_to"])
    return any(
        i.what.lower() in (ref["phrase"].lower(), "") and _words(i.value) & wanted for i in items
    )


def extract_all(
    articles: Path = ARTICLES, vocab: Vocabulary | None = None
) -> dict[str, list[Claim]]:
    """Claims extracted from every `*.txt` article in `articles`, by file name."""
    vocab = vocab or Vocabulary.load()
    return {
        path.name: read_claims_file(path, vocab, extract=True)
        for path in sorted(articles.glob("*.txt"))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false keeps")
    args = parser.parse_args(argv)
    scores = score(load_labels(args.labels), extract_all(args.articles))
    print(json.dumps(scores.as_dict(), indent=2))
    if args.verbose:
        print("\nmissed:", *scores.missed, sep="\n  ")
        print("\nkept but not check-worthy:", *scores.false_keeps, sep="\n  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
