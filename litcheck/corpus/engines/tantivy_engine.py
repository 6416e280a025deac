"""The tantivy engine: a tantivy index folder next to the SQLite file, keyed by docs.rowid.

tantivy (https://github.com/quickwit-oss/tantivy, Python binding `tantivy` on PyPI) is a Lucene-
style search library in Rust: its indexer writes immutable segments under a fixed memory budget
and merges them in the background, so build memory stays flat however big the index grows, and
its BM25 evaluation is several times faster than FTS5's at a million records (bench/README.md).

Layout: one text field per `store.COLUMNS` column except `dp` (the same strings FTS5 indexes,
multi-valued fields joined with `store.SEP` so a phrase never spans two values), `year` (u64,
indexed and fast: [dp] ranges) and `rowid` (u64, indexed and fast: the key into `docs`, used to
replace and delete). Nothing is stored: records come from SQLite.

The analyzer (simple tokenizer, lower case, ASCII folding, English Snowball stemmer) must be
registered every time the index is opened: tantivy persists only its name in the schema.

`tantivy` is imported by this module and `tantivy_query` only, which `engines` imports lazily:
commands that never open a tantivy index do not load it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import tantivy

from litcheck.corpus import store
from litcheck.corpus.engines.tantivy_query import Translator, scored
from litcheck.errors import ConfigError
from litcheck.sources.local.query import Node

ANALYZER = "litcheck"
TEXT_COLUMNS = tuple(c for c in store.COLUMNS if c != "dp")
HEAP_BYTES = 100_000_000
"""The indexing memory budget (tantivy flushes a segment when it is full): build memory is this
plus the Python side, independent of the index's size."""
TIAB = "tiab"
"""Title x `store.WEIGHTS["title"]`, abstract and keywords in one field, for [tiab] (what the
planner writes most): FTS5's bm25() scores a term by its *weighted* count over the columns
(3 x in title + in abstract + in keywords) under one saturation, while tantivy's BM25 is per
field; repeating the title makes tantivy's term frequency that weighted count (the document
length differs a little: FTS5 counts every column). Per-field BM25 summed instead measured
SciFact nDCG@10 0.659 against FTS5's 0.717 (bench/README.md)."""
COMMIT_EVERY = 200_000
"""Records between durable commits: an interrupted build redoes at most this many."""


def analyzer() -> tantivy.TextAnalyzer:
    """Words as FTS5's `porter unicode61 remove_diacritics 2` makes them, near enough: split on
    non-alphanumerics, lower-cased, accents folded, stemmed (Snowball English, not Porter's
    original: "studies" -> "studi" in both)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for column in (*TEXT_COLUMNS, TIAB):
        builder.add_text_field(column, tokenizer_name=ANALYZER, index_option="position")
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_unsigned_field("rowid", indexed=True, fast=True)
    return builder.build()


def _open(folder: Path, *, create: bool) -> tantivy.Index:
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    elif not tantivy.Index.exists(str(folder)):
        raise ConfigError(f"the tantivy index {folder} is missing", tip="rebuild the index")
    try:
        index = tantivy.Index(_schema(), path=str(folder), reuse=True)
    except ValueError as exc:  # tantivy-py reports unreadable or other-schema indexes so
        raise ConfigError(
            f"{folder} is not a tantivy index this litcheck can read ({exc})",
            tip="remove the index folder and build it again",
        ) from None
    index.register_tokenizer(ANALYZER, analyzer())
    return index


def add_text(doc: tantivy.Document, values: tuple[str, ...]) -> None:
    """The text fields of one record (`store.fts_values`) into `doc`, with the TIAB field."""
    for column, text in zip(store.COLUMNS, values, strict=True):
        if text and column != "dp":
            doc.add_text(column, text)
            if column == "title":
                for _ in range(int(store.WEIGHTS["title"])):
                    doc.add_text(TIAB, text)
            elif column in ("abstract", "kw"):
                doc.add_text(TIAB, text)


class TantivyWriter:
    """Adds, replaces and deletes documents; commits before the build's SQLite transaction.

    Opening repairs an interrupted build: tantivy commits before SQLite does, so a build killed
    between the two leaves tantivy documents whose rowid SQLite never committed (rowids beyond
    its largest). They are deleted here; replacements and deletions of that window are redone
    when the same files are applied again (the `files` table has not marked them applied).
    """

    checkpoint_every = COMMIT_EVERY

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.index = _open(folder, create=True)
        self.schema = self.index.schema
        self.writer = self.index.writer(heap_size=HEAP_BYTES, num_threads=1)
        last = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()[0])
        orphans = tantivy.Query.range_query(
            self.schema, "rowid", tantivy.FieldType.Unsigned, lower_bound=last + 1,
            upper_bound=2**63,
        )  # fmt: skip
        self.writer.delete_documents_by_query(orphans)
        self.writer.commit()
        self._closed = False

    def add(self, rowid: int, year: int | None, values: tuple[str, ...]) -> None:
        """Index a new row, or the new version of a replaced one (after `remove`)."""
        doc = tantivy.Document()
        doc.add_unsigned("rowid", rowid)
        if year is not None and year > 0:
            doc.add_unsigned("year", year)
        add_text(doc, values)
        self.writer.add_document(doc)

    def remove(self, rowid: int, old: bytes) -> None:
        """Delete by rowid (applies to documents added before this call only). A term query, not
        `delete_documents_by_term`: that one turns a Python int into an i64 term, which never
        matches a u64 field (tantivy-py 0.27), while `term_query` reads the schema's type."""
        self.writer.delete_documents_by_query(tantivy.Query.term_query(self.schema, "rowid", rowid))

    def commit(self) -> None:
        """Flush and make durable everything so far."""
        self.writer.commit()

    def finish(self, *, optimize: bool) -> None:
        """Commit and wait for background merges (tantivy's merge policy keeps a few segments
        of similar size; there is no single-segment optimize to pay for at the end)."""
        self.writer.commit()
        self.writer.wait_merging_threads()
        self._closed = True

    def close(self) -> None:
        """Drop uncommitted work and release the writer's lock on the folder."""
        if not self._closed:
            self.writer.rollback()
            self._closed = True
        del self.writer


class TantivyReader:
    """Searches with `Translator`; one tantivy Index shared by all threads (it is thread-safe
    and releases the GIL while searching)."""

    def __init__(self, folder: Path) -> None:
        self.index = _open(folder, create=False)
        self.translator = Translator(self.index.schema, analyzer())

    def search(
        self, node: Node, *, years: tuple[int, int] | None, limit: int, offset: int
    ) -> tuple[int, list[int]]:
        """(count, rowids best first): BM25 with boosts; ties (and unscored queries) by rowid
        descending, like the FTS5 engine."""
        query = self.translator.query(node)
        searcher = self.index.searcher()
        # TopDocs panics on a limit of 0 (tantivy asserts it), so ask for 1 and drop it.
        if not scored(node):
            result = searcher.search(
                query, max(limit, 1), count=True, order_by_field="rowid", offset=offset,
                order=tantivy.Order.Desc,
            )  # fmt: skip
            hits = [(0.0, addr) for _, addr in result.hits]
        else:
            result = searcher.search(query, max(limit, 1), count=True, offset=offset)
            hits = list(result.hits)
        count = int(result.count)  # type: ignore[attr-defined]  # missing from the 0.27 stubs
        if limit <= 0 or not hits:
            return count, []
        rowids = searcher.fast_field_values("rowid", [addr for _, addr in hits])
        ranked = sorted(
            zip((float(s) for s, _ in hits), (int(r or 0) for r in rowids), strict=True),
            key=lambda pair: (-pair[0], -pair[1]),
        )
        return count, [rowid for _, rowid in ranked]

    def close(self) -> None:
        """Nothing per thread to release."""
