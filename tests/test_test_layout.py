"""Guards for how the test suite itself is laid out (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
_BENCH_IMPORT = re.compile(r"^\s*(from bench(\.| import)|import bench\b)", re.MULTILINE)
_SHARED = re.compile(r"""["'/]\.\./shared\b|/work/shared\b|LITCHECK_SHARED_DIR""")


def _product_test_files() -> list[Path]:
    return [p for p in TESTS.rglob("*.py") if TESTS / "bench" not in p.parents]


def test_product_tests_do_not_import_bench():
    """Stand-ins live in `standins/`; only tests/bench/ (tests of the benchmarks) imports bench."""
    offenders = [p for p in _product_test_files() if _BENCH_IMPORT.search(p.read_text())]
    assert offenders == []


def test_no_test_names_a_path_outside_the_repository():
    """Tests read copies under tests/fixtures/ (PROVENANCE.md), never ../shared."""
    code = [p for p in TESTS.rglob("*.py") if p != Path(__file__)]
    offenders = [
        p
        for p in code
        for line in p.read_text().splitlines()
        if _SHARED.search(line) and not line.lstrip().startswith(("#", '"""'))
    ]
    assert offenders == []
