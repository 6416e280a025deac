"""Build litcheck/data/stem_df.json: document frequencies of word stems in biomedical abstracts.

The scorer weighs the words a claim shares with a record by how rare they are in biomedical
writing (an IDF), not only within the claim's small candidate pool. The table is computed from
the abstracts at hand: SciFact's corpus (5,183) and PubMedQA's (1,000); stems in fewer than 2
documents are left out (rare words fall back to the maximum weight).

    python -m bench.build_idf
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bench.corpus import SHARED
from litcheck.claims.text import content_stems

BENCHMARKS = SHARED / "benchmarks"
OUT = Path(__file__).resolve().parents[1] / "litcheck" / "data" / "stem_df.json"


def documents() -> list[str]:
    docs = []
    with (BENCHMARKS / "scifact" / "corpus.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append(d["title"] + " " + " ".join(d["abstract"]))
    pqa = json.loads((BENCHMARKS / "pubmedqa" / "ori_pqal.json").read_text(encoding="utf-8"))
    docs.extend(
        item["QUESTION"] + " " + " ".join(item["CONTEXTS"]) + " " + item["LONG_ANSWER"]
        for item in pqa.values()
    )
    return docs


def main() -> None:
    docs = documents()
    df: Counter[str] = Counter()
    for text in docs:
        df.update(set(content_stems(text)))
    table = {s: n for s, n in sorted(df.items()) if n >= 2}
    OUT.write_text(
        json.dumps({"documents": len(docs), "df": table}, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"{len(table)} stems from {len(docs)} abstracts -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
