"""Local-index scale benchmark, one engine per run, each figure with its floor and the ratio.

    python -m bench.local_scale --engine tantivy --records 1000000 [--work /tmp/litcheck-scale]

1. writes a synthetic baseline-format file (`bench/make_baseline.py`) unless it exists;
2. builds the index with `build_index` in a fresh process, sampling the RSS of that process and
   its children (the parser worker, gzip) every `--every` seconds from /proc/PID/status: peak
   and the series over time (flat memory is the target);
3. floor for the build: the raw engine's own bulk-insert rate on the same records (the same
   parser feeds it; only the engine calls are timed: FTS5 inserts into a bare table and its
   optimize, or tantivy add_document and commit with the same heap budget);
4. index bytes per record (SQLite file + engine folder);
5. search latency: `LocalIndex.search` (parse, translate, search, PMIDs) on planner-like queries
   (a fixed list plus the local source's whole plan for `--claims` SciFact claims) against the
   raw engine running the same already-translated query, p50/p95;
6. per-claim local check: `Checker([LocalSource])` on those claims (plan, search, fetch, score),
   p50/p95.

Prints one JSON object (also written to `--out`). Timing on a shared 2-core machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCIFACT = Path(os.environ.get("LITCHECK_SHARED_DIR", "/work/shared")) / "benchmarks" / "scifact"

_BUILD = """
import json, sys
from pathlib import Path
from litcheck.corpus.build import build_index
s = build_index([Path(sys.argv[1])], Path(sys.argv[2]), engine=sys.argv[3], parallel=True)
print(json.dumps({"added": s.added, "seconds": s.seconds}))
"""

_RAW = """
import json, sys, time, sqlite3, shutil
from pathlib import Path
from litcheck.corpus import store
from litcheck.corpus.feed import iter_batches
src, out, engine = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)
spent, n, rowid = 0.0, 0, 0
if engine == "fts5":
    from litcheck.corpus.engines.fts5 import DDL, _INSERT
    conn = sqlite3.connect(out / "raw.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=MEMORY"); conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536"); conn.executescript(DDL)
    for batch in iter_batches(src, parallel=True):
        t = time.perf_counter(); conn.execute("BEGIN")
        for item in batch:
            if item[0] == "r":
                rowid += 1; conn.execute(_INSERT, (rowid, *item[5]))
        conn.execute("COMMIT"); spent += time.perf_counter() - t; n += len(batch)
    t = time.perf_counter(); conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    spent += time.perf_counter() - t
else:
    import tantivy
    from litcheck.corpus.engines import tantivy_engine as te
    index = te._open(out, create=True)
    writer = index.writer(heap_size=te.HEAP_BYTES, num_threads=1)
    for batch in iter_batches(src, parallel=True):
        t = time.perf_counter()
        for item in batch:
            if item[0] == "r":
                rowid += 1; doc = tantivy.Document(); doc.add_unsigned("rowid", rowid)
                if item[2]: doc.add_unsigned("year", item[2])
                for c, v in zip(store.COLUMNS, item[5]):
                    if v and c != "dp": doc.add_text(c, v)
                writer.add_document(doc)
        spent += time.perf_counter() - t; n += len(batch)
    t = time.perf_counter(); writer.commit(); writer.wait_merging_threads()
    spent += time.perf_counter() - t
print(json.dumps({"records": n, "engine_seconds": spent}))
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


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(VmRSS, RssAnon) of `root` and all its descendants (scanning /proc for parent ids).

    VmRSS also counts file pages mapped and touched (tantivy reads segments through mmap, so
    merges show up there); RssAnon is the process's own heap, the memory that cannot be
    reclaimed without swapping."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        frontier.extend(kids)
    rss = anon = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
                elif line.startswith("RssAnon:"):
                    anon += int(line.split()[1])
        except OSError:
            continue
    return rss, anon


def run_sampled(cmd: list[str], every: float) -> tuple[dict[str, object], list[list[float]]]:
    """Run `cmd`, sampling its process tree's memory; (its last stdout line as JSON, series of
    [seconds, VmRSS MB, RssAnon MB])."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    series: list[list[float]] = []

    def sample() -> None:
        while proc.poll() is None:
            rss, anon = _tree_rss_kb(proc.pid)
            series.append(
                [
                    round(time.perf_counter() - started, 1),
                    round(rss / 1024, 1),
                    round(anon / 1024, 1),
                ]
            )
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), series


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def _claims(n: int) -> list[object]:
    from litcheck.claims.read import claim_from_text
    from litcheck.claims.vocab import Vocabulary

    vocab = Vocabulary.load(None)
    path = SCIFACT / "claims_train.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()[:n]
    return [claim_from_text(json.loads(line)["claim"], vocab) for line in lines]


def _raw_searcher(index: object, engine: str):  # type: ignore[no-untyped-def]
    """A function running an already-translated query in the bare engine (the floor)."""
    from litcheck.sources.local import query

    if engine == "fts5":
        from litcheck.corpus.engines.fts5 import _bm25_call

        conn = index._conn()  # type: ignore[attr-defined]

        def prepare_fts(term: str) -> object:
            return query.to_fts(query.parse(term), years=index.years)  # type: ignore[attr-defined]

        def run_fts(match: object) -> None:
            conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()
            conn.execute(
                f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {_bm25_call()} LIMIT 20",
                (match,),
            ).fetchall()

        return prepare_fts, run_fts
    reader = index._engine  # type: ignore[attr-defined]

    def prepare_tantivy(term: str) -> object:
        return reader.translator.query(query.parse(term))

    def run_tantivy(q: object) -> None:
        reader.index.searcher().search(q, 20, count=True)

    return prepare_tantivy, run_tantivy


def time_searches(folder: Path, engine: str, terms: list[str], repeat: int) -> dict[str, float]:
    """p50/p95 of LocalIndex.search vs the raw engine, per query execution, in ms."""
    from litcheck.sources.local.index import LocalIndex

    index = LocalIndex.open(folder)
    prepare, run = _raw_searcher(index, engine)
    local: list[float] = []
    raw: list[float] = []
    for term in terms:
        compiled = prepare(term)
        index.search(term, limit=20)  # warm the caches for this term
        for _ in range(repeat):
            t = time.perf_counter()
            run(compiled)
            raw.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            index.search(term, limit=20)
            local.append((time.perf_counter() - t) * 1000)
    p50, raw50 = _pct(local, 0.5), _pct(raw, 0.5)
    return {
        "queries": len(terms),
        "search_p50_ms": p50,
        "search_p95_ms": _pct(local, 0.95),
        "raw_p50_ms": raw50,
        "raw_p95_ms": _pct(raw, 0.95),
        "search_over_raw_p50": round(p50 / raw50, 2) if raw50 else None,
    }


def time_checks(folder: Path, claims: list[object]) -> dict[str, float]:
    """p50/p95 of one local check per claim (plan, every query, fetch, score), in ms."""
    from litcheck.check.checker import Checker
    from litcheck.sources.local.source import LocalSource

    source = LocalSource.from_path(folder)
    times: list[float] = []
    with Checker([source], limit=10, workers=1) as checker:
        checker.check_one(claims[0])  # type: ignore[arg-type]  # warm-up
        for claim in claims:
            t = time.perf_counter()
            checker.check_one(claim)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t) * 1000)
    return {
        "claims": len(claims),
        "check_p50_ms": _pct(times, 0.5),
        "check_p95_ms": _pct(times, 0.95),
    }


def measure_build(src: Path, out: Path, engine: str, every: float, raw: bool) -> dict[str, object]:
    """Build figures for one engine, and (`raw`) the raw engine's insert rate, its floor."""
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    built, series = run_sampled([sys.executable, "-c", _BUILD, str(src), str(out), engine], every)
    added = int(built["added"])  # type: ignore[call-overload]
    rate = added / float(built["seconds"])  # type: ignore[arg-type]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    result = {
        "records": added,
        "build_seconds": round(float(built["seconds"]), 1),  # type: ignore[arg-type]
        "build_records_per_s": round(rate),
        "build_peak_rss_mb": max((m[1] for m in series), default=0.0),
        "build_peak_anon_mb": max((m[2] for m in series), default=0.0),
        "build_rss_mb_over_time": series,
        "index_bytes": size,
        "index_bytes_per_record": round(size / max(added, 1)),
    }
    if raw:
        raw_out = out.with_name(out.name + "-raw")
        floor, raw_series = run_sampled(
            [sys.executable, "-c", _RAW, str(src), str(raw_out), engine], every
        )
        shutil.rmtree(raw_out, ignore_errors=True)
        raw_rate = int(floor["records"]) / float(floor["engine_seconds"])  # type: ignore[call-overload,arg-type]
        result["raw_engine_insert_records_per_s"] = round(raw_rate)
        result["build_over_raw_time"] = round(raw_rate / rate, 2)
        result["raw_peak_rss_mb"] = max((m[1] for m in raw_series), default=0.0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("tantivy", "fts5"), required=True)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/litcheck-scale"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--claims", type=int, default=100)
    parser.add_argument("--every", type=float, default=1.0, help="RSS sampling period, s")
    parser.add_argument("--skip-build", action="store_true", help="reuse the built index")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-insert floor")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    src = args.work / f"synthetic_{args.records}.xml.gz"
    if not src.exists():
        make = [sys.executable, str(HERE / "make_baseline.py"), str(args.records), str(src)]
        subprocess.run(make, check=True)
    out = args.work / f"index_{args.engine}_{args.records}"
    result: dict[str, object] = {
        "engine": args.engine,
        "source_mb": src.stat().st_size // 10**6,
        "targets": {"search_p50_ms": 30, "check_p50_ms": 60, "build_records_per_s": 5000,
                    "build_peak_rss_mb": 400},
    }  # fmt: skip

    def save() -> None:  # after every stage, so a late failure keeps the build figures
        if args.out:
            args.out.write_text(json.dumps(result, indent=1) + "\n")

    if args.skip_build and args.out and args.out.exists():
        result.update(json.loads(args.out.read_text()))
    if not args.skip_build:
        result.update(measure_build(src, out, args.engine, args.every, not args.no_raw))
        save()
    claims = _claims(args.claims)
    from litcheck.sources.local.source import LocalSource

    source = LocalSource.from_path(out)
    terms = QUERIES + [q.term for c in claims[:20] for q in source.plan(c)]  # type: ignore[arg-type]
    result.update(time_searches(out, args.engine, terms, args.repeat))
    result["fixed_queries"] = time_searches(out, args.engine, QUERIES, args.repeat)
    save()
    result.update(time_checks(out, claims))
    save()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
