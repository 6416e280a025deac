"""The packaged vocabulary, parsed once at development time: `litcheck/data/vocabulary.json`.

Parsing the 17 packaged TOML files (pure-Python `tomllib`) and validating their patterns took
about 30 ms of every `litcheck claim` (issue 16). The artefact holds the same entries, lists and
maps as JSON, which the C json parser reads in a few milliseconds, plus the SHA-256 of the TOML
texts it was made from. It is only an accelerator: `load_artefact` returns None unless that
digest equals the digest of the TOML files installed now, and the caller then parses the TOML,
so an edited vocabulary is never served stale. Regenerate after editing `queries/*.toml`:

    python -m litcheck.claims.vocab_artefact

(`tests/claims/test_vocab_artefact.py` fails while the committed artefact is out of date.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from litcheck.claims.vocab import VocabEntry, Vocabulary
from litcheck.digest import sha256
from litcheck.errors import ConfigError

ARTEFACT = Path(__file__).resolve().parents[1] / "data" / "vocabulary.json"
FORMAT = 2


def digest(files: Sequence[tuple[str, str]]) -> str:
    """SHA-256 over the (name, text) pairs of the packaged TOML files, in order."""
    h = sha256()
    for name, text in files:
        h.update(name.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()


def to_json(vocab: Vocabulary, files: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The artefact for `vocab`, parsed from `files`."""
    return {
        "format": FORMAT,
        "digest": digest(files),
        "sources": list(vocab.sources),
        "entries": [
            {
                "canonical": e.canonical,
                "kind": e.kind,
                "patterns": list(e.patterns),
                "synonyms": list(e.synonyms),
                "related": list(e.related),
                "mesh": e.mesh,
                "query": e.query,
                "extra": dict(e.extra),
            }
            for e in vocab
        ],
        "lists": {name: list(vocab.phrases(name)) for name in vocab.list_names()},
        "maps": {name: dict(vocab.mapping(name)) for name in vocab.map_names()},
        "matchers": [list(row) for row in vocab.matchers()],
    }


def load_artefact(files: Sequence[tuple[str, str]], path: Path = ARTEFACT) -> Vocabulary | None:
    """The vocabulary the artefact holds, or None when it is missing, unreadable, of another
    format, or made from other TOML texts than `files`."""
    try:
        # msgspec's decoder: the same values as json.loads, 40% sooner on this file.
        data = msgspec.json.decode(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("digest") != digest(files):
        return None
    entries = [
        VocabEntry(
            canonical=e["canonical"],
            kind=e["kind"],
            patterns=tuple(e["patterns"]),
            synonyms=tuple(e["synonyms"]),
            related=tuple(e["related"]),
            mesh=e["mesh"],
            query=e["query"],
            extra=e["extra"],
        )
        for e in data["entries"]
    ]
    vocab = Vocabulary(entries, data["lists"], data["sources"])
    vocab.set_maps(data["maps"])
    vocab.set_matchers(data["matchers"])
    return vocab


def packaged_files() -> list[tuple[str, str]]:
    """(name, text) of the packaged vocabulary files, sorted by name."""
    # A wheel carries queries/ as litcheck/_queries (pyproject force-include); a source tree
    # or an editable install has it at the repository's root.
    folder = Path(__file__).resolve().parents[1] / "_queries"
    if not folder.is_dir():
        folder = Path(__file__).resolve().parents[2] / "queries"
    if not folder.is_dir():
        raise ConfigError(
            "the built-in vocabulary (queries/) is missing from this installation",
            tip="reinstall litcheck, or pass --queries DIR with your own vocabulary",
        )
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f"queries/{f.name}", f.read_text(encoding="utf-8")) for f in files]


def main() -> None:
    """Write the artefact from the TOML files this installation carries."""
    from litcheck.claims.vocab import parse_files

    files = packaged_files()
    data = to_json(parse_files(files), files)
    ARTEFACT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {ARTEFACT} ({len(data['entries'])} entries, digest {data['digest'][:12]})")


if __name__ == "__main__":
    main()
