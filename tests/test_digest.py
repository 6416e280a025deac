"""litcheck.digest.sha256 is SHA-256 (the built-in module when there is one)."""

from __future__ import annotations

import hashlib

from litcheck.digest import sha256


def test_same_digests_as_hashlib() -> None:
    for data in (b"", b"abc", "Ketamine “works”".encode(), bytes(range(256)) * 99):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    h = sha256()
    h.update(b"a")
    h.update(b"bc")
    assert h.hexdigest() == hashlib.sha256(b"abc").hexdigest()
