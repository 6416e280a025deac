"""The LitSense stand-in over loopback: wire format, the 10% gate, the 1/s budget, the client."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from litcheck.corpus.jsonl import iter_jsonl
from litcheck.errors import RateLimited
from litcheck.models import AbstractSection, Record
from litcheck.settings import Settings
from litcheck.sources.http import RateLimiter
from litcheck.sources.litsense import LitSenseClient
from litcheck.sources.litsense.parse import parse_sentences
from litcheck.sources.pubmed.xml import parse_pubmed_xml
from standins.backend import MemoryBackend
from standins.litsense import NO_MATCH_DETAIL, LitSenseStandIn, index_pmids, load_records
from standins.litsense_index import SentenceIndex, expand, trigrams
from tests.conftest import fixture_bytes, fixture_path

pytestmark = pytest.mark.loopback

CLAIM = "ALDH1 expression is associated with poorer prognosis in breast cancer."  # SciFact 45638119


def _corpus() -> list[Record]:
    records = list(iter_jsonl(io.BytesIO(fixture_bytes("scifact_corpus_sample.jsonl"))))
    for name in ("mouse_32306807", "structured_23657305", "collective_34843274"):
        records += parse_pubmed_xml(fixture_bytes(f"bench/efetch_{name}.xml"))
    return records


def _record(pmid: str, title: str, *abstract: str) -> Record:
    sections = tuple(AbstractSection(text=t) for t in abstract)
    return Record(source="pubmed", id=f"pubmed:{pmid}", title=title, abstract=sections, pmid=pmid)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return _corpus()


@pytest.fixture
def standin(records: list[Record]) -> Iterator[LitSenseStandIn]:
    # Served from the same kind of backend as the E-utilities stand-in's tests.
    backend = MemoryBackend(records)
    pmids = [r.pmid or r.native_id for r in records]
    with LitSenseStandIn.from_backend(backend, pmids, rate=1000) as s:
        yield s


def client(tmp_path: Path, url: str, limiter: RateLimiter, **changes: object) -> LitSenseClient:
    settings = Settings(cache_dir=tmp_path / "cache", litsense_url=url, max_retries=2)
    settings = settings.with_(**changes)
    return LitSenseClient.from_settings(settings, limiter=limiter, sleep=lambda _s: None)


def test_wire_format_is_litsenses(standin: LitSenseStandIn) -> None:
    r = httpx.get(standin.url + "sentences/", params={"query": CLAIM, "rerank": "true"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    real = json.loads(fixture_bytes("litsense/sentence_hirschsprung.json"))
    body = r.json()
    assert 0 < len(body) <= 100
    assert all(list(item) == list(real[0]) for item in body)  # same keys, same order
    assert all(item["pmcid"] is None and isinstance(item["pmid"], int) for item in body)
    assert {item["section"] for item in body} <= {"title", "abstract"}
    assert all(item["annotations"] in (None, []) for item in body)
    assert r.content.startswith(b'[{"pmcid":null,"pmid":')  # compact, as captured
    hits = parse_sentences(r.content)
    assert hits[0].pmid == "45638119" and "ALDH1" in hits[0].text


def test_no_match_is_the_real_404(standin: LitSenseStandIn) -> None:
    r = httpx.get(standin.url + "sentences/", params={"query": "qzxvkjw", "rerank": "true"})
    assert r.status_code == 404
    real = json.loads(fixture_bytes("litsense/litsense_passages_no_match_404.json"))
    assert r.json() == real == {"detail": NO_MATCH_DETAIL}
    assert standin.stats.snapshot()["no_match"] == 1


def test_other_paths_and_missing_query(standin: LitSenseStandIn) -> None:
    assert httpx.get(standin.url + "nothing/").json() == {"detail": "Not Found"}
    missing = httpx.get(standin.url + "sentences/")
    assert missing.status_code == 422 and missing.json()["detail"][0]["type"] == "missing"


def test_client_end_to_end_hits_no_match_and_cache(tmp_path, standin: LitSenseStandIn) -> None:
    with closing(client(tmp_path, standin.url, RateLimiter(1000.0))) as src:
        matches = src.matches(CLAIM)
        assert src.sentences("qzxvkjw") == [] and src.sentences("qzxvkjw") == []
        assert src.requests_sent == 2
    assert (matches[0].rank, matches[0].pmid, matches[0].section) == (1, "45638119", "abstract")
    assert len({m.pmid for m in matches}) == len(matches)
    assert standin.stats.snapshot()["by_status"] == {"200": 1, "404": 1}


def test_burst_gets_429_and_client_reports_rate_limited(tmp_path, records) -> None:
    with LitSenseStandIn(records[:20]) as strict:
        url = strict.url + "sentences/"
        with httpx.Client() as http:  # one connection: the three arrive well within 1 s
            statuses = [http.get(url, params={"query": "cells"}).status_code for _ in range(3)]
        assert statuses[0] != 429 and statuses[1:] == [429, 429]
        with closing(client(tmp_path, strict.url, RateLimiter(1000.0), max_retries=0)) as src:
            with pytest.raises(RateLimited):
                src.sentences("cells")
        assert strict.stats.snapshot()["rate_limited"] == 3


def test_the_clients_limiter_keeps_it_at_zero_429s(tmp_path, records) -> None:
    with LitSenseStandIn(records, latency=0.01) as strict:
        # LitSense's budget, in a limiter of its own (not the process-wide "litsense" one).
        with closing(client(tmp_path, strict.url, RateLimiter(1.0))) as src:
            claims = ["myelodysplasia", "breast cancer prognosis", "mice", "tumor", "qzxvkjw"]
            started = time.monotonic()
            answers = [src.sentences(c) for c in claims]
            elapsed = time.monotonic() - started
            sent = src.requests_sent
        stats = strict.stats.snapshot()
    assert stats["rate_limited"] == 0 and stats["requests"] == 5 and stats["max_in_window"] == 1
    assert sent == 5 and answers[-1] == [] and all(answers[:-1])
    assert elapsed >= 4 * 1.1 - 0.05


def test_stats_and_reset_endpoints(standin: LitSenseStandIn) -> None:
    httpx.get(standin.url + "sentences/", params={"query": "mice"})
    base = standin.url.split("/research/")[0]
    assert httpx.get(base + "/_stats").json()["requests"] == 1
    assert httpx.post(base + "/_reset").json() == {"reset": True}
    assert httpx.get(base + "/_stats").json()["requests"] == 0


def test_latency_is_applied(records) -> None:
    with LitSenseStandIn(records[:5], latency=0.2) as slow:
        started = time.monotonic()
        httpx.get(slow.url + "sentences/", params={"query": "cells"})
        assert time.monotonic() - started >= 0.2


# -- the index ---------------------------------------------------------------------------------


def test_titles_and_abstract_sentences_are_indexed(records) -> None:
    index = SentenceIndex(records)
    sections = {s.section for s in index.sentences}
    assert sections == {"title", "abstract"}
    assert sum(s.section == "title" for s in index.sentences) == len(records)
    assert len(index) > 5 * len(records)


def test_ten_percent_gate() -> None:
    index = SentenceIndex([_record("1", "Aspirin lowers fever.")])
    eleven = "aspirin " + " ".join(f"zzword{i}" for i in range(10))  # 1 of 11 stems: 9%
    assert index.search(eleven) is None
    assert index.search(eleven.rsplit(" ", 1)[0]) is not None  # 1 of 10: exactly 10%
    assert index.search("the of and") is None  # no content words at all


def test_lay_terms_and_trigrams_rank_paraphrases_higher() -> None:
    index = SentenceIndex(
        [
            _record("1", "Smoking and myocardial infarction risk in older adults."),
            _record("2", "Smoking and the risk of tooth loss in older adults."),
        ]
    )
    hits = index.search("Smoking raises the risk of a heart attack")
    assert hits is not None and [h.sentence.pmid for h in hits] == ["1", "2"]
    assert 0.0 < hits[1].score < hits[0].score <= 1.0
    assert "myocardial infarction" in expand("after a heart attack")
    assert trigrams(["abc"]) == {" ab": 1, "abc": 1, "bc ": 1}


def test_term_overlap_is_idf_weighted() -> None:
    filler = [_record(str(i), f"Patients with cancer number {i} were seen.") for i in range(10, 30)]
    index = SentenceIndex(
        [*filler, _record("1", "Cancer outcomes were poor."), _record("2", "Trastuzumab was used.")]
    )
    hits = index.search("trastuzumab in cancer")
    assert hits is not None and hits[0].sentence.pmid == "2"  # the rare word outweighs "cancer"


def test_index_folder_records_can_be_served(tmp_path: Path) -> None:
    from litcheck.corpus.build import build_index

    folder = tmp_path / "index"
    build_index([fixture_path("local/scifact_corpus_head5.jsonl")], folder, optimize=False)
    pmids = index_pmids(folder)
    assert len(pmids) == 5
    served = load_records(str(folder), None, log=lambda _m: None)
    assert sorted(r.pmid or "" for r in served) == sorted(pmids)
    jsonl = load_records(None, str(fixture_path("local/scifact_corpus_head5.jsonl")), print)
    assert [r.pmid for r in jsonl] == pmids
