"""Data shipped inside the package: fitted weights, word statistics, the parsed vocabulary and
the PubMedQA sample index (see ATTRIBUTION.md).

`path(name)` is the file's place on disk. litcheck is installed as files (a wheel unpacked into
site-packages, or the repository in an editable install), never run from a zip, so a plain path
does what `importlib.resources` would, without its import cost on every start (issue 16).
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The packaged data file `name` (it may not exist; readers say what to do then)."""
    return FOLDER / name


def read_text(name: str) -> str:
    """The packaged data file `name` as UTF-8 text (FileNotFoundError when absent)."""
    return path(name).read_text(encoding="utf-8")
