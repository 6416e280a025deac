"""LitSense's 1 request/s is one budget for every litcheck process on the machine."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litcheck.models import AbstractSection, Record

CHILD = """
import json, sys, time
from pathlib import Path
from litcheck.errors import RateLimited
from litcheck.settings import Settings
from litcheck.sources.http import shared_limiter
from litcheck.sources.litsense.client import LitSenseClient

url, folder, start, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
settings = Settings(litsense_url=url, use_cache=False, max_retries=0)
limiter = shared_limiter("litsense", 1.0, directory=Path(folder))
client = LitSenseClient.from_settings(settings, limiter=limiter)
while time.time() < start:
    time.sleep(0.005)
refused = 0
for i in range(n):
    try:
        client.sentences(f"ketamine relieves depression within hours {i} {sys.argv[5]}")
    except RateLimited:
        refused += 1
print(json.dumps({"refused": refused}))
"""


def _records() -> list[Record]:
    text = "Ketamine relieves depression within hours in patients with resistant depression."
    return [
        Record(
            source="pubmed",
            id=f"pubmed:{n}",
            pmid=str(n),
            title=text,
            abstract=(AbstractSection(text),),
        )
        for n in (1, 2, 3)
    ]


@pytest.mark.loopback
def test_two_processes_share_litsenses_budget_and_get_no_429(tmp_path: Path):
    from standins.litsense import LitSenseStandIn

    per_process = 3
    with LitSenseStandIn(_records()) as standin:
        start = time.time() + 1.0
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, standin.url, str(tmp_path / "rl"), str(start)]
                + [str(per_process), str(k)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for k in range(2)
        ]
        outs = [json.loads(child.communicate(timeout=60)[0]) for child in children]
        stats = standin.stats.snapshot()
    assert [o["refused"] for o in outs] == [0, 0]
    assert stats["requests"] == 2 * per_process and stats["rate_limited"] == 0
