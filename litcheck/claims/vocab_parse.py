"""Checking one vocabulary entry of a TOML file (`Vocabulary._merge_text`): kinds, string
lists, MeSH/query strings, and patterns that compile. Errors name the file and the entry."""

from __future__ import annotations

import re
from typing import Any

from litcheck.claims.vocab import _ENTRY_KEYS, KINDS, VocabEntry
from litcheck.errors import ConfigError


def parse_entry(canonical: str, value: Any, default_kind: Any, source: str) -> VocabEntry:
    if isinstance(value, str):
        value = {"mesh": value}
    if not isinstance(value, dict):
        raise ConfigError(
            f"{source}: entry {canonical!r} must be a table or a MeSH heading string",
            tip="see queries/README.md",
        )
    kind = value.get("kind", default_kind)
    if kind not in KINDS:
        raise ConfigError(
            f"{source}: entry {canonical!r} has kind {kind!r}",
            tip=f"set kind to one of: {', '.join(KINDS)}",
        )

    def strings(key: str) -> tuple[str, ...]:
        items = value.get(key, [])
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(
                f"{source}: {canonical!r}.{key} must be a list of strings",
                tip="see queries/README.md",
            )
        return tuple(items)

    patterns = strings("patterns")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{source}: {canonical!r} has a bad pattern {pattern!r}: {exc}",
                tip="patterns are Python regular expressions",
            ) from exc
    for key in ("mesh", "query"):
        if key in value and not isinstance(value[key], str):
            raise ConfigError(f"{source}: {canonical!r}.{key} must be a string", tip=None)
    return VocabEntry(
        canonical=canonical,
        kind=str(kind),
        patterns=patterns,
        synonyms=strings("synonyms"),
        related=strings("related"),
        mesh=value.get("mesh"),
        query=value.get("query"),
        extra={k: v for k, v in value.items() if k not in _ENTRY_KEYS},
    )
