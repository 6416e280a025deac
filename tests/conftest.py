"""Test-wide isolation: no network, no real user state, fixed consoles.

- pytest-socket (`--disable-socket` in pyproject) blocks every socket, so biopython's DTD
  download fallback or a stray client fails loudly instead of reaching out. Tests marked
  `loopback` may open sockets to 127.0.0.1 only.
- Every test gets its own LITCHECK_CACHE_DIR; NCBI/openFDA keys and e-mail are removed.
- `--online` opts in to tests marked `online` (they talk to the real services).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from litcheck.cli.common import reset_consoles
from litcheck.models import ClaimResult, Decision
from litcheck.results.decisions import load_latest
from litcheck.results.reader import read_results
from tests.review.review_helpers import REVIEW_FIXTURES

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--online", action="store_true", help="run tests that reach real services")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # NOTE: pytest-socket's own pytest_runtest_setup runs after the one below and disables
    # sockets again (before fixtures start servers); the allow_hosts marker is what it honours.
    for item in items:
        if "loopback" in item.keywords and "online" not in item.keywords:
            item.add_marker(pytest.mark.allow_hosts(["127.0.0.1", "localhost", "::1"]))
    if config.getoption("--online"):
        return
    skip = pytest.mark.skip(reason="talks to real services; run with --online")
    for item in items:
        if "online" in item.keywords:
            item.add_marker(skip)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "loopback" in item.keywords or "online" in item.keywords:
        from pytest_socket import enable_socket, socket_allow_hosts

        enable_socket()
        if "online" not in item.keywords:
            socket_allow_hosts(["127.0.0.1", "localhost", "::1"], allow_unix_socket=True)


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name in (
        "NCBI_API_KEY",
        "NCBI_EMAIL",
        "OPENFDA_API_KEY",
        "LITCHECK_EUTILS_URL",
        "LITCHECK_OPENFDA_URL",
        "LITCHECK_LOCAL_INDEX",
        "LITCHECK_LITSENSE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LITCHECK_CACHE_DIR", str(tmp_path / "cache"))
    # One machine-wide rate-limit folder per test session (like the real per-user one).
    monkeypatch.setenv("LITCHECK_RATELIMIT_DIR", str(tmp_path_factory.getbasetemp() / "ratelimit"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("USER", "tester")


def fixture_path(name: str) -> Path:
    """Path of a file under tests/fixtures/ (see tests/fixtures/PROVENANCE.md)."""
    return FIXTURES / name


def fixture_bytes(name: str) -> bytes:
    return fixture_path(name).read_bytes()


# Review, results and report fixtures (constants live in tests/review/review_helpers.py) ----


@pytest.fixture(autouse=True)
def _fresh_consoles() -> None:
    reset_consoles()


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    """A private copy of the results fixture in an empty folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "results.jsonl"
    shutil.copyfile(REVIEW_FIXTURES / "results.jsonl", target)
    return target


@pytest.fixture
def results() -> list[ClaimResult]:
    return read_results(REVIEW_FIXTURES / "results.jsonl")


@pytest.fixture
def fixed_decisions() -> dict[str, Decision]:
    return load_latest(REVIEW_FIXTURES / "decisions.jsonl")
