"""The engine seam: tantivy agrees with FTS5, updates apply in place, old indexes open, and a
killed build resumes."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from litcheck.corpus.build import build_index
from litcheck.corpus.engines import engine_dir
from litcheck.errors import InputError
from litcheck.sources.local.index import LocalIndex
from litcheck.sources.local.source import LocalSource
from tests.conftest import FIXTURES

LOCAL = FIXTURES / "local"
SOURCES = [LOCAL / "pmid_xml", LOCAL / "efetch_pubmed2.xml", LOCAL / "medline_result2.txt"]

AGREEING = [
    "cryopreservation[ti]",
    '"sodium citrate"[tiab]',
    '"citrate sodium"[tiab]',
    "cryopreserv*[tiab]",
    '"heart fail*"[tiab]',
    '"Microscopy, Electron"[mh]',
    '"membrane cryopreservation"[mh]',
    "Animals[majr]",
    '"2001:2006"[dp]',
    "2002[dp]",
    "review[pt] OR english[la]",
    "Taddei A[au]",
    "Viterbo[ad]",
    "python[tiab] NOT Software[mh]",
    "cells[tiab] OR mice[tiab] AND humans[mh]",
    "cancer NOT (review[pt] OR 2020[dp])",
    "sperm motility[tiab:~3]",
    "humans[mh]",
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalIndex, LocalIndex]:
    base = tmp_path_factory.mktemp("pair")
    build_index(SOURCES, base / "fts5", engine="fts5")
    build_index(SOURCES, base / "tantivy", engine="tantivy")
    return LocalIndex.open(base / "fts5"), LocalIndex.open(base / "tantivy")


@pytest.mark.parametrize("term", AGREEING)
def test_tantivy_matches_what_fts5_matches(pair: tuple[LocalIndex, LocalIndex], term: str) -> None:
    fts5, tantivy = pair
    count, found, translation = fts5.search(term, limit=200)
    assert tantivy.search(term, limit=200)[0] == count
    assert set(tantivy.search(term, limit=200)[1]) == set(found)
    assert tantivy.search(term)[2] == translation


def test_engine_is_recorded_and_reported(pair: tuple[LocalIndex, LocalIndex]) -> None:
    fts5, tantivy = pair
    assert (fts5.engine, tantivy.engine) == ("fts5", "tantivy")
    assert tantivy.info()["engine"] == "tantivy"
    assert engine_dir(tantivy.path).is_dir() and not engine_dir(fts5.path).exists()


def test_filter_only_query_orders_newest_rowid_first(pair: tuple[LocalIndex, LocalIndex]) -> None:
    fts5, tantivy = pair  # every hit scores 0: both fall back to rowid descending
    assert tantivy.search("english[la]", limit=10)[1] == fts5.search("english[la]", limit=10)[1]


def _update_file(path: Path) -> Path:
    """NLM update-file shape: a revised article and a DeleteCitation."""
    text = (LOCAL / "efetch_pubmed2.xml").read_text(encoding="utf-8")
    start, end = text.index("<PubmedArticle>"), text.index("</PubmedArticle>") + 16
    revised = text[start:end].replace("Is cryopreservation a homogeneous process?", "Revised:")
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(
            f"<PubmedArticleSet>{revised}<DeleteCitation>"
            '<PMID Version="1">11700088</PMID></DeleteCitation></PubmedArticleSet>'
        )
    return path


def test_update_file_applies_without_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "ix"
    first = build_index(SOURCES, out, engine="tantivy")
    segments = {p.name for p in engine_dir(first.path or out).glob("*.idx")}
    update = build_index([*SOURCES, _update_file(tmp_path / "u.xml.gz")], out)
    # the baseline files are skipped, only the update's two items are applied
    assert (update.files_skipped, update.files_read) == (first.files_read, 1)
    assert (update.added, update.replaced, update.deleted) == (0, 1, 1)
    assert update.total == first.total - 1
    # the segments written by the first build are still there: the update added deletes and a
    # small new segment instead of rewriting the index
    assert segments <= {p.name for p in engine_dir(first.path or out).glob("*.idx")}
    index = LocalIndex.open(out)
    assert index.search("homogeneous[ti]")[0] == 0
    assert index.search("revised[ti]")[1] == ["11748933"]
    assert index.records(["11700088"]) == []
    assert index.search("cryopreservation")[0] == len(
        {r.pmid for r in index.records(index.search("cryopreservation", limit=200)[1])}
    )


def test_old_fts5_index_without_an_engine_name_opens(tmp_path: Path) -> None:
    path = build_index([LOCAL / "efetch_pubmed2.xml"], tmp_path, engine="fts5").path
    assert path is not None
    with sqlite3.connect(path) as conn:  # as written before engines had names
        conn.execute("DELETE FROM meta WHERE key = 'engine'")
    conn.close()
    index = LocalIndex.open(tmp_path)
    assert index.engine == "fts5" and index.search("cryopreservation")[1] == ["11748933"]
    again = build_index([LOCAL / "medline_result2.txt"], tmp_path)  # updates stay FTS5
    assert again.added == 4 and LocalIndex.open(tmp_path).engine == "fts5"
    with pytest.raises(InputError, match="is a fts5 index"):
        build_index([LOCAL / "book_20301577.xml"], tmp_path, engine="tantivy")


def test_bundled_sample_still_opens() -> None:
    sample = LocalSource.sample()
    assert sample.index.engine == "fts5" and len(sample.index) == 1000


def test_unknown_engine_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown index engine"):
        build_index([LOCAL / "efetch_pubmed2.xml"], tmp_path, engine="lucene")


_KILLED = """
import os, sys
from pathlib import Path
from litcheck.corpus import build
calls = 0
def checkpoint(self):
    global calls
    calls += 1
    self.engine.commit()
    if calls == int(sys.argv[2]):
        os._exit(9)  # killed after the engine committed, before SQLite did
    if self.conn.in_transaction:
        self.conn.execute("COMMIT")
    self._pending = 0
build._Writer.checkpoint = checkpoint
build.build_index([Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), engine="tantivy")
"""


@pytest.mark.parametrize("killed_at", [1, 2])
def test_killed_build_resumes(tmp_path: Path, killed_at: int) -> None:
    files = [LOCAL / "efetch_pubmed2.xml", LOCAL / "medline_result2.txt"]
    out = tmp_path / "ix"
    args = [sys.executable, "-c", _KILLED, str(out), str(killed_at), *map(str, files)]
    assert subprocess.run(args, check=False).returncode == 9
    with pytest.raises(Exception, match="interrupted"):
        LocalIndex.open(out)
    resumed = build_index(files, out)
    assert resumed.files_skipped == killed_at - 1  # files committed before the kill stay
    assert resumed.total == 6
    index = LocalIndex.open(out)
    # no document twice: the engine's uncommitted-in-SQLite documents were dropped on reopen
    count, found, _ = index.search("english[la]", limit=50)
    assert count == len(found) == len(set(found))
    assert index.search("cryopreservation")[1] == ["11748933"]


def test_tantivy_is_imported_only_for_a_tantivy_index(tmp_path: Path) -> None:
    build_index([LOCAL / "efetch_pubmed2.xml"], tmp_path / "f", engine="fts5")
    code = (
        "import sys; from pathlib import Path; import litcheck.cli; "
        "from litcheck.sources.local.index import LocalIndex; "
        f"LocalIndex.open(Path({str(tmp_path / 'f')!r})).search('cryopreservation'); "
        "print('tantivy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_damaged_tantivy_folder_is_a_config_error(tmp_path: Path) -> None:
    from litcheck.errors import ConfigError

    path = build_index([LOCAL / "efetch_pubmed2.xml"], tmp_path, engine="tantivy").path
    assert path is not None
    (engine_dir(path) / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="tantivy"):
        LocalIndex.open(tmp_path)
