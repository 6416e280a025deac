"""Scale benchmark for the local index: build speed, peak memory, size, query latency.

    python bench/corpus_scale.py --records 100000 [--work /tmp/litcheck-scale]

1. writes a synthetic baseline-format file (bench/make_baseline.py) unless it exists;
2. runs `build_index` in a fresh process and reads its peak RSS (parent and worker processes,
   `resource.getrusage`);
3. times planner-like PubMed queries (search + fetch of the top 20) against the result.

Prints one JSON object; the README's scale section is computed from it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_BUILD = """
import json, resource, sys
from pathlib import Path
from litcheck.corpus.build import build_index
s = build_index([Path(sys.argv[1])], Path(sys.argv[2]))
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"added": s.added, "seconds": s.seconds, "records_per_second": s.records_per_second,
                  "peak_rss_mb_parent": me / 1024, "peak_rss_mb_largest_child": kids / 1024}))
"""

QUERIES = [
    "ketamine[tiab] AND depress*[tiab]",
    '("breast cancer"[tiab] OR Neoplasms[mh]) AND "2015:2020"[dp]',
    "Humans[mh] AND review[pt] AND english[la]",
    "urine[tiab] AND microscopy[tiab] AND bacteria[tiab]",
    '"public health"[tiab] AND pandemic*[tiab]',
    "covid-19[tiab] AND vaccine*[tiab] AND Humans[mh]",
    "Mice[mh] AND (neuron*[tiab] OR brain[tiab]) NOT review[pt]",
    'spondylectomy[tiab] OR "giant cell tumor"[tiab]',
    "cancer",
    "Humans[mh]",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/litcheck-scale"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    src = args.work / f"synthetic_{args.records}.xml.gz"
    if not src.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_baseline.py"), str(args.records), str(src)],
            check=True,
        )
    out = args.work / f"index_{args.records}"
    for old in out.glob("*"):
        old.unlink()
    built = subprocess.run(
        [sys.executable, "-c", _BUILD, str(src), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(built.stdout.strip().splitlines()[-1])

    from litcheck.sources.local.index import LocalIndex

    index = LocalIndex.open(out)
    latencies: dict[str, float] = {}
    all_ms: list[float] = []
    for term in QUERIES:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            _, pmids, _ = index.search(term, limit=20)
            index.records(pmids)
            times.append((time.perf_counter() - started) * 1000)
        latencies[term] = round(statistics.median(times), 2)
        all_ms.extend(times)
    size = (out / "litcheck-index.sqlite").stat().st_size
    result.update(
        records=len(index),
        source_mb=round(src.stat().st_size / 1e6, 1),
        index_mb=round(size / 1e6, 1),
        index_bytes_per_record=round(size / len(index)),
        query_median_ms=latencies,
        query_p50_ms=round(statistics.median(all_ms), 2),
        query_p95_ms=round(statistics.quantiles(all_ms, n=20)[-1], 2),
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
