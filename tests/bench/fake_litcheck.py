"""A stand-in for `litcheck check` used to test the benchmark harness (not litcheck itself).

`python fake_litcheck.py check CLAIMS --output OUT --format jsonl --sources pubmed`: one esearch
per claim against $LITCHECK_EUTILS_URL, paced at 0.35 s, appending one RESULT line per claim
and skipping claims already in OUT (resume).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import httpx

from litcheck.models import claim_id


def main() -> None:
    claims = Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
    out = Path(sys.argv[sys.argv.index("--output") + 1])
    done = set()
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            try:
                done.add(json.loads(line)["claim"]["id"])
            except (ValueError, KeyError):
                pass
    url = os.environ["LITCHECK_EUTILS_URL"] + "esearch.fcgi"
    email = os.environ.get("NCBI_EMAIL", "")
    with httpx.Client() as client, out.open("a", encoding="utf-8") as f:
        for text in claims:
            cid = claim_id(text)
            if cid in done:
                continue
            params = {
                "db": "pubmed",
                "term": text,
                "retmode": "json",
                "tool": "fake",
                "email": email,
            }
            ids = client.get(url, params=params).json()["esearchresult"]["idlist"]
            cands = [{"rank": i + 1, "id": f"pubmed:{p}"} for i, p in enumerate(ids[:3])]
            f.write(json.dumps({"claim": {"id": cid, "text": text}, "candidates": cands}) + "\n")
            f.flush()
            time.sleep(0.35)


if __name__ == "__main__":
    main()
