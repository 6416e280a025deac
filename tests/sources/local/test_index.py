"""Building and searching a local index: PubMed semantics, BM25 ranking, incremental updates.

Every test runs on both engines (`litcheck.corpus.engines`): the semantics must not depend on
which one a folder holds."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from litcheck.corpus.build import build_index
from litcheck.corpus.engines import ENGINES
from litcheck.errors import ConfigError, InputError
from litcheck.sources.local.index import LocalIndex
from tests.conftest import FIXTURES

LOCAL = FIXTURES / "local"


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> LocalIndex:
    out = tmp_path_factory.mktemp("index")
    summary = build_index(
        [
            LOCAL / "pmid_xml",
            LOCAL / "efetch_pubmed2.xml",
            LOCAL / "book_20301577.xml",
            LOCAL / "medline_result2.txt",
        ],
        out,
        engine=engine,
    )
    # 76 efetch files with one article each (+ one empty set), 2 + 1 book + 4 MEDLINE
    assert summary.added == summary.total == 76 + 2 + 1 + 4
    return LocalIndex.open(out)


def pmids(index: LocalIndex, term: str, limit: int = 100) -> list[str]:
    count, found, _ = index.search(term, limit=limit)
    assert count >= len(found)
    return found


def test_len_and_records_round_trip(index: LocalIndex) -> None:
    assert len(index) == 83
    (record,) = index.records(["11748933"])
    assert record.id == "pubmed:11748933" and record.source == "pubmed"
    assert record.title.startswith("Is cryopreservation a homogeneous process?")
    assert record.authors[0].affiliations
    assert index.records(["11700088", "nope", "11748933"])[0].pmid == "11700088"
    assert [r.pmid for r in index.records(["nope"])] == []


def test_tiab_title_and_abstract(index: LocalIndex) -> None:
    assert "11748933" in pmids(index, "cryopreservation[ti]")
    assert "11748933" in pmids(index, "cryosolution[ab]")
    assert "11748933" not in pmids(index, "cryosolution[ti]")
    assert pmids(index, '"Diplodus puntazzo"[tiab]') == ["11748933"]


def test_phrase_is_a_phrase(index: LocalIndex) -> None:
    assert pmids(index, '"sodium citrate"[tiab]') == ["11748933"]
    assert pmids(index, '"citrate sodium"[tiab]') == []


def test_truncation(index: LocalIndex) -> None:
    assert "11748933" in pmids(index, "cryopreserv*[tiab]")


def test_mesh_case_insensitive_and_heading_containment(index: LocalIndex) -> None:
    assert "11748933" in pmids(index, '"sperm motility"[mh]')
    # "Microscopy, Electron" also matches "Microscopy, Electron, Scanning" (local explosion)
    assert "11748933" in pmids(index, '"Microscopy, Electron, Scanning"[mh]')
    # no phrase across two headings ("...Membrane | Cryopreservation")
    assert pmids(index, '"membrane cryopreservation"[mh]') == []


def test_majr_only_major_topics(index: LocalIndex) -> None:
    assert "11748933" in pmids(index, "Cryopreservation[majr]")  # major through a qualifier
    assert "11748933" not in pmids(index, "Animals[majr]")
    assert "11748933" in pmids(index, "Animals[mh]")
    assert "16403221" in pmids(index, "Software[majr]")  # MEDLINE text: "*Software"


def test_dates(index: LocalIndex) -> None:
    years = {r.pmid: r.year for r in index.records(pmids(index, '"2001:2006"[dp]'))}
    assert years and all(2001 <= (y or 0) <= 2006 for y in years.values())
    assert {"11748933", "11700088", "16403221"} <= set(years)
    assert "11748933" not in pmids(index, "2002[dp]")


def test_pt_la_au_ad(index: LocalIndex) -> None:
    assert "20301577" in pmids(index, "review[pt]")
    assert "11748933" not in pmids(index, "review[pt]")
    assert "38048813" in pmids(index, "ger[la]")
    assert "38048813" in pmids(index, "german[la]")
    assert "36987902" in pmids(index, "norwegian[la]")
    assert "11748933" in pmids(index, "Taddei A[au]")
    assert "16403221" in pmids(index, "Casbon JA[au]")
    assert "11748933" in pmids(index, "Viterbo[ad]")


def test_boolean_operators(index: LocalIndex) -> None:
    both = set(pmids(index, "python[tiab] OR cryopreservation[tiab]"))
    assert {"16403221", "11748933"} <= both
    assert "16403221" not in pmids(index, "python[tiab] NOT Software[mh]")
    assert pmids(index, "python[tiab] AND cryopreservation[tiab]") == []


def test_count_limit_offset_and_translation(index: LocalIndex) -> None:
    count, first, translation = index.search("english[la]", limit=5)
    assert count > 5 and len(first) == 5
    _, second, _ = index.search("english[la]", limit=5, offset=5)
    assert not set(first) & set(second)
    assert translation == '"english"[Language]'
    assert index.search("english[la]", limit=0)[1] == []


def test_bad_query_is_input_error(index: LocalIndex) -> None:
    with pytest.raises(InputError):
        index.search("ketamine[zz]")


def test_thread_safe(index: LocalIndex) -> None:
    terms = ["python[tiab]", "review[pt]", "humans[mh]", "cryopreservation"] * 10
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda t: index.search(t)[0], terms))
    assert results == [index.search(t)[0] for t in terms]


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_title_outranks_abstract(tmp_path: Path, engine: str) -> None:
    filler = "placebo controlled outcomes were measured in adults"
    src = _jsonl(
        tmp_path / "two.jsonl",
        [
            {"pmid": "1", "title": f"Study of {filler}", "abstract": f"We used ketamine. {filler}"},
            {"pmid": "2", "title": f"Ketamine {filler}", "abstract": f"We used study. {filler}"},
        ],
    )
    index = LocalIndex.open(build_index([src], tmp_path / "ix", engine=engine).path or tmp_path)
    assert index.search("ketamine")[1] == ["2", "1"]


def test_incremental_update_replace_delete_skip(tmp_path: Path, engine: str) -> None:
    src = tmp_path / "efetch.xml"
    shutil.copy(LOCAL / "efetch_pubmed2.xml", src)
    out = tmp_path / "ix"
    first = build_index([src], out, engine=engine)
    assert (first.added, first.files_read) == (2, 1)

    again = build_index([src], out)  # same file: skipped without reading
    assert (again.added, again.files_skipped, again.total) == (0, 1, 2)

    os.utime(src, ns=(1, 1))  # touched, same content: read, nothing changes
    touched = build_index([src], out)
    assert (touched.unchanged, touched.added, touched.replaced) == (2, 0, 0)

    # An update file: a revised 11748933 and a DeleteCitation for 11700088 (NLM update shape).
    text = (LOCAL / "efetch_pubmed2.xml").read_text(encoding="utf-8")
    start, end = text.index("<PubmedArticle>"), text.index("</PubmedArticle>") + 16
    revised = text[start:end].replace("Is cryopreservation a homogeneous process?", "Revised:")
    update = tmp_path / "update.xml.gz"
    with gzip.open(update, "wt", encoding="utf-8") as fh:
        fh.write(
            f"<PubmedArticleSet>{revised}<DeleteCitation>"
            '<PMID Version="1">11700088</PMID></DeleteCitation></PubmedArticleSet>'
        )
    result = build_index([update], out)
    assert (result.replaced, result.deleted, result.total) == (1, 1, 1)
    index = LocalIndex.open(out)
    assert index.search("homogeneous[ti]")[0] == 0  # old title text left the FTS index
    assert index.search("revised[ti]")[1] == ["11748933"]
    assert index.search("proton[ti]")[0] == 0
    assert index.records(["11748933"])[0].title.startswith("Revised:")


def test_parallel_build_gives_the_same_index(tmp_path: Path, engine: str) -> None:
    gz = tmp_path / "set.xml.gz"
    gz.write_bytes(gzip.compress((LOCAL / "efetch_pubmed2.xml").read_bytes()))
    serial = build_index([gz], tmp_path / "a", parallel=False, engine=engine)
    parallel = build_index([gz], tmp_path / "b", parallel=True, engine=engine)
    assert (serial.added, parallel.added) == (2, 2)
    a, b = LocalIndex.open(tmp_path / "a"), LocalIndex.open(tmp_path / "b")
    assert a.records(["11748933", "11700088"]) == b.records(["11748933", "11700088"])
    assert a.search("cryo*")[1] == b.search("cryo*")[1]


def test_parallel_build_reports_bad_xml(tmp_path: Path, engine: str) -> None:
    gz = tmp_path / "bad.xml.gz"
    gz.write_bytes(gzip.compress(b"<PubmedArticleSet><PubmedArticle>"))
    with pytest.raises(InputError, match="bad.xml.gz"):
        build_index([gz], tmp_path / "ix", parallel=True, engine=engine)


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no local index") as info:
        LocalIndex.open(tmp_path / "missing")
    assert info.value.tip and "litcheck corpus build" in info.value.tip
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ConfigError, match="not a litcheck index"):
        LocalIndex.open(junk)


def test_interrupted_build_is_refused(tmp_path: Path, engine: str) -> None:
    import sqlite3

    out = build_index([LOCAL / "efetch_pubmed2.xml"], tmp_path, engine=engine).path
    assert out is not None
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE meta SET value = 'building' WHERE key = 'state'")
    conn.close()
    with pytest.raises(ConfigError, match="interrupted"):
        LocalIndex.open(tmp_path)
