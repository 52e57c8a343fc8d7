"""Sparse lexical retrieval over every label in every language.

Labels and queries are hashed into fixed-width sparse vectors (scikit-learn's
``HashingVectorizer``: no vocabulary to store, new labels from feedback can
be added without refitting), weighted by inverse document frequency learned
from the labels, and compared by cosine with one sparse matrix product per
batch of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from decentwork.linking.normalization import character_ngrams, word_tokens

_N_FEATURES = 2**20


def _hashing_vectorizer(analyzer: Callable[[str], list[str]]) -> HashingVectorizer:
    return HashingVectorizer(
        analyzer=analyzer,
        n_features=_N_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


class _WeightedHashedView:
    """One analyzer's TF-IDF view of the labels: idf weights and the label matrix."""

    def __init__(self, analyzer: Callable[[str], list[str]]) -> None:
        self.vectorizer = _hashing_vectorizer(analyzer)
        self.idf: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self.labels: sp.csr_matrix = sp.csr_matrix((0, _N_FEATURES), dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> None:
        counts = self.vectorizer.transform(texts).tocsr()
        document_frequency = np.bincount(counts.indices, minlength=_N_FEATURES)
        n_documents = max(counts.shape[0], 1)
        # Smoothed idf as in scikit-learn's TfidfTransformer: unseen features get the maximum.
        self.idf = (np.log((1 + n_documents) / (1 + document_frequency)) + 1).astype(np.float32)
        self.labels = self.weigh(counts)

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weighted = counts.copy()
        # Sublinear term frequency: a repeated n-gram in a long label should not dominate.
        np.log1p(weighted.data, out=weighted.data)
        weighted.data *= self.idf[weighted.indices]
        result: sp.csr_matrix = normalize(weighted, norm="l2", copy=False).tocsr()
        return result

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.weigh(self.vectorizer.transform(texts).tocsr())


class LexicalIndex:
    """Cosine similarity between texts and labels on character n-grams and words.

    Parameters
    ----------
    char_ngram_sizes : tuple of int, default=(2, 3, 4, 5)
        Character n-gram lengths (word-boundary padded).
    word_weight : float, default=0.3
        Share of the word-level cosine in the combined score; the rest is the
        character n-gram cosine.

    Attributes
    ----------
    n_labels_ : int
        Number of indexed labels.
    """

    def __init__(
        self, char_ngram_sizes: tuple[int, ...] = (2, 3, 4, 5), word_weight: float = 0.3
    ) -> None:
        self.char_ngram_sizes = char_ngram_sizes
        self.word_weight = word_weight

    def _char_analyzer(self, text: str) -> list[str]:
        return character_ngrams(text, self.char_ngram_sizes)

    def fit(self, normalized_labels: Sequence[str]) -> LexicalIndex:
        """Learn idf weights and index the labels.

        Parameters
        ----------
        normalized_labels : sequence of str
            Labels already passed through :func:`normalize_text`.

        Returns
        -------
        LexicalIndex
            ``self``.
        """
        self._char = _WeightedHashedView(self._char_analyzer)
        self._word = _WeightedHashedView(word_tokens)
        self._char.fit(normalized_labels)
        self._word.fit(normalized_labels)
        self.n_labels_ = len(normalized_labels)
        return self

    def add_labels(self, normalized_labels: Sequence[str]) -> None:
        """Index more labels with the idf weights already learned.

        Parameters
        ----------
        normalized_labels : sequence of str
            Normalised labels appended after the existing ones.
        """
        if not normalized_labels:
            return
        self._char.labels = sp.vstack([self._char.labels, self._char.transform(normalized_labels)])
        self._word.labels = sp.vstack([self._word.labels, self._word.transform(normalized_labels)])
        self._char.labels = self._char.labels.tocsr()
        self._word.labels = self._word.labels.tocsr()
        self.n_labels_ += len(normalized_labels)

    def similarity(self, normalized_queries: Sequence[str]) -> sp.csr_matrix:
        """Return the combined cosine of each query with each label.

        Parameters
        ----------
        normalized_queries : sequence of str
            Normalised query texts.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_queries, n_labels_)
            Scores in [0, 1]; pairs sharing no feature are absent.
        """
        char_scores = self._char.transform(normalized_queries) @ self._char.labels.T
        word_scores = self._word.transform(normalized_queries) @ self._word.labels.T
        combined = (1.0 - self.word_weight) * char_scores + self.word_weight * word_scores
        result: sp.csr_matrix = sp.csr_matrix(combined, dtype=np.float32)
        return result

    def query_vectors(self, normalized_queries: Sequence[str]) -> sp.csr_matrix:
        """Return the character n-gram vectors of texts (unit length).

        Parameters
        ----------
        normalized_queries : sequence of str
            Normalised texts.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_texts, 2**20)
            Used to compare a query with texts counsellors gave feedback on.
        """
        return self._char.transform(normalized_queries)

    def save(self, directory: Path) -> None:
        """Write idf vectors and label matrices into ``directory``.

        Parameters
        ----------
        directory : Path
            An existing directory.
        """
        np.save(directory / "lexical_char_idf.npy", self._char.idf)
        np.save(directory / "lexical_word_idf.npy", self._word.idf)
        sp.save_npz(directory / "lexical_char_labels.npz", self._char.labels)
        sp.save_npz(directory / "lexical_word_labels.npz", self._word.labels)

    @classmethod
    def load(
        cls, directory: Path, char_ngram_sizes: tuple[int, ...], word_weight: float
    ) -> LexicalIndex:
        """Read an index written by :meth:`save`.

        Parameters
        ----------
        directory : Path
            The directory given to :meth:`save`.
        char_ngram_sizes : tuple of int
            The n-gram sizes the index was built with.
        word_weight : float
            The word share the index was built with.

        Returns
        -------
        LexicalIndex
            A fitted index.
        """
        index = cls(char_ngram_sizes=char_ngram_sizes, word_weight=word_weight)
        index._char = _WeightedHashedView(index._char_analyzer)
        index._word = _WeightedHashedView(word_tokens)
        index._char.idf = np.load(directory / "lexical_char_idf.npy", allow_pickle=False)
        index._word.idf = np.load(directory / "lexical_word_idf.npy", allow_pickle=False)
        index._char.labels = sp.load_npz(directory / "lexical_char_labels.npz").tocsr()
        index._word.labels = sp.load_npz(directory / "lexical_word_labels.npz").tocsr()
        index.n_labels_ = index._char.labels.shape[0]
        return index
