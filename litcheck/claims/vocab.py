"""Vocabularies: the named things claim analysis looks for, loaded from TOML data.

The packaged vocabulary is the repository's `queries/` folder, shipped in the wheel as
`litcheck/_queries` (pyproject `force-include`). `Vocabulary.load(user_dir)` layers a user's
folder over it: an entry with the same canonical name (case-insensitive) replaces the built-in
one, new entries are added, and named word lists are extended. The file format is described in
`queries/README.md`.

Matching contract (`Vocabulary.find`): names match whole words, case-insensitively, with spaces
and hyphens interchangeable and an optional plural "s"/"es"; names written entirely in capitals
(acronyms: "TMS", "ART") match case-sensitively so that "art" is not antiretroviral therapy.
`patterns` are regular expressions used as written. Overlapping matches resolve to the longest
("treatment-resistant depression" wins over "depression"), within a layer (see `_LAYER`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from litcheck.claims.text import fold
from litcheck.errors import ConfigError

KINDS = (
    "intervention",
    "condition",
    "organism",
    "institution",
    "agency",
    "design",
    "regulatory",
    "recency",
    "concept",
)
"""Entry kinds `litcheck.claims.facets` understands."""

_LAYER = {"design": "design", "regulatory": "regulatory", "recency": "recency"}
"""Kinds that may overlap other kinds: "new study" is both recency and a design word,
"FDA-approved" both an agency and a regulatory word. Named things (drugs, conditions,
organisms, institutions, agencies, concepts) share one layer, where the longest match wins."""

_ENTRY_KEYS = {"kind", "synonyms", "related", "mesh", "query", "patterns"}

MapValue = str | int | float
"""A value of a `[maps.NAME]` table."""


class VocabEntry(Struct, frozen=True):
    """One named thing: a drug, a condition, an institution, a study design, ..."""

    canonical: str
    kind: str
    patterns: tuple[str, ...] = ()
    """Regular expressions that also match this entry (used as written)."""
    synonyms: tuple[str, ...] = ()
    """Other names, matched like the canonical name (salts, brands, spellings, acronyms)."""
    related: tuple[str, ...] = ()
    """Related but distinct things searched alongside (ketamine -> esketamine, arketamine)."""
    mesh: str | None = None
    query: str | None = None
    """A ready-made PubMed fragment ("Northwestern[ad]", "Mice[mh]")."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Any other keys of the TOML entry (e.g. organisms' `animal = true`)."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.synonyms)


class VocabMatch(Struct, frozen=True):
    """Where an entry matched in a text (character offsets, end exclusive)."""

    entry: VocabEntry
    start: int
    end: int
    text: str


def name_regex(name: str) -> str:
    """Regex source for a literal name (see the module docstring for the rules)."""
    # Words written apart need a space or hyphen between them; hyphenated words may also be
    # written apart or together ("meta-analysis", "meta analysis", "metaanalysis").
    words = [w for w in name.strip().split() if w]
    body = r"[\s\-]+".join(r"[\s\-]?".join(re.escape(p) for p in w.split("-") if p) for w in words)
    if name[-1:].isalpha() and not name.endswith("s"):
        body += "(?:e?s)?"
    letters = [c for c in name if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    if acronym:
        body = f"(?-i:{body})"
    return rf"(?<![\w-]){body}(?![\w])" if acronym else rf"(?<!\w){body}(?!\w)"


class Vocabulary:
    """Entries by canonical name plus named word lists. Build with `Vocabulary.load()`."""

    def __init__(
        self,
        entries: Iterable[VocabEntry] = (),
        lists: Mapping[str, Iterable[str]] | None = None,
        sources: Iterable[str] = (),
    ) -> None:
        self._entries: dict[str, VocabEntry] = {}
        for entry in entries:
            self._entries[entry.canonical.lower()] = entry
        self._lists: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (lists or {}).items()}
        self._maps: dict[str, dict[str, MapValue]] = {}
        self.sources: tuple[str, ...] = tuple(sources)
        """The files loaded, in order (for error messages and `--queries` diagnostics)."""

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, user_dir: Path | None = None) -> Vocabulary:
        """The packaged vocabulary, with `user_dir`'s *.toml files layered on top.

        Raises ConfigError (naming the file and line) for malformed TOML or entries. The packaged
        files are parsed once per process (`_packaged`); each call returns a new vocabulary.
        """
        base = _packaged()
        vocab = cls(base._entries.values(), base._lists, base.sources)
        vocab._maps = {k: dict(v) for k, v in base._maps.items()}
        vocab.__dict__["_compiled"] = base._compiled  # built once per process, then shared
        if user_dir is not None:
            if not user_dir.is_dir():
                raise ConfigError(
                    f"vocabulary folder {user_dir} does not exist",
                    tip="--queries takes a folder of .toml files",
                )
            for path in sorted(user_dir.glob("*.toml")):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise ConfigError(
                        f"cannot read vocabulary file {path}: {exc}",
                        tip="vocabulary files must be UTF-8 TOML",
                    ) from exc
                vocab._merge_text(text, str(path))
        return vocab

    def _merge_text(self, text: str, source: str) -> None:
        import tomllib  # only for a user's folder or a stale artefact: ~7 ms to import

        from litcheck.claims.vocab_parse import parse_entry

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # The message ends with "(at line N, column M)".
            raise ConfigError(
                f"malformed vocabulary file {source}: {exc}",
                tip="fix the TOML syntax there (see queries/README.md for the format)",
            ) from exc
        default_kind = data.get("kind")
        entries = data.get("entries", {})
        if not isinstance(entries, dict):
            raise ConfigError(f"{source}: [entries] must be a table", tip="see queries/README.md")
        for canonical, value in entries.items():
            entry = parse_entry(canonical, value, default_kind, source)
            self._entries[entry.canonical.lower()] = entry
        lists = data.get("lists", {})
        if not isinstance(lists, dict):
            raise ConfigError(f"{source}: [lists] must be a table", tip="see queries/README.md")
        for list_name, words in lists.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ConfigError(
                    f"{source}: list {list_name!r} must be an array of strings",
                    tip="see queries/README.md",
                )
            self._lists[list_name] = self._lists.get(list_name, ()) + tuple(words)
        self._merge_maps(data.get("maps", {}), source)
        self.sources += (source,)
        self.__dict__.pop("_compiled", None)
        self.__dict__.pop("_word_sets", None)
        self.__dict__.pop("_unions", None)

    def _merge_maps(self, maps: Any, source: str) -> None:
        """`[maps.NAME]` tables: a spelling -> a string or number; later files override keys."""
        if not isinstance(maps, dict):
            raise ConfigError(f"{source}: [maps] must be a table", tip="see queries/README.md")
        for map_name, table in maps.items():
            if not isinstance(table, dict) or not all(
                isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in table.values()
            ):
                raise ConfigError(
                    f"{source}: map {map_name!r} must be a table of strings or numbers",
                    tip="see queries/README.md",
                )
            self._maps[map_name] = {**self._maps.get(map_name, {}), **table}

    # -- queries -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[VocabEntry]:
        return iter(self._entries.values())

    def get(self, canonical: str) -> VocabEntry | None:
        """The entry with this canonical name (case-insensitive), if any."""
        return self._entries.get(canonical.lower())

    def by_kind(self, kind: str) -> list[VocabEntry]:
        return [e for e in self._entries.values() if e.kind == kind]

    def lookup(self, name: str) -> VocabEntry | None:
        """The entry whose canonical name or a synonym is `name` (case-insensitive)."""
        entry = self.get(name)
        if entry is not None:
            return entry
        low = name.lower()
        return next((e for e in self if low in (s.lower() for s in e.synonyms)), None)

    def words(self, *list_names: str) -> frozenset[str]:
        """The named word lists, lower-cased and joined ("common", "stop", "weak", ...).

        A list that is absent adds nothing. Joined sets are cached until the next merge.
        """
        if len(list_names) == 1:
            return self._word_sets.get(list_names[0], frozenset())
        joined = self._unions.get(list_names)
        if joined is None:
            joined = frozenset().union(*(self._word_sets.get(n, ()) for n in list_names))
            self._unions[list_names] = joined
        return joined

    def phrases(self, list_name: str) -> tuple[str, ...]:
        """A named list as written (for regex patterns and multi-word cues)."""
        return self._lists.get(list_name, ())

    def mapping(self, map_name: str) -> Mapping[str, MapValue]:
        """A named `[maps.NAME]` table as written, in file order; empty if absent."""
        return self._maps.get(map_name, {})

    def list_names(self) -> tuple[str, ...]:
        return tuple(self._lists)

    def map_names(self) -> tuple[str, ...]:
        return tuple(self._maps)

    def set_maps(self, maps: Mapping[str, Mapping[str, MapValue]]) -> None:
        """Replace the `[maps.NAME]` tables (used when loading the parsed artefact)."""
        self._maps = {k: dict(v) for k, v in maps.items()}

    @cached_property
    def _word_sets(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(w.lower() for w in v) for k, v in self._lists.items()}

    @cached_property
    def _unions(self) -> dict[tuple[str, ...], frozenset[str]]:
        return {}

    def set_matchers(self, rows: Iterable[Sequence[Any]]) -> None:
        """Use ready-made matchers: (canonical, regex source, flags, anchors) in `_compiled`'s
        order (the parsed artefact stores them, so a start need not rebuild ~1,400 sources)."""
        self.__dict__["_compiled"] = [
            (self._entries[c.lower()], _LazyRegex(src, flags), tuple(a))
            for c, src, flags, a in rows
        ]

    def matchers(self) -> list[tuple[str, str, int, tuple[str, ...]]]:
        """What `set_matchers` takes, for this vocabulary."""
        return [(e.canonical, r.source, r.flags, a) for e, r, a in self._compiled]

    @cached_property
    def _compiled(self) -> list[tuple[VocabEntry, _LazyRegex, tuple[str, ...]]]:
        """(entry, regex, anchors): a regex of names runs only when a word of the text starts
        with one of its anchors (the first word of a name, lower-cased), which skips most of the
        ~500 regexes for a given claim. Free-form patterns have no anchors and always run.

        Regexes are compiled on first use: a claim needs a handful of the ~670, and compiling
        them all took about 0.25 s of every `litcheck claim` (issue 16)."""
        out = []
        for entry in self._entries.values():
            names = [n for n in entry.names if n.strip()]
            if names:
                firsts = [_ANCHOR.search(n.lower()) for n in names]
                anchors = tuple(sorted({m.group(0) for m in firsts if m is not None}))
                if any(m is None for m in firsts):
                    anchors = ()  # a name without a word: always run
                source = "|".join(name_regex(n) for n in names)
                out.append((entry, _LazyRegex(source, re.IGNORECASE), anchors))
            # Patterns carry their own flags ("(?i)..."), so each is compiled on its own.
            out.extend((entry, _LazyRegex(p, 0), ()) for p in entry.patterns)
        return out

    def find(self, text: str, kinds: Iterable[str] | None = None) -> list[VocabMatch]:
        """Non-overlapping matches in `text`, in text order; the longest wins an overlap."""
        wanted = set(kinds) if kinds is not None else None
        found: list[VocabMatch] = []
        # " tok1 tok2 ...": " " + anchor is found iff some word of the text starts with it.
        starts = " " + " ".join(_ANCHOR.findall(text.lower()))
        folded = fold(text)
        for entry, regex, anchors in self._compiled:
            if wanted is not None and entry.kind not in wanted:
                continue
            matches: Iterable[re.Match[str]]
            if anchors:  # a regex of names: only those that can match in this text
                if not any(" " + a in starts for a in anchors):
                    continue
                names = _plausible_names(entry, folded)
                if not names:
                    continue
                matches = _names_regex(names).finditer(text)
            else:
                matches = regex.finditer(text)
            found.extend(
                VocabMatch(entry, m.start(), m.end(), m.group(0))
                for m in matches
                if m.end() > m.start()
            )
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken: list[VocabMatch] = []
        for match in found:
            layer = _LAYER.get(match.entry.kind, "entity")
            if all(
                match.end <= t.start
                or match.start >= t.end
                or _LAYER.get(t.entry.kind, "entity") != layer
                for t in taken
            ):
                taken.append(match)
        return sorted(taken, key=lambda m: (m.start, m.end))


_ANCHOR = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[str, ...] | None:
    """The literal pieces every match of `name_regex(name)` contains, lower-cased; None when one
    is not ASCII (then its case-insensitive matches are not simply its lower case)."""
    parts = tuple(p.lower() for w in name.split() for p in w.split("-") if p)
    return parts if all(p.isascii() for p in parts) else None


def _plausible_names(entry: VocabEntry, folded: str) -> tuple[str, ...]:
    """`entry`'s names, in order, with every literal piece in `folded` (the text, `fold`ed) or
    a non-ASCII piece. A name that cannot match anywhere never matches at any position, so their
    alternation finds exactly what all names' does, and is shorter to compile (most entries that
    pass the anchor test match nothing: "N-methyl-D-aspartate" for any n-word; issue 16)."""
    out = []
    for name in entry.names:
        if not name.strip():
            continue
        parts = _name_parts(name)
        if parts is None or all(p in folded for p in parts):
            out.append(name)
    return tuple(out)


@lru_cache(maxsize=2048)
def _names_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    """The case-insensitive alternation of `names` (as `Vocabulary._compiled` builds it)."""
    return re.compile("|".join(name_regex(n) for n in names), re.IGNORECASE)


class _LazyRegex:
    """A regex compiled the first time it is used (thread-safe: a race compiles it twice)."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled.finditer(text)


@lru_cache(maxsize=1)
def _packaged() -> Vocabulary:
    """The packaged files merged, once per process (the base `Vocabulary.load` copies): from
    the parsed artefact when it was made from these very files, else from the TOML."""
    from litcheck.claims.vocab_artefact import load_artefact, packaged_files

    files = packaged_files()
    return load_artefact(files) or parse_files(files)


def parse_files(files: Iterable[tuple[str, str]]) -> Vocabulary:
    """A vocabulary from (name, TOML text) pairs, merged in order."""
    vocab = Vocabulary()
    for name, text in files:
        vocab._merge_text(text, name)
    return vocab


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded once per process (for callers without a `--queries`)."""
    return Vocabulary.load()
