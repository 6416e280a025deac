"""The httpx client is built without importing httpx's own command-line client (which loads
pygments and rich.syntax), and still works."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import respx

from litcheck.sources.transport import build_client, import_httpx


def test_httpx_loads_without_its_command_line_client() -> None:
    """The first request of a run (nothing cached) is where httpx is imported."""
    body = (
        "import json, sys\n"
        "from litcheck.errors import LitcheckError\n"
        "from litcheck.sources.http import HttpClient, RateLimiter\n"
        "client = HttpClient(source='s', base_url='http://127.0.0.1:9/', base_url_env='X',\n"
        "                    limiter=RateLimiter(100.0), cache=None, max_retries=0, timeout=1)\n"
        "try:\n"
        "    client.get('x', {}, ttl=None)\n"
        "except LitcheckError:\n"
        "    pass  # nothing listens there: only the imports matter\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('pygments', 'httpx')))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", body], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "httpx" in loaded and "httpx._client" in loaded
    assert "httpx._main" not in loaded and not any(m.startswith("pygments") for m in loaded)


def test_the_client_sends_requests(respx_mock: respx.MockRouter) -> None:
    assert import_httpx() is httpx  # already loaded here (by the test): the same module
    respx_mock.get("http://127.0.0.1:9/x").mock(return_value=httpx.Response(200, text="ok"))
    client = build_client(base_url="http://127.0.0.1:9/", base_url_env="X", source="s", timeout=1)
    with client:
        assert client.get("http://127.0.0.1:9/x").text == "ok"
