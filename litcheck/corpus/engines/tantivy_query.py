"""The query AST (`litcheck.sources.local.query`) -> a tantivy `Query`, beside `query.to_fts`.

Same semantics as the FTS5 translation, clause by clause:

- [tiab] searches one field holding title (three times), abstract and keywords, so that BM25
  sees FTS5's weighted term count (`tantivy_engine.TIAB`);
- another term searches the columns `query.COLUMNS_FOR[field]`, each scored by BM25 and boosted by
  `store.WEIGHTS` (title 3, abstract 1, keywords 1, MeSH 0.5) and summed; columns without a
  weight (authors, affiliations, publication type, language) filter with score 0, as FTS5's
  bm25() with weight 0 does;
- words go through the index's own analyzer (`tantivy_engine.analyzer`), so "Studies" finds
  "study"; several words are a phrase; [mh] is a phrase inside the joined headings (containment);
- `word*` is every indexed (stemmed) word starting with the stem: a regex over the term
  dictionary, which tantivy scores as a constant (FTS5 scores a prefix like a word); a phrase's
  last word truncated is tantivy's phrase-prefix query (its default: the first 50 expansions);
- [tiab:~N] is a phrase with slop N; tantivy's slop also allows the words in any order, like
  FTS5's NEAR;
- [dp] is a range over the `year` field (years outside the index match nothing, as in FTS5);
- AND, OR, NOT are binary, left to right, as parsed; chains of the same operator are flattened
  into one boolean query (a flat union of term queries is what tantivy evaluates fastest).
"""

from __future__ import annotations

import tantivy

from litcheck.corpus import store
from litcheck.sources.local.query import COLUMNS_FOR, Bool, Node, Term, _years


class Translator:
    """Turns AST nodes into tantivy queries for one index (its schema and analyzer)."""

    def __init__(self, schema: tantivy.Schema, analyze: tantivy.TextAnalyzer) -> None:
        self.schema = schema
        self.analyzer = analyze

    def query(self, node: Node) -> tantivy.Query:
        """The tantivy query for `node`."""
        if isinstance(node, Term):
            clauses = self._term(node)
            if len(clauses) == 1:
                return clauses[0]
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in clauses])
        if node.op == "OR":
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q) for q in self._union(node)]
            )
        if node.op == "AND":
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, q) for q in self._chain(node, "AND")]
            )
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, self.query(node.left)),
                (tantivy.Occur.MustNot, self.query(node.right)),
            ]
        )

    def _chain(self, node: Node, op: str) -> list[tantivy.Query]:
        if isinstance(node, Bool) and node.op == op:
            return self._chain(node.left, op) + self._chain(node.right, op)
        return [self.query(node)]

    def _union(self, node: Node) -> list[tantivy.Query]:
        """Operands of an OR chain; a term's per-column clauses join the union directly
        (a sum either way), so `a[tiab] OR b[tiab]` is one flat union of six term queries."""
        if isinstance(node, Bool) and node.op == "OR":
            return self._union(node.left) + self._union(node.right)
        if isinstance(node, Term):
            return self._term(node)
        return [self.query(node)]

    def _term(self, term: Term) -> list[tantivy.Query]:
        """One clause per searched column, boosted by its weight (or score 0)."""
        if term.field == "dp":
            first, last = _years(term.text)
            years = tantivy.Query.range_query(
                self.schema, "year", tantivy.FieldType.Unsigned, lower_bound=first, upper_bound=last
            )
            return [tantivy.Query.const_score_query(years, 0.0)]
        words = self.analyzer.analyze(term.text)
        if not words:
            return [tantivy.Query.empty_query()]
        # [au]: PubMed matches initials as a prefix ("smith j" finds Smith JA), as in to_fts.
        prefix = term.prefix or (term.field == "au" and len(words) > 1)
        out = []
        columns = ("tiab",) if term.field == "tiab" else COLUMNS_FOR[term.field]
        for column in columns:
            matched = self._match(column, words, prefix, term.proximity)
            weight = 1.0 if column == "tiab" else store.WEIGHTS.get(column, 0.0)
            out.append(
                tantivy.Query.boost_query(matched, weight)
                if weight
                else tantivy.Query.const_score_query(matched, 0.0)
            )
        return out

    def _match(
        self, column: str, tokens: list[str], prefix: bool, proximity: int | None
    ) -> tantivy.Query:
        words: list[str | tuple[int, str]] = list(tokens)
        if proximity is not None and len(words) > 1:
            return tantivy.Query.phrase_query(self.schema, column, words, slop=proximity)
        if prefix and len(words) > 1:
            return tantivy.Query.phrase_prefix_query(self.schema, column, words)
        if prefix:
            # Analyzed words are letters and digits only, so no regex escaping is needed.
            return tantivy.Query.regex_query(self.schema, column, tokens[0] + ".*")
        if len(words) > 1:
            return tantivy.Query.phrase_query(self.schema, column, words)
        return tantivy.Query.term_query(self.schema, column, tokens[0], index_option="freq")


def scored(node: Node) -> bool:
    """True when some column the query searches carries a BM25 weight (else every hit scores
    0 and the order is rowid descending, as FTS5 orders ties)."""
    if isinstance(node, Bool):
        return scored(node.left) or (node.op != "NOT" and scored(node.right))
    return any(store.WEIGHTS.get(c, 0.0) for c in COLUMNS_FOR[node.field]) and node.field != "dp"
