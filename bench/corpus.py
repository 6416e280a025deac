"""The benchmark corpus, built once into a local index, and the backend the stand-in serves.

Corpus: SciFact's 5,183 abstracts (`../shared/benchmarks/scifact/corpus.jsonl`; their S2ORC
`doc_id`s stand in for PMIDs) plus real efetch records that exercise litcheck's flags:

- PMID 993, a Retracted Publication with a RetractionIn notice (neilfws/PubMed example.xml);
- seven 2020-2024 mouse studies from metapub's efetch captures (Mice in MeSH); two of them
  (32306807, 37552767) have no Humans heading, i.e. they are animal-only.

None of these PMIDs collides with a SciFact doc_id (checked: `check_no_collisions`).
The index goes to `bench/data/index-<hash of the inputs>/` (gitignored) and is reused.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from litcheck.errors import ConfigError
from standins.backend import SerialBackend, open_index

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
REPO_FIXTURES = BENCH_DIR.parent / "tests" / "fixtures"
SHARED = Path(os.environ.get("LITCHECK_SHARED_DIR", BENCH_DIR.parents[1] / "shared"))

RETRACTED_PMID = "993"
MOUSE_PMIDS = ("32306807", "35358095", "37552767", "37903272", "38147649", "38713950", "39236155")
ANIMAL_ONLY_PMIDS = ("32306807", "37552767")
"""Mouse studies whose MeSH has no Humans heading."""


def corpus_sources(shared: Path = SHARED) -> tuple[list[Path], list[str]]:
    """The files the benchmark index is built from, and warnings about flag files left out.

    SciFact's corpus must exist. A flag record's file that is not PubMed XML is replaced by the
    project's verbatim copy under tests/fixtures/ when there is one, else left out; either way
    with a warning that the benchmark report carries.
    """
    ncbi = shared / "fixtures" / "ncbi"
    scifact = shared / "benchmarks" / "scifact" / "corpus.jsonl"
    if not scifact.is_file():
        raise ConfigError(
            f"benchmark corpus missing: {scifact}",
            tip="set LITCHECK_SHARED_DIR to the folder holding benchmarks/ and fixtures/",
        )
    paths, warnings = [scifact], []
    flag_files = [
        ncbi / "retraction_neilfws" / "example.xml",
        *(ncbi / "metapub" / "pmid_xml" / f"{pmid}.xml" for pmid in MOUSE_PMIDS),
    ]
    for path in flag_files:
        if _is_pubmed_xml(path):
            paths.append(path)
            continue
        # The project keeps verbatim copies of the fixtures its tests use (PROVENANCE.md).
        copy = REPO_FIXTURES / path.relative_to(shared / "fixtures")
        size = path.stat().st_size if path.is_file() else 0
        if _is_pubmed_xml(copy):
            paths.append(copy)
            warnings.append(f"{path} is not PubMed XML ({size} bytes); used {copy}")
        else:
            warnings.append(f"{path} is not PubMed XML ({size} bytes); left out of the corpus")
    return paths, warnings


def _is_pubmed_xml(path: Path) -> bool:
    return path.is_file() and b"<PubmedArticleSet" in path.read_bytes()[:4096]


def check_no_collisions(shared: Path = SHARED) -> None:
    """Fail if a flag record's PMID is also a SciFact doc_id (one would hide the other)."""
    corpus = shared / "benchmarks" / "scifact" / "corpus.jsonl"
    with corpus.open(encoding="utf-8") as f:
        doc_ids = {str(json.loads(line)["doc_id"]) for line in f if line.strip()}
    clash = doc_ids & {RETRACTED_PMID, *MOUSE_PMIDS}
    if clash:
        raise ConfigError(f"SciFact doc_ids collide with fixture PMIDs: {sorted(clash)}")


def _inputs_key(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        st = p.stat()
        digest.update(f"{p.name}:{st.st_size}:{int(st.st_mtime)}\n".encode())
    return digest.hexdigest()[:12]


def build_bench_index(
    *, shared: Path = SHARED, data_dir: Path = DATA_DIR, log: Callable[[str], None] = print
) -> Path:
    """Build (or reuse) the benchmark index; return its folder."""
    from litcheck.corpus import INDEX_FILENAME
    from litcheck.corpus.build import build_index

    sources, warnings = corpus_sources(shared)
    for warning in warnings:
        log(f"warning: {warning}")
    check_no_collisions(shared)
    out = data_dir / f"index-{_inputs_key(sources)}"
    if (out / INDEX_FILENAME).is_file():
        return out
    log(f"building the benchmark index in {out} ...")
    out.mkdir(parents=True, exist_ok=True)
    build_index(sources, out, engine="fts5")  # pinned: see bench/README.md "engines"
    return out


def open_backend(index: str | Path | None, *, log: Callable[[str], None] = print) -> SerialBackend:
    """A thread-safe backend over a local index folder (None: the benchmark index, built once)."""
    return open_index(index if index else build_bench_index(log=log))
