"""Run `litcheck check` as a child process, measure it, and read what it wrote.

Peak memory is the child's own VmHWM, polled from /proc until it exits (not `ru_maxrss`, unlike
`RUSAGE_CHILDREN`, which keeps the maximum over every child ever waited for).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LITCHECK = (sys.executable, "-m", "litcheck")


@dataclass(frozen=True)
class Run:
    wall: float
    returncode: int
    peak_rss_mb: float
    killed: bool = False
    log: Path | None = None


def child_env(
    eutils_url: str,
    cache_dir: Path,
    *,
    api_key: str | None = None,
    litsense_url: str | None = None,
    ratelimit_dir: Path | None = None,
) -> dict[str, str]:
    """The environment of a benchmark child: stand-in URLs, its own cache, an e-mail, no key;
    with `ratelimit_dir`, its own rate-limit state (not shared with other litcheck processes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NCBI_", "LITCHECK_"))}
    env.update(
        LITCHECK_EUTILS_URL=eutils_url,
        LITCHECK_CACHE_DIR=str(cache_dir),
        NCBI_EMAIL="litcheck-bench@example.org",
        NO_COLOR="1",
    )
    if api_key:
        env["NCBI_API_KEY"] = api_key
    if litsense_url:
        env["LITCHECK_LITSENSE_URL"] = litsense_url
    if ratelimit_dir is not None:
        ratelimit_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        env["LITCHECK_RATELIMIT_DIR"] = str(ratelimit_dir)
    return env


def check_command(
    claims: Path,
    output: Path,
    extra: tuple[str, ...] = (),
    litcheck: tuple[str, ...] = LITCHECK,
    sources: str = "pubmed",
) -> list[str]:
    """`litcheck check` as the contract states it (CONTRACT.md, Commands)."""
    return [
        *litcheck,
        "check",
        str(claims),
        "--output",
        str(output),
        "--format",
        "jsonl",
        "--sources",
        sources,
        *extra,
    ]


def run(cmd: list[str], env: dict[str, str], *, log: Path, kill_after: float | None = None) -> Run:
    """Run `cmd` (stdout discarded, stderr to `log`); SIGKILL it after `kill_after` seconds."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        killed = False
        peak_kb = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_kb = max(peak_kb, _vm_hwm_kb(proc.pid))
            if kill_after is not None and time.monotonic() - start >= kill_after:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                kill_after = None
            else:
                time.sleep(0.02)
        wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # NOTE: ru_maxrss from wait4 is not the child's own peak: at exec Linux keeps the maximum
    # of the old address space's high-water mark, i.e. the (large) benchmark process that
    # forked it. VmHWM of the exec'd program, polled until it exits, is the child's own peak.
    # See: https://man7.org/linux/man-pages/man2/getrusage.2.html (ru_maxrss) and proc(5).
    return Run(wall, proc.returncode, (peak_kb or usage.ru_maxrss) / 1024, killed, log)


def _vm_hwm_kb(pid: int) -> int:
    """Peak resident set size of `pid` so far (VmHWM in /proc/PID/status), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


@dataclass
class ResultsFile:
    """What a results JSONL holds: one RESULT per claim, plus anything malformed."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    corrupt: int = 0

    @classmethod
    def read(cls, path: Path) -> ResultsFile:
        out = cls()
        if not path.is_file():
            return out
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                out.corrupt += 1
                continue
            if isinstance(obj, dict) and isinstance(obj.get("claim"), dict):
                out.lines.append(obj)
            else:
                out.corrupt += 1
        return out

    def ids(self) -> list[str]:
        return [str(r["claim"].get("id")) for r in self.lines]

    def top(self, k: int = 3) -> dict[str, tuple[str, ...]]:
        """Claim id -> ids of its first `k` candidates."""
        return {
            str(r["claim"].get("id")): tuple(str(c.get("id")) for c in r.get("candidates", [])[:k])
            for r in self.lines
        }


def compare(reference: ResultsFile, other: ResultsFile, *, k: int = 3) -> dict[str, Any]:
    """How `other` (e.g. a killed-and-resumed run) differs from `reference`."""
    ref_ids, other_ids = Counter(reference.ids()), Counter(other.ids())
    duplicates = sorted(i for i, n in other_ids.items() if n > 1)
    missing = sorted(set(ref_ids) - set(other_ids))
    extra = sorted(set(other_ids) - set(ref_ids))
    ref_top, other_top = reference.top(k), other.top(k)
    differing = sorted(i for i in ref_top if i in other_top and ref_top[i] != other_top[i])
    return {
        "claims_reference": len(ref_ids),
        "claims_other": len(other_ids),
        "duplicates": duplicates,
        "missing": missing,
        "extra": extra,
        "corrupt_lines": other.corrupt,
        f"top{k}_differ": differing,
        "same": not (duplicates or missing or extra or differing or other.corrupt),
    }


def top_k_hits(
    results: ResultsFile, expected: dict[str, tuple[str, ...]], k: int = 3
) -> dict[str, Any]:
    """Share of claims whose expected PMIDs include one of the first `k` candidates."""
    top = results.top(k)
    judged = [cid for cid in expected if cid in top and expected[cid]]
    hits = sum(any(f"pubmed:{pmid}" in top[cid] for pmid in expected[cid]) for cid in judged)
    return {
        "judged": len(judged),
        f"top{k}_hits": hits,
        f"top{k}_rate": round(hits / len(judged), 3) if judged else None,
    }
