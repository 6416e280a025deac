"""What the LitSense stand-in searches: the sentences of a corpus, in an in-memory index.

Each record's title is one sentence (section "title") and its abstract is split with the
scorer's splitter, `litcheck.claims.text.sentences` (section "abstract"), as LitSense does for
PubMed abstracts. The index is built once at start: an inverted index from word stems
(`litcheck.claims.text`: tokens, light stemmer, stopwords) to sentences.

A query is answered in three steps, like LitSense's retrieve-then-rerank:

1. **The 10% gate.** A sentence is eligible only if it holds at least 10% of the query's
   distinct content stems (LitSense's own rule: its no-match 404 says "No passages share at
   least 10% of words with your query"). No eligible sentence -> no match.
2. **Term overlap.** BM25 per query stem (IDF-weighted, length-normalised), divided by the best
   BM25 the query could get, so it lies in [0, 1]. The best `RERANK_POOL` go on.
3. **"Meaning", cheaply.** Cosine of character 3-gram TF-IDF vectors (IDF over the corpus's
   sentences) of the query and the sentence's content words, the query expanded first with a
   small table of lay terms and their medical equivalents (`LAY_TERMS`: "heart attack" ->
   "myocardial infarction", "kidney" -> "renal", ...). Be honest about what this is: it is not
   meaning. 3-grams catch inflection, derivation and spelling variants ("hypertensive" /
   "hypertension", "paediatric" / "pediatric") and the table catches only the paraphrases it
   lists; a real embedding (LitSense uses MedCPT) finds far more. It is deterministic and costs
   nothing to install.

The final score is `LEXICAL_WEIGHT * overlap + (1 - LEXICAL_WEIGHT) * cosine`, in [0, 1].
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from litcheck.claims.text import STOPWORDS, sentences, stem, tokens
from litcheck.models import Record

MAX_RESULTS = 100
MIN_SHARED = 0.10
"""Share of the query's distinct content stems a sentence must hold (LitSense's 10% gate)."""
RERANK_POOL = 300
"""Sentences (best by term overlap) whose similarity is computed."""
LEXICAL_WEIGHT = 0.55
K1, B = 1.2, 0.75
"""BM25 constants (the usual ones)."""
EXPANSION_WEIGHT = 0.5
"""Weight of a lay-term expansion's 3-grams relative to the query's own."""

LAY_TERMS: dict[str, tuple[str, ...]] = {
    "heart attack": ("myocardial infarction",),
    "heart failure": ("cardiac failure",),
    "heart": ("cardiac", "cardiovascular", "coronary"),
    "high blood pressure": ("hypertension",),
    "blood pressure": ("hypertension",),
    "blood sugar": ("glucose", "glycemic"),
    "stroke": ("cerebrovascular", "ischemic stroke"),
    "kidney": ("renal", "nephropathy"),
    "liver": ("hepatic",),
    "lung": ("pulmonary",),
    "brain": ("cerebral", "neural"),
    "bone": ("osseous", "skeletal"),
    "skin": ("dermal", "cutaneous"),
    "cancer": ("tumor", "carcinoma", "neoplasm", "malignancy"),
    "tumour": ("tumor",),
    "flu": ("influenza",),
    "cold": ("rhinovirus", "upper respiratory infection"),
    "fever": ("febrile", "pyrexia"),
    "death": ("mortality",),
    "die": ("mortality", "death"),
    "deaths": ("mortality",),
    "children": ("pediatric", "child"),
    "child": ("pediatric",),
    "kids": ("children", "pediatric"),
    "elderly": ("older adults", "aged"),
    "old people": ("older adults", "aged"),
    "pregnant": ("pregnancy", "gestation"),
    "baby": ("infant", "neonatal"),
    "babies": ("infants", "neonatal"),
    "newborn": ("neonatal",),
    "fat": ("adipose", "obesity"),
    "overweight": ("obesity",),
    "obese": ("obesity",),
    "painkiller": ("analgesic",),
    "painkillers": ("analgesics",),
    "drug": ("medication", "pharmacological"),
    "drugs": ("medications",),
    "sugar": ("glucose", "sucrose"),
    "depression": ("depressive disorder",),
    "memory loss": ("cognitive decline", "dementia"),
    "alzheimer": ("dementia",),
    "smoking": ("tobacco", "cigarette"),
    "alcohol": ("ethanol",),
    "vitamin d": ("cholecalciferol", "calcitriol"),
    "sleep": ("insomnia", "circadian"),
    "exercise": ("physical activity", "training"),
    "weight loss": ("body weight reduction",),
    "belly": ("abdominal",),
    "stomach": ("gastric",),
    "gut": ("intestinal", "microbiota"),
    "bowel": ("intestinal", "colorectal"),
    "blood clot": ("thrombosis",),
    "clot": ("thrombosis", "thrombus"),
    "infection": ("infectious",),
    "vaccine": ("vaccination", "immunization"),
    "shot": ("vaccination", "injection"),
}
"""Lay term (lower case, whole words) -> medical wordings added to the query for similarity."""

_WORDS = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


@dataclass(frozen=True)
class Sentence:
    """One indexed sentence."""

    pmid: str
    text: str
    section: str
    """"title" or "abstract"."""


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float


def content_words(text: str) -> list[str]:
    """Lower-case content tokens of `text` (stopwords and bare numbers removed), in order."""
    return [t for t in tokens(text) if t not in STOPWORDS and not t.isdigit()]


def trigrams(words: Iterable[str]) -> Counter[str]:
    """Character 3-grams of each word padded with spaces ("#ab", "abc", "bc#")."""
    grams: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def expand(query: str) -> list[str]:
    """The medical wordings `LAY_TERMS` lists for the lay terms found in `query`."""
    text = " " + " ".join(tokens(query)) + " "
    out: list[str] = []
    for lay, medical in LAY_TERMS.items():
        if f" {lay} " in text:
            out.extend(medical)
    return out


class SentenceIndex:
    """Sentences of a corpus with an inverted index over stems. Read-only once built, so safe
    to search from many threads."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.sentences: list[Sentence] = []
        self._words: list[tuple[str, ...]] = []
        self._lengths: list[int] = []
        self._postings: dict[str, list[tuple[int, int]]] = {}
        word_df: Counter[str] = Counter()
        for record in records:
            pmid = record.pmid or record.native_id
            parts = [(record.title, "title")] if record.title.strip() else []
            parts += [(s, "abstract") for s in sentences(record.abstract_text)]
            for text, section in parts:
                self._add(Sentence(pmid, text, section), word_df)
        n = max(1, len(self.sentences))
        self._avg_len = sum(self._lengths) / n if self._lengths else 1.0
        self._idf = {s: _idf(n, len(p)) for s, p in self._postings.items()}
        self._gram_idf = {g: _idf(n, df) for g, df in _gram_df(word_df, n).items()}
        self._unseen_gram_idf = _idf(n, 0)

    def _add(self, sentence: Sentence, word_df: Counter[str]) -> None:
        sid = len(self.sentences)
        words = tuple(content_words(sentence.text))
        stems: dict[str, int] = {}
        for w in words:
            s = stem(w)
            stems[s] = stems.get(s, 0) + 1
        self.sentences.append(sentence)
        self._words.append(words)
        self._lengths.append(len(words))
        postings = self._postings
        for s, tf in stems.items():
            if s in postings:
                postings[s].append((sid, tf))
            else:
                postings[s] = [(sid, tf)]
        word_df.update(set(words))

    def __len__(self) -> int:
        return len(self.sentences)

    def search(self, query: str, *, limit: int = MAX_RESULTS) -> list[Scored] | None:
        """Up to `limit` sentences, best first; None when no sentence passes the 10% gate."""
        stems = list(dict.fromkeys(stem(w) for w in content_words(query)))
        if not stems:
            return None
        overlap = self._overlap(stems)
        needed = MIN_SHARED * len(stems)
        eligible = [(sid, value) for sid, (value, shared) in overlap.items() if shared >= needed]
        if not eligible:
            return None
        eligible.sort(key=lambda item: (-item[1], item[0]))
        pool = eligible[:RERANK_POOL]
        vector = self._query_vector(query)
        scored = [
            (LEXICAL_WEIGHT * value + (1 - LEXICAL_WEIGHT) * self._cosine(vector, sid), sid)
            for sid, value in pool
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [Scored(self.sentences[sid], score) for score, sid in scored[:limit]]

    def _overlap(self, stems: list[str]) -> dict[int, tuple[float, int]]:
        """sentence id -> (BM25 / best possible BM25, distinct query stems it holds)."""
        best = sum(self._idf.get(s, 0.0) for s in stems) or 1.0
        totals: dict[int, float] = {}
        shared: Counter[int] = Counter()
        for s in stems:
            idf = self._idf.get(s)
            if idf is None:
                continue
            for sid, tf in self._postings[s]:
                norm = K1 * (1 - B + B * self._lengths[sid] / self._avg_len)
                totals[sid] = totals.get(sid, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
                shared[sid] += 1
        # A stem found once in a sentence of average length scores exactly its IDF, so "every
        # query stem, once, in an average sentence" is 1.0; shorter or repetitive ones are capped.
        return {sid: (min(1.0, total / best), shared[sid]) for sid, total in totals.items()}

    def _weights(self, grams: Counter[str]) -> dict[str, float]:
        return {
            g: (1 + math.log(tf)) * self._gram_idf.get(g, self._unseen_gram_idf)
            for g, tf in grams.items()
        }

    def _query_vector(self, query: str) -> dict[str, float]:
        vector = self._weights(trigrams(content_words(query)))
        for wording in expand(query):
            for g, w in self._weights(trigrams(content_words(wording))).items():
                vector[g] = vector.get(g, 0.0) + EXPANSION_WEIGHT * w
        return vector

    def _cosine(self, query: dict[str, float], sid: int) -> float:
        vector = self._weights(trigrams(self._words[sid]))
        dot = sum(w * query.get(g, 0.0) for g, w in vector.items())
        norms = math.sqrt(sum(w * w for w in vector.values())) * math.sqrt(
            sum(w * w for w in query.values())
        )
        return dot / norms if norms else 0.0


def _gram_df(word_df: Counter[str], n: int) -> dict[str, int]:
    """Sentences holding each 3-gram, estimated from word counts: the sum over the words that
    contain the gram of the sentences holding that word, capped at `n`.

    An over-estimate when one sentence holds two words sharing a gram; exact counting cost
    three times the whole build (5 M counter updates for 50,000 sentences) for the same order.
    """
    df: dict[str, int] = {}
    for word, count in word_df.items():
        for g in trigrams((word,)):
            df[g] = df.get(g, 0) + count
    return {g: min(n, c) for g, c in df.items()}


def _idf(n: int, df: int) -> float:
    """BM25's IDF, floored at a small positive value so very common stems still count."""
    return max(0.01, math.log((n - df + 0.5) / (df + 0.5) + 1.0))
