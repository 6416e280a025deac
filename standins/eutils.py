"""A loopback stand-in for NCBI E-utilities: real wire format, NCBI's rate limit, real latency.

    with StandIn(backend, latency=0.15) as standin:
        os.environ["LITCHECK_EUTILS_URL"] = standin.url   # http://127.0.0.1:PORT/entrez/eutils/
        ...
        print(standin.stats.snapshot())

Serves `esearch.fcgi` (db=pubmed, term, retmax, retstart, retmode=json|xml) and `efetch.fcgi`
(db=pubmed, id=comma list, by GET or POST form body, retmode=xml) from a `standins.backend.Backend`
(the project's `LocalIndex`, or `MemoryBackend` in tests). Every request is counted; a client
over 3 requests per second (10 with `api_key=`) gets NCBI's 429. Each request waits `latency`
seconds, and requests are served concurrently (one thread each), so a client that waits for
each answer before sending the next cannot reach the rate limit's throughput.

Control endpoints, not counted and not rate limited: `GET /_stats` (JSON counters) and
`POST /_reset` (zero them).

Run it by hand: `python -m standins.eutils --index DIR`, or `python -m bench.eutils_standin`,
which builds the benchmark corpus first (see bench/README.md).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standins import wire
from standins.backend import Backend, open_index
from standins.faults import Faults, faulty
from standins.pubmed_render import render_article_set
from standins.ratelimit import SlidingWindowLimiter, Stats, summary_line
from standins.server import LoopbackServer

RETMAX_DEFAULT = 20  # NOTE: esearch's retmax defaults to 20 (E-utilities book, ESearch).
RETMAX_LIMIT = 10_000
RETSTART_LIMIT = 9998


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    in_window: int
    """Requests this client had in the rate window, this one included."""
    ids: int = 0
    """PMIDs asked for (efetch)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    standin: StandIn


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, like eutils.ncbi.nlm.nih.gov

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # requests are counted in Stats; a line per request would drown the benchmark

    def do_GET(self) -> None:
        self._serve("GET", b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(length) if length else b"")

    def _serve(self, method: str, body: bytes) -> None:
        url = urlsplit(self.path)
        standin = self.server.standin
        if url.path == "/_stats" and method == "GET":
            self._send(200, json.dumps(standin.stats.snapshot()).encode(), "application/json")
            return
        if url.path == "/_reset" and method == "POST":
            standin.stats.reset()
            self._send(200, b'{"reset":true}', "application/json")
            return
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if body:
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            params.update({k: v[-1] for k, v in form.items()})
        standin.stats.started()
        try:
            reply = standin.answer(url.path, params, client=self.client_address[0])
            standin.stats.record(
                endpoint=url.path.rsplit("/", 1)[-1],
                status=reply.status,
                method=method,
                in_window=reply.in_window,
                api_key=bool(params.get("api_key")),
                tool=params.get("tool"),
                email=params.get("email"),
                ids=reply.ids,
                pmids=_efetch_ids(url.path, params),
            )
            if standin.latency:
                time.sleep(standin.latency)
            self._send(reply.status, reply.body, reply.content_type)
        finally:
            standin.stats.finished()

    def _send(self, status: int, payload: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class StandIn(LoopbackServer):
    """The stand-in server. Start with `start()` or `with`; `url` is the E-utilities base URL."""

    API_PATH = "/entrez/eutils/"

    def __init__(
        self,
        backend: Backend,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.15,
        limiter: SlidingWindowLimiter | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.backend = backend
        self.latency = latency
        self.limiter = limiter or SlidingWindowLimiter()
        self.faults: Faults | None = None
        """Set to inject faults into a share of the answers (`standins.faults`)."""
        self.stats = Stats()
        self.searches: list[dict[str, str]] = []
        """Every esearch's parameters (term, sort, retmax), in arrival order, secrets left out:
        a benchmark can replay them through another client (bench/startup.py)."""
        self._log = log
        self._server = _Server((host, port), _Handler)
        self._server.standin = self

    def final_counters(self) -> dict[str, Any]:
        """The counters at stop (and a summary line when the stand-in has a log)."""
        snapshot = self.stats.snapshot()
        if self._log:
            self._log("eutils stand-in: " + summary_line(snapshot))
        return snapshot

    # -- answering ----------------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str], *, client: str) -> Reply:
        """The reply to one E-utilities request from `client` (its address)."""
        key = params.get("api_key") or client
        allowed, in_window = self.limiter.check(key, has_key=bool(params.get("api_key")))
        if not allowed:
            # NOTE: NCBI sends no Retry-After with its 429; clients must pace themselves.
            if self._log:
                self._log(f"429 to {key}: {in_window} requests in {self.limiter.window:g} s")
            return Reply(429, wire.rate_limit_body(in_window), "application/json", in_window)
        utility = path.rsplit("/", 1)[-1]
        fault = self.faults.pick() if self.faults is not None else None
        if utility == "esearch.fcgi":
            self.searches.append({k: params[k] for k in ("term", "sort", "retmax") if k in params})
            status, body, ctype = self._esearch(params)
            if fault:
                status, body, ctype = faulty(fault, status, body, ctype)
            return Reply(status, body, ctype, in_window)
        if utility == "efetch.fcgi":
            status, body, ctype, ids = self._efetch(params)
            if fault:
                status, body, ctype = faulty(fault, status, body, ctype)
            return Reply(status, body, ctype, in_window, ids)
        message = b"Not Found: the stand-in serves esearch.fcgi and efetch.fcgi"
        return Reply(404, message, "text/plain", in_window)

    def _esearch(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        json_mode = params.get("retmode", "xml").lower() == "json"
        ctype = "application/json; charset=UTF-8" if json_mode else "text/xml; charset=UTF-8"
        db = params.get("db", "pubmed")
        if db != "pubmed":
            return (
                200,
                wire.esearch_error(f"Invalid db name specified: {db}", json_mode=json_mode),
                ctype,
            )
        term = params.get("term", "").strip()
        if not term:
            return (
                200,
                wire.esearch_error("Empty term and query_key - nothing todo", json_mode=json_mode),
                ctype,
            )
        try:
            retmax = min(int(params.get("retmax", RETMAX_DEFAULT)), RETMAX_LIMIT)
            retstart = int(params.get("retstart", 0))
        except ValueError:
            return 200, wire.esearch_error("Invalid retmax or retstart", json_mode=json_mode), ctype
        if retstart > RETSTART_LIMIT:
            # NOTE: NCBI's message for deep paging (cyanheads/pubmed-mcp-server#95).
            message = (
                "Search Backend failed: Exception: 'retstart' cannot be larger than 9998. "
                "For PubMed, ESearch can only retrieve the first 9,999 records matching the query."
            )
            return 200, wire.esearch_error(message, json_mode=json_mode), ctype
        try:
            count, ids, translation = self.backend.search(
                term, limit=max(retmax, 0), offset=retstart
            )
        except Exception as exc:  # the backend's query parser refused the term
            return (
                200,
                wire.esearch_error(f"Search Backend failed: {exc}", json_mode=json_mode),
                ctype,
            )
        render = wire.esearch_json if json_mode else wire.esearch_xml
        return 200, render(count=count, retstart=retstart, ids=ids, translation=translation), ctype

    def _efetch(self, params: dict[str, str]) -> tuple[int, bytes, str, int]:
        db = params.get("db", "")
        if db != "pubmed":
            return 400, wire.efetch_error(f"Invalid db name specified: {db}"), "text/xml", 0
        if params.get("retmode", "xml").lower() != "xml":
            message = "the stand-in serves retmode=xml only"
            return 400, wire.efetch_error(message), "text/xml", 0
        ids = list(dict.fromkeys(i.strip() for i in params.get("id", "").split(",") if i.strip()))
        if not ids:
            return 400, wire.efetch_error("Empty id list - nothing todo"), "text/xml", 0
        found = {r.pmid or r.native_id: r for r in self.backend.records(ids)}
        ordered = [found[i] for i in ids if i in found]
        return 200, render_article_set(ordered), "text/xml; charset=UTF-8", len(ids)


def main(
    argv: list[str] | None = None,
    *,
    prog: str = "python -m standins.eutils",
    open_backend: Callable[[str | None], Backend] | None = None,
) -> int:
    """Serve an index until Ctrl-C, then print the counters.

    `open_backend(index)` turns the `--index` option into a backend; by default `--index` is
    required and opened with `standins.backend.open_index` (`bench.eutils_standin` passes one
    that builds the benchmark corpus when `--index` is missing).
    """
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument(
        "--index",
        required=open_backend is None,
        help="a built local index folder (`litcheck corpus build`)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.15, help="seconds per request (0.15)")
    parser.add_argument("--rate", type=int, default=3, help="requests/s without api_key (3)")
    parser.add_argument(
        "--rate-with-key", type=int, default=10, help="requests/s with api_key (10)"
    )
    args = parser.parse_args(argv)
    backend = open_backend(args.index) if open_backend else open_index(args.index)
    limiter = SlidingWindowLimiter(rate_no_key=args.rate, rate_with_key=args.rate_with_key)
    standin = StandIn(
        backend,
        port=args.port,
        latency=args.latency,
        limiter=limiter,
        log=lambda m: print(m, file=sys.stderr, flush=True),
    ).start()
    print(f"LITCHECK_EUTILS_URL={standin.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print(json.dumps(standin.stop(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _efetch_ids(path: str, params: dict[str, str]) -> tuple[str, ...]:
    """The PMIDs an efetch request asks for (none for other endpoints)."""
    if not path.endswith("efetch.fcgi"):
        return ()
    return tuple(p.strip() for p in params.get("id", "").split(",") if p.strip())
