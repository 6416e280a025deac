"""Secrets never leave: keys, e-mail and token-like parameters are masked in errors, logs,
result fields and cache keys, even when a response body echoes the request."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from litcheck import log
from litcheck.errors import SourceError
from litcheck.redact import MASK, is_secret_name, redact, register_secret
from litcheck.sources.http import HttpClient, RateLimiter
from litcheck.sources.store import FILENAME

BASE = "https://eutils.example.test/entrez/eutils/"
KEY = "0123456789abcdef0123456789abcdef0123"
ECHO_400 = (
    "<html><body>Bad Request: GET /entrez/eutils/esearch.fcgi?db=pubmed&term=x"
    f"&api_key={KEY}&email=someone%40example.org&tool=litcheck</body></html>"
)


def test_redact_by_name_and_by_value():
    register_secret("s3cr3t-value")
    text = (
        'api_key=AAA&term=eye&access_token=BBB; {"password": "CCC"} query_key=1 '
        "and again: s3cr3t-value, s3cr3t-value"
    )
    clean = redact(text)
    for secret in ("AAA", "BBB", "CCC", "s3cr3t-value"):
        assert secret not in clean
    assert "term=eye" in clean and "query_key=1" in clean and clean.count(MASK) == 5
    assert is_secret_name("NCBI_API_KEY") and is_secret_name("email")
    assert not is_secret_name("term") and not is_secret_name("query_key")


def test_a_400_body_that_echoes_the_key_never_surfaces(respx_mock, caplog):
    respx_mock.get(BASE + "esearch.fcgi").mock(return_value=httpx.Response(400, text=ECHO_400))
    client = HttpClient(
        source="pubmed",
        base_url=BASE,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=None,
    )
    params = {"db": "pubmed", "term": "x", "api_key": KEY, "email": "someone@example.org"}
    with caplog.at_level(logging.DEBUG, "litcheck"), pytest.raises(SourceError) as info:
        client.get("esearch.fcgi", params, ttl=None)
    shown = f"{info.value.message} {info.value.tip} {info.value} {caplog.text}"
    assert "HTTP 400" in shown and "term=x" in shown
    assert KEY not in shown and "someone" not in shown


def test_a_log_line_is_masked(caplog):
    register_secret(KEY)
    with caplog.at_level(logging.WARNING, "litcheck"):
        log.warning("sent %s", f"?api_key={KEY}")
        logging.getLogger("litcheck").warning("then %s", f"?api_key={KEY}")  # the same logger
    assert KEY not in caplog.text and MASK in caplog.text
    assert caplog.text.count(MASK) == 2


def test_building_an_http_client_masks_httpx_log_lines_before_any_litcheck_line():
    """A run that logs nothing of its own still masks httpx's request lines (litcheck.log)."""
    code = (
        "import logging\n"
        "from litcheck.sources.transport import build_client\n"
        "assert not logging.getLogger('httpx').filters\n"
        "build_client(base_url='https://x.test/', base_url_env='X', source='x', timeout=1)\n"
        "assert [type(f).__name__ for f in logging.getLogger('httpx').filters] == "
        "['RedactingFilter']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_cli_json_and_cache_keys_never_hold_the_key(respx_mock, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    monkeypatch.setenv("NCBI_EMAIL", "someone@example.org")
    monkeypatch.setenv("LITCHECK_EUTILS_URL", BASE)
    monkeypatch.setenv("LITCHECK_OPENFDA_URL", "https://openfda.example.test/")
    monkeypatch.setenv("OPENFDA_API_KEY", "fda-" + KEY)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("LITCHECK_CACHE_DIR", str(cache_dir))
    respx_mock.get(url__startswith=BASE).mock(return_value=httpx.Response(400, text=ECHO_400))
    no_hits = {"error": {"code": "NOT_FOUND", "message": f"No matches found! api_key={KEY}"}}
    respx_mock.get(url__startswith="https://openfda.example.test/").mock(
        return_value=httpx.Response(404, json=no_hits)
    )
    result = CliRunner().invoke(
        app(),
        ["claim", "In 2019, ketamine was approved for depression.", "--format", "json"]
        + ["--sources", "pubmed,openfda"],
    )
    assert result.exit_code == 3, result.output  # a partial answer: PubMed failed
    doc = json.loads(result.stdout)
    assert "pubmed" in doc["results"][0]["source_errors"]
    everything = result.stdout + result.stderr
    assert KEY not in everything and "someone@example.org" not in everything
    assert "someone%40example.org" not in everything
    with sqlite3.connect(cache_dir / FILENAME) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM responses")]
        assert keys  # openFDA's "no hits" answers were cached
        assert not any(KEY in k or "someone" in k for k in keys)


def app():  # imported late: the CLI's lazy imports stay lazy for the other tests
    from litcheck.cli import app as the_app

    return the_app


def test_credentials_in_a_url_are_masked():
    clean = redact("cannot reach https://bob:hunter2@mirror.example.test/eutils/ (ConnectError)")
    assert "hunter2" not in clean and "bob" not in clean and "mirror.example.test" in clean


def test_httpx_request_log_lines_are_masked(respx_mock, caplog):
    respx_mock.get(BASE + "esearch.fcgi").mock(return_value=httpx.Response(200, content=b"{}"))
    client = HttpClient(
        source="pubmed",
        base_url=BASE,
        base_url_env="LITCHECK_EUTILS_URL",
        limiter=RateLimiter(1000.0),
        cache=None,
    )
    with caplog.at_level(logging.INFO):
        client.get("esearch.fcgi", {"term": "x", "api_key": KEY}, ttl=None)
    assert "HTTP Request" in caplog.text and KEY not in caplog.text


def test_litcheck_s_own_hints_keep_their_example_values(caplog):
    assert redact("(export NCBI_EMAIL=you@example.org)") == "(export NCBI_EMAIL=you@example.org)"
    assert redact("NCBI_EMAIL=real@lab.edu") == f"NCBI_EMAIL={MASK}"
