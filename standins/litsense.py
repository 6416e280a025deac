"""A loopback stand-in for NCBI LitSense2's `sentences/` API: real wire format, its 10% gate,
its one-request-per-second budget, and latency.

    with LitSenseStandIn(records, latency=0.3) as standin:
        os.environ["LITCHECK_LITSENSE_URL"] = standin.url  # http://127.0.0.1:PORT/research/...
        ...
        print(standin.stats.snapshot())

Serves `GET .../sentences/?query=TEXT&rerank=true` from a `standins.litsense_index.SentenceIndex`
built at start over the same records as the E-utilities stand-in (a local index folder, or any
`standins.backend.Backend` with the PMIDs to take from it). The answer is what LitSense2 sends:

- 200 and a compact JSON array of at most 100 objects with the keys, in the order, of the
  biomcp capture (`pmcid, pmid, text, annotations, score, section`); `pmid` an int, `pmcid`
  null, `section` "title" or "abstract", `annotations` null for titles and [] otherwise (the
  stand-in does no entity tagging; both shapes occur upstream). Sorted by score, which the real
  service does not quite do (clients must re-sort anyway).
- 404 and LitSense's captured `{"detail": "No passages share at least 10% of words ..."}` when
  no sentence holds 10% of the query's words.
- 422 (FastAPI's shape) without a `query`; 404 `{"detail":"Not Found"}` for other paths.
- 429 `{"detail":"Too Many Requests"}` to a client (by address) over 1 request in any 1-second
  window; refused requests count, as at NCBI. The real 429 body was never captured: a guess.

Each request waits `latency` seconds; requests are served concurrently (a thread each).
Control endpoints, not counted and not rate limited: `GET /_stats` (JSON counters) and
`POST /_reset` (zero them).

Run it by hand: `python -m bench.litsense_standin [--index DIR | --jsonl FILE]` (default: the
benchmark index of bench/corpus.py, built once).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from litcheck.models import Record
from standins.backend import Backend
from standins.faults import Faults, faulty
from standins.litsense_index import Scored, SentenceIndex
from standins.ratelimit import SlidingWindowLimiter, Stats
from standins.server import LoopbackServer

API_PATH = "/research/litsense2-api/api/"
RATE = 1
"""Requests per second per client (LitSense asks for at most one)."""
NO_MATCH_DETAIL = (
    "No passages share at least 10% of words with your query, or your passage refers to a "
    "publication that was not yet added to our database."
)
"""Verbatim from the captured 404 body (tests/fixtures/litsense/)."""
_JSON = "application/json"


@dataclass
class LitSenseStats(Stats):
    """The stand-ins' counters (`standins.ratelimit.Stats`) plus LitSense's no-match answers."""

    no_match: int = 0

    def record_answer(self, status: int, in_window: int, *, no_match: bool = False) -> None:
        """Count one `sentences/` request (LitSense takes no tool/email: counted as given)."""
        self.record(
            endpoint="sentences",
            status=status,
            method="GET",
            in_window=in_window,
            api_key=False,
            tool="-",
            email="-",
        )
        with self._lock:
            self.no_match += no_match

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready copy (what GET /_stats returns)."""
        out = super().snapshot()
        with self._lock:
            out["no_match"] = self.no_match
        return out


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    in_window: int = 0
    no_match: bool = False


def _dumps(value: Any) -> bytes:
    # Compact and ASCII, like the biomcp capture (LitSense drops non-ASCII characters itself).
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def render_hits(hits: Sequence[Scored]) -> bytes:
    """The JSON array LitSense sends, keys in the biomcp capture's order."""
    return _dumps(
        [
            {
                "pmcid": None,
                "pmid": int(h.sentence.pmid) if h.sentence.pmid.isdigit() else h.sentence.pmid,
                "text": h.sentence.text,
                "annotations": None if h.sentence.section == "title" else [],
                "score": h.score,
                "section": h.sentence.section,
            }
            for h in hits
        ]
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    standin: LitSenseStandIn


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # counted in LitSenseStats instead

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        standin = self.server.standin
        if url.path == "/_stats":
            self._send(200, _dumps(standin.stats.snapshot()))
            return
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        standin.stats.started()
        try:
            reply = standin.answer(url.path, params, client=self.client_address[0])
            standin.stats.record_answer(reply.status, reply.in_window, no_match=reply.no_match)
            if standin.latency and reply.status != 429:
                time.sleep(standin.latency)
            self._send(reply.status, reply.body)
        finally:
            standin.stats.finished()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if urlsplit(self.path).path == "/_reset":
            self.server.standin.stats.reset()
            self._send(200, b'{"reset":true}')
        else:
            self._send(405, b'{"detail":"Method Not Allowed"}')

    def _send(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", _JSON)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class LitSenseStandIn(LoopbackServer):
    """The stand-in server. Start with `start()` or `with`; `url` is the API base URL."""

    API_PATH = API_PATH

    def __init__(
        self,
        records: Iterable[Record],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        rate: int = RATE,
        log: Callable[[str], None] | None = None,
    ) -> None:
        started = time.monotonic()
        self.index = SentenceIndex(records)
        self.build_seconds = time.monotonic() - started
        self.latency = latency
        self.limiter = SlidingWindowLimiter(rate_no_key=rate, rate_with_key=rate, window=1.0)
        self.faults: Faults | None = None
        """Set to inject faults into a share of the answers (`standins.faults`)."""
        self.stats = LitSenseStats()
        self._log = log
        self._server = _Server((host, port), _Handler)
        self._server.standin = self

    @classmethod
    def from_backend(cls, backend: Backend, pmids: Sequence[str], **kwargs: Any) -> LitSenseStandIn:
        """Serve the records `backend` (e.g. the E-utilities stand-in's) holds for `pmids`."""
        return cls(backend.records(list(pmids)), **kwargs)

    def final_counters(self) -> dict[str, Any]:
        """The counters at stop (logged when the stand-in has a log)."""
        snapshot = self.stats.snapshot()
        if self._log:
            self._log(f"litsense stand-in: {json.dumps(snapshot)}")
        return snapshot

    def answer(self, path: str, params: dict[str, str], *, client: str) -> Reply:
        """The reply to one request for `path` from `client` (its address)."""
        allowed, in_window = self.limiter.check(client, has_key=False)
        if not allowed:
            if self._log:
                self._log(f"429 to {client}: {in_window} requests in 1 s")
            return Reply(429, b'{"detail":"Too Many Requests"}', in_window)
        if path.rstrip("/") != API_PATH + "sentences":
            return Reply(404, b'{"detail":"Not Found"}', in_window)
        query = params.get("query", "").strip()
        if not query:
            missing = {"type": "missing", "loc": ["query", "query"], "msg": "Field required"}
            return Reply(422, _dumps({"detail": [{**missing, "input": None}]}), in_window)
        hits = self.index.search(query)
        if hits is None:
            reply = Reply(404, _dumps({"detail": NO_MATCH_DETAIL}), in_window, no_match=True)
        else:
            reply = Reply(200, render_hits(hits), in_window)
        fault = self.faults.pick() if self.faults is not None else None
        if fault:
            status, body, _ = faulty(fault, reply.status, reply.body, _JSON)
            return Reply(status, body, in_window)
        return reply


def index_pmids(folder: Path) -> list[str]:
    """Every PMID of a litcheck local index folder (read-only)."""
    from litcheck.corpus import INDEX_FILENAME

    file = folder / INDEX_FILENAME if folder.is_dir() else folder
    conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT pmid FROM docs ORDER BY rowid")]
    finally:
        conn.close()


def load_records(index: str | None, jsonl: str | None, log: Callable[[str], None]) -> list[Record]:
    """The records to serve: a JSONL file, else a local index folder (`bench.litsense_standin`
    adds the benchmark corpus as the default)."""
    if jsonl:
        from litcheck.corpus.jsonl import iter_jsonl

        with open(jsonl, "rb") as stream:
            return list(iter_jsonl(stream, name=jsonl))
    from litcheck.errors import ConfigError
    from litcheck.sources.local.index import LocalIndex

    if not index:
        raise ConfigError("the LitSense stand-in needs --index DIR or --jsonl FILE")
    folder = Path(index)
    return LocalIndex.open(folder).records(index_pmids(folder))


def main(argv: list[str] | None = None) -> int:
    """`python -m standins.litsense`: serve until Ctrl-C, then print the counters."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m standins.litsense", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--index", help="a built local index folder (default: the bench corpus)")
    parser.add_argument("--jsonl", help="serve the records of this JSONL file instead")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request (0.3)")
    parser.add_argument("--rate", type=int, default=RATE, help="requests/s per client (1)")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    records = load_records(args.index, args.jsonl, log)
    standin = LitSenseStandIn(
        records, port=args.port, latency=args.latency, rate=args.rate, log=log
    ).start()
    log(f"{len(records)} records, {len(standin.index)} sentences in {standin.build_seconds:.1f} s")
    print(f"LITCHECK_LITSENSE_URL={standin.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print(json.dumps(standin.stop(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
