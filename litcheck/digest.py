"""SHA-256 for litcheck's ids and cache keys, without loading OpenSSL on every start.

`hashlib` imports `_hashlib`, which loads libcrypto: about 4 ms of a 0.25 s warm claim (issue 16)
for a few short digests (a claim's id, cache keys, the digests naming the parser and the
vocabulary). CPython also builds its own SHA-256 in (`_sha256`, `_sha2` from 3.12), which
gives the same digests; `random` prefers its built-in `_sha512` over hashlib for the same reason
(https://github.com/python/cpython/blob/3.11/Lib/random.py). An interpreter built without it
falls back to hashlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.11
        except ImportError:
            from hashlib import sha256

__all__ = ["code_digest", "sha256"]


def code_digest(files: Sequence[str], *extra: str) -> str:
    """12 hex digits naming the code in `files` (paths relative to the repository or
    site-packages folder holding `litcheck/`) and the texts `extra`: cache keys of what that
    code computed change whenever it does. A file that cannot be read (a stripped install)
    counts by its name."""
    root = Path(__file__).resolve().parents[1]
    digest = sha256()
    for name in files:
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:12]
