"""A loopback openFDA stand-in: `/drug/drugsfda.json` and `/drug/label.json` in api.fda.gov's
real JSON shapes, for tests and benchmarks (`LITCHECK_OPENFDA_URL=http://127.0.0.1:PORT/`).

- 200: `{"meta": {disclaimer, terms, license, last_updated, results: {skip, limit, total}},
  "results": [...]}`, as recorded from api.fda.gov (tests/fixtures/openfda/).
- 404 `NOT_FOUND` "No matches found!" for no hits and for `skip` past the end (body byte-for-byte
  as recorded); 400 `BAD_REQUEST` for a search outside the supported syntax or limit > 1000;
  403 `API_KEY_INVALID` for keys in `invalid_keys`.
- 429 once a client (its api_key, else its address) sends more than `per_minute` requests in 60 s.
  # NOTE: the body is api.data.gov's documented OVER_RATE_LIMIT error (openFDA runs behind
  # api-umbrella); no real openFDA 429 was captured. See: https://api.data.gov/docs/developer-manual/
- `fail_status` makes every API request answer that status (an outage or a 429 storm).
- GET /_stats: request counters (not rate limited, not counted).

Data: `standins.openfda_data` (Drugs@FDA tables + attributed labels). Search syntax:
`standins.openfda_search`.

    python -m standins.openfda --port 8766 [--zip drugsatfda.zip --all]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standins.openfda_data import DEFAULT_ZIP, annotate, build_drugsfda, load_drugsfda, load_labels
from standins.openfda_search import SearchSyntaxError, compile_search, values
from standins.server import LoopbackServer

META = {
    "disclaimer": (
        "Do not rely on openFDA to make decisions regarding medical care. While we make every "
        "effort to ensure that data is accurate, you should assume all results are unvalidated. "
        "We may limit or otherwise restrict your access to the API in line with our Terms of Service."
    ),
    "terms": "https://open.fda.gov/terms/",
    "license": "https://open.fda.gov/license/",
    "last_updated": "2019-07-02",
}
MAX_LIMIT = 1000
RATE_LIMIT_MESSAGE = (
    "You have exceeded your rate limit. Try again later or contact us at "
    "https://api.fda.gov:443/contact/ for assistance"
)


def error_body(code: str, message: str) -> bytes:
    """An openFDA error body, laid out as api.fda.gov sends it (2-space indent, no newline)."""
    return json.dumps({"error": {"code": code, "message": message}}, indent=2).encode()


class OpenFdaStandin(LoopbackServer):
    """The stand-in server; `start()` runs it on a daemon thread, `stop()` shuts it down."""

    def __init__(
        self,
        drugsfda: list[dict[str, Any]] | None = None,
        labels: list[dict[str, Any]] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        per_minute: int = 240,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.labels = labels if labels is not None else load_labels()
        self.drugsfda = drugsfda if drugsfda is not None else load_drugsfda(labels=self.labels)
        self.per_minute = per_minute
        self.fail_status: int | None = None
        self.invalid_keys: set[str] = set()
        self.stats: Counter[str] = Counter()
        self.searches: list[str] = []
        self._clock = clock
        self._arrivals: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True

    # ------------------------------------------------------------------------------------------

    def allow(self, client: str) -> tuple[bool, int]:
        """Sliding 60 s window per client; refused requests count too. (allowed, remaining)."""
        now = self._clock()
        with self._lock:
            arrivals = self._arrivals.setdefault(client, deque())
            while arrivals and arrivals[0] <= now - 60.0:
                arrivals.popleft()
            arrivals.append(now)
            return len(arrivals) <= self.per_minute, max(0, self.per_minute - len(arrivals))

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        """(status, body) for one API request (rate limiting is done by the handler)."""
        if self.fail_status is not None:
            if self.fail_status == 429:
                return 429, error_body("OVER_RATE_LIMIT", RATE_LIMIT_MESSAGE)
            return self.fail_status, error_body("SERVER_ERROR", "Check your request and try again")
        key = (query.get("api_key") or [""])[0]
        if key and key in self.invalid_keys:
            return 403, error_body(
                "API_KEY_INVALID",
                "An invalid api_key was supplied. Get one at https://api.fda.gov:443",
            )
        data = {"/drug/drugsfda.json": self.drugsfda, "/drug/label.json": self.labels}.get(path)
        if data is None:
            return 404, error_body("NOT_FOUND", "No matches found!")
        try:
            limit = int((query.get("limit") or ["1"])[0])
            skip = int((query.get("skip") or ["0"])[0])
        except ValueError:
            return 400, error_body("BAD_REQUEST", "Invalid limit or skip parameter")
        if limit > MAX_LIMIT or limit < 0 or skip < 0:
            return 400, error_body(
                "BAD_REQUEST", f"Limit cannot exceed {MAX_LIMIT} results for search requests."
            )
        search = (query.get("search") or [""])[0]
        with self._lock:
            self.searches.append(search)
        try:
            hits = [r for r in data if compile_search(search)(r)] if search else list(data)
        except SearchSyntaxError as exc:
            return 400, error_body("BAD_REQUEST", f"Syntax error in 'search' parameter: {exc}")
        sort = (query.get("sort") or [""])[0]
        if sort:
            field, _, order = sort.partition(":")
            path_ = field.removesuffix(".exact").split(".")
            hits.sort(key=lambda r: min(values(r, path_), default=""), reverse=order == "desc")
        page = hits[skip : skip + limit]
        if not page:
            return 404, error_body("NOT_FOUND", "No matches found!")
        meta = dict(META, results={"skip": skip, "limit": limit, "total": len(hits)})
        return 200, json.dumps({"meta": meta, "results": page}, indent=2).encode()


def _handler(standin: OpenFdaStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet by default
            return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/_stats":
                with standin._lock:
                    body = json.dumps(dict(standin.stats)).encode()
                self._send(200, body, {})
                return
            query = parse_qs(parts.query, keep_blank_values=True)
            client = (query.get("api_key") or [""])[0] or self.client_address[0]
            allowed, remaining = standin.allow(client)
            if allowed:
                status, body = standin.answer(parts.path, query)
            else:
                status, body = 429, error_body("OVER_RATE_LIMIT", RATE_LIMIT_MESSAGE)
            with standin._lock:
                standin.stats["requests"] += 1
                standin.stats[f"status_{status}"] += 1
                standin.stats[parts.path] += 1
            headers = {
                "x-ratelimit-limit": str(standin.per_minute),
                "x-ratelimit-remaining": str(remaining),
            }
            self._send(status, body, headers)

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Loopback openFDA stand-in (drugsfda + label).")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--per-minute", type=int, default=240)
    parser.add_argument("--zip", default=None, help="build drugsfda from this drugsatfda.zip")
    parser.add_argument("--all", action="store_true", help="with --zip: every application")
    args = parser.parse_args(argv)
    labels = load_labels()
    drugsfda = None
    if args.zip or args.all:
        from pathlib import Path

        drugsfda = build_drugsfda(
            Path(args.zip) if args.zip else DEFAULT_ZIP,
            None if args.all else ("ketamine", "esketamine"),
        )
        annotate(drugsfda, labels)
    standin = OpenFdaStandin(drugsfda, labels, port=args.port, per_minute=args.per_minute)
    print(f"openFDA stand-in on {standin.url} ({len(standin.drugsfda)} applications); Ctrl-C stops")
    try:
        standin._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin._server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
