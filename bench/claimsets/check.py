"""Validate the hand-written claim sets in bench/claimsets/ (stdlib only).

Checks every line of article_style.jsonl and scifact_vague.jsonl: the schema, unique ids,
that every cited doc id exists in the corpus named by `corpus`, and that no claim (nor its
context) copies a 6-word sequence verbatim from the abstract of a record it cites.

    python bench/claimsets/check.py          # exit 1 and list problems if any
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Where the benchmarks are: the same rule as bench/corpus.py (LITCHECK_SHARED_DIR, else the
# checkout's sibling folder); this script stays stdlib-only, so it does not import it.
SHARED = Path(os.environ.get("LITCHECK_SHARED_DIR", HERE.parents[2] / "shared"))
SCIFACT = SHARED / "benchmarks" / "scifact"
PUBMEDQA = SHARED / "benchmarks" / "pubmedqa" / "ori_pqal.json"

STYLES = {
    "hedged",
    "lay-terms",
    "pronoun",
    "study-frame",
    "statistic",
    "overstated",
    "generalised-from-animals",
    "institution",
    "year",
    "mechanism",
}
KINDS = {
    "efficacy",
    "mechanism",
    "statistic",
    "study",
    "safety",
    "epidemiology",
    "history",
    "comparison",
    "dosing",
    "regulation",
}
FILES = {"article_style.jsonl": False, "scifact_vague.jsonl": True}  # name -> needs source_claim_id
NGRAM = 6


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def load_corpora() -> dict[str, dict[str, str]]:
    scifact = {}
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            scifact[str(r["doc_id"])] = r["title"] + " " + " ".join(r["abstract"])
    pq = json.loads(PUBMEDQA.read_text(encoding="utf-8"))
    pubmedqa = {
        pmid: r["QUESTION"] + " " + " ".join(r["CONTEXTS"]) + " " + r.get("LONG_ANSWER", "")
        for pmid, r in pq.items()
    }
    return {"scifact": scifact, "pubmedqa": pubmedqa}


def check_line(obj: dict, needs_source: bool, corpora, train_ids: set[int]) -> list[str]:
    errs = []
    keys = {"id", "claim", "context", "corpus", "cited_doc_ids", "style", "kind"}
    if needs_source:
        keys.add("source_claim_id")
    if set(obj) != keys:
        errs.append(f"keys {sorted(set(obj) ^ keys)} missing or extra")
        return errs
    if not isinstance(obj["id"], str) or not obj["id"]:
        errs.append("id must be a non-empty string")
    if not isinstance(obj["claim"], str) or len(obj["claim"].split()) < 4:
        errs.append("claim must be a string of at least 4 words")
    if obj["context"] is not None and (
        not isinstance(obj["context"], str) or not obj["context"].strip()
    ):
        errs.append("context must be null or a non-empty string")
    if obj["corpus"] not in corpora:
        errs.append(f"unknown corpus {obj['corpus']!r}")
        return errs
    cited = obj["cited_doc_ids"]
    if not isinstance(cited, list) or not cited or not all(isinstance(d, str) for d in cited):
        errs.append("cited_doc_ids must be a non-empty list of strings")
        return errs
    style = obj["style"]
    if (
        not isinstance(style, list)
        or not style
        or not set(style) <= STYLES
        or len(set(style)) != len(style)
    ):
        errs.append(f"bad style {style!r}")
    if obj["kind"] not in KINDS:
        errs.append(f"bad kind {obj['kind']!r}")
    if "pronoun" in (style or []) and obj["context"] is None:
        errs.append("pronoun style needs a context")
    if needs_source:
        if not isinstance(obj["source_claim_id"], int) or obj["source_claim_id"] not in train_ids:
            errs.append(f"source_claim_id {obj['source_claim_id']!r} not a SciFact training claim")
        if obj["corpus"] != "scifact":
            errs.append("scifact_vague lines must use corpus scifact")
    corpus = corpora[obj["corpus"]]
    text_grams = ngrams(obj["claim"]) | (ngrams(obj["context"]) if obj["context"] else set())
    for d in cited:
        if d not in corpus:
            errs.append(f"cited doc {d} not in {obj['corpus']}")
            continue
        copied = text_grams & ngrams(corpus[d])
        if copied:
            errs.append(f"copies from {d}: {' '.join(sorted(copied)[0])!r}")
    return errs


def groups() -> dict[str, list[str]]:
    """Reference groups for fitting splits: claims that share a cited record (directly or through
    a chain of claims) form one group, across both files. Returns group key -> claim ids."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    claims = []
    for name in FILES:
        path = HERE / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                docs = [f"{obj['corpus']}:{d}" for d in obj["cited_doc_ids"]]
                claims.append((obj["id"], docs))
                for d in docs[1:]:
                    parent[find(d)] = find(docs[0])
    out: dict[str, list[str]] = {}
    for cid, docs in claims:
        out.setdefault(find(docs[0]), []).append(cid)
    return out


def main() -> int:
    corpora = load_corpora()
    with open(SCIFACT / "claims_train.jsonl", encoding="utf-8") as f:
        train_ids = {json.loads(line)["id"] for line in f}
    problems = 0
    ids: Counter[str] = Counter()
    for name, needs_source in FILES.items():
        path = HERE / name
        if not path.exists():
            print(f"{name}: missing")
            problems += 1
            continue
        n = 0
        styles: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        corp: Counter[str] = Counter()
        uses: Counter[str] = Counter()
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{name}:{lineno}: not JSON: {e}")
                problems += 1
                continue
            n += 1
            ids[obj.get("id")] += 1
            for e in check_line(obj, needs_source, corpora, train_ids):
                print(f"{name}:{lineno} ({obj.get('id')}): {e}")
                problems += 1
            styles.update(obj.get("style") or [])
            kinds[obj.get("kind")] += 1
            corp[obj.get("corpus")] += 1
            if not needs_source:
                uses.update(f"{obj.get('corpus')}:{d}" for d in obj.get("cited_doc_ids") or [])
        if not needs_source:
            for doc, k in uses.items():
                if k > 2:
                    print(f"{name}: record {doc} used by {k} claims (at most 2)")
                    problems += 1
        print(f"{name}: {n} claims; corpus {dict(corp)}")
        print(f"  style {dict(styles.most_common())}")
        print(f"  kind  {dict(kinds.most_common())}")
    print(f"reference groups (claims sharing a cited record, across both files): {len(groups())}")
    for i, k in ids.items():
        if k > 1:
            print(f"duplicate id {i!r} ({k} times)")
            problems += 1
    print("OK" if not problems else f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
