"""Build litcheck's bundled sample index from PubMedQA's 1,000 expert-labelled PubMed records.

    python bench/build_sample.py [--src /work/shared/benchmarks/pubmedqa/ori_pqal.json] [--no-embed]

With the semantic extra installed it also stores each record's all-MiniLM-L6-v2 vector (about
0.8 MB), so `--sources sample --semantic` finds records by meaning as well as by words.

Writes litcheck/data/pubmedqa-sample.sqlite (reachable as `--sources sample`). How each record
is made from PubMedQA's fields is described in litcheck/data/ATTRIBUTION.md: keep both in step.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from pathlib import Path

from litcheck.corpus.build import build_index

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = Path("/work/shared/benchmarks/pubmedqa/ori_pqal.json")
OUT = ROOT / "litcheck" / "data" / "pubmedqa-sample.sqlite"


def pubmedqa_to_jsonl(items: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """One litcheck JSONL object per PubMedQA item (PMID order, so the build is reproducible)."""
    out = []
    for pmid in sorted(items, key=int):
        item = items[pmid]
        contexts = list(item.get("CONTEXTS") or [])  # type: ignore[call-overload]
        labels = list(item.get("LABELS") or [])  # type: ignore[call-overload]
        sections = [
            {"label": labels[i] if i < len(labels) else None, "text": text}
            for i, text in enumerate(contexts)
        ]
        if item.get("LONG_ANSWER"):
            sections.append({"label": "CONCLUSIONS", "text": item["LONG_ANSWER"]})
        out.append(
            {
                "pmid": pmid,
                # PubMedQA's QUESTION is the article title rephrased as a question; the real
                # title is not in the data set. Said so in ATTRIBUTION.md.
                "title": item["QUESTION"],
                "abstract": sections,
                "year": item.get("YEAR"),
                "mesh": item.get("MESHES") or [],
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-embed", action="store_true", help="leave out the vectors")
    args = parser.parse_args()
    items = json.loads(args.src.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "pubmedqa.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for obj in pubmedqa_to_jsonl(items):
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        args.out.unlink(missing_ok=True)
        summary = build_index([jsonl], args.out, engine="fts5")  # one file, shipped as package data
    conn = sqlite3.connect(args.out, isolation_level=None)
    if not args.no_embed:
        from litcheck import semantic
        from litcheck.corpus.vectors import embed_index

        if semantic.available():
            encoder = semantic.Encoder()
            done, _ = embed_index(conn, encoder.encode_uncached, encoder.model_name)
            print(f"{done} records embedded with {encoder.model_name}")
        else:
            print("the semantic extra is not installed: no vectors (pass --no-embed to silence)")
    conn.execute("DELETE FROM files")  # temporary paths mean nothing on another machine
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('origin', 'PubMedQA PQA-L ori_pqal.json')")
    conn.execute("VACUUM")
    conn.close()
    size = args.out.stat().st_size
    print(f"{summary.total} records -> {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
