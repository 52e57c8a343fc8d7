"""Sparse lexical retrieval over every label in every language.

Labels and queries are hashed into fixed-width sparse vectors (scikit-learn's
``HashingVectorizer``: no vocabulary to store, new labels from feedback can
be added without refitting), weighted by inverse document frequency learned
from the labels, and compared by cosine with one sparse matrix product per
batch of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from decentwork.linking.normalization import character_ngrams, word_tokens

_N_FEATURES = 2**20
_MIN_COMMON_DOCUMENTS = 200


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

    def __init__(self, analyzer: Callable[[str], list[str]], max_document_share: float) -> None:
        self.vectorizer = _hashing_vectorizer(analyzer)
        self.max_document_share = max_document_share
        self.idf: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self.set_labels(sp.csr_matrix((0, _N_FEATURES), dtype=np.float32))

    def set_labels(self, labels: sp.csr_matrix) -> None:
        self.labels = labels
        # Queries multiply the feature-major copy; transposing per query batch would
        # cost as much as the product itself.
        self.labels_by_feature: sp.csr_matrix = labels.T.tocsr()

    def fit(self, texts: Sequence[str]) -> None:
        counts = self.vectorizer.transform(texts).tocsr()
        document_frequency = np.bincount(counts.indices, minlength=_N_FEATURES)
        n_documents = max(counts.shape[0], 1)
        # Smoothed idf as in scikit-learn's TfidfTransformer: unseen features get the maximum.
        self.idf = (np.log((1 + n_documents) / (1 + document_frequency)) + 1).astype(np.float32)
        # Features in a large share of labels (" de", "ion") barely move a cosine but make
        # every query touch most labels; dropping them keeps the products sparse.
        # Small taxonomies keep everything: there the products are cheap anyway.
        cutoff = max(self.max_document_share * n_documents, _MIN_COMMON_DOCUMENTS)
        self.idf[document_frequency > cutoff] = 0.0
        self.set_labels(self.weigh(counts))

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weighted = counts.copy()
        # Sublinear term frequency: a repeated n-gram in a long label should not dominate.
        np.log1p(weighted.data, out=weighted.data)
        weighted.data *= self.idf[weighted.indices]
        weighted.eliminate_zeros()
        result: sp.csr_matrix = normalize(weighted, norm="l2", copy=False).tocsr()
        return result

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.weigh(self.vectorizer.transform(texts).tocsr())


@dataclass(frozen=True)
class LabelVectors:
    """Texts weighed like the labels of a :class:`LexicalIndex` but kept outside it.

    Attributes
    ----------
    char : scipy.sparse.csr_matrix of shape (n_texts, 2**20)
        Character n-gram vectors (unit length).
    word : scipy.sparse.csr_matrix of shape (n_texts, 2**20)
        Word vectors (unit length).
    """

    char: sp.csr_matrix
    word: sp.csr_matrix

    def __len__(self) -> int:
        return int(self.char.shape[0])

    def stacked(self, other: LabelVectors) -> LabelVectors:
        """These texts followed by ``other``'s."""
        return LabelVectors(
            sp.vstack([self.char, other.char]).tocsr(), sp.vstack([self.word, other.word]).tocsr()
        )

    def take(self, rows: NDArray[np.int64]) -> LabelVectors:
        """The texts at ``rows``, in that order."""
        return LabelVectors(self.char[rows], self.word[rows])


class LexicalIndex:
    """Cosine similarity between texts and labels on character n-grams and words.

    Parameters
    ----------
    char_ngram_sizes : tuple of int, default=(3, 4, 5)
        Character n-gram lengths (across word boundaries).
    word_weight : float, default=0.1
        Share of the word-level cosine in the combined score; the rest is the
        character n-gram cosine.
    max_document_share : float, default=0.02
        Features found in more than this share of labels (and in more than
        200 labels) are ignored.

    Attributes
    ----------
    n_labels_ : int
        Number of indexed labels.
    """

    def __init__(
        self,
        char_ngram_sizes: tuple[int, ...] = (3, 4, 5),
        word_weight: float = 0.1,
        max_document_share: float = 0.02,
    ) -> None:
        self.char_ngram_sizes = char_ngram_sizes
        self.word_weight = word_weight
        self.max_document_share = max_document_share

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
        self._char = _WeightedHashedView(self._char_analyzer, self.max_document_share)
        self._word = _WeightedHashedView(word_tokens, self.max_document_share)
        self._char.fit(normalized_labels)
        self._word.fit(normalized_labels)
        self.n_labels_ = len(normalized_labels)
        return self

    def insert_label(self, position: int, normalized_label: str) -> None:
        """Index one more label at ``position`` with the idf weights already learned.

        Parameters
        ----------
        position : int
            Row the new label takes; later labels move down by one.
        normalized_label : str
            The normalised label.
        """
        for view in (self._char, self._word):
            new_row = view.transform([normalized_label])
            view.set_labels(
                sp.vstack([view.labels[:position], new_row, view.labels[position:]]).tocsr()
            )
        self.n_labels_ += 1

    def similarity(
        self, normalized_queries: Sequence[str], labels: LabelVectors | None = None
    ) -> sp.csr_matrix:
        """Return the combined cosine of each query with each label.

        Parameters
        ----------
        normalized_queries : sequence of str
            Normalised query texts.
        labels : LabelVectors or None, default=None
            Other texts to compare with, from :meth:`label_vectors`; None
            compares with the indexed labels.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_queries, n_labels)
            Scores in [0, 1]; pairs sharing no feature are absent.
        """
        char_labels = self._char.labels_by_feature if labels is None else labels.char.T.tocsr()
        word_labels = self._word.labels_by_feature if labels is None else labels.word.T.tocsr()
        char_scores = self._char.transform(normalized_queries) @ char_labels
        word_scores = self._word.transform(normalized_queries) @ word_labels
        combined = (1.0 - self.word_weight) * char_scores + self.word_weight * word_scores
        result: sp.csr_matrix = sp.csr_matrix(combined, dtype=np.float32)
        return result

    def label_vectors(self, normalized_labels: Sequence[str]) -> LabelVectors:
        """Weigh texts like indexed labels (same idf) without adding them to the index.

        Parameters
        ----------
        normalized_labels : sequence of str
            Normalised texts.

        Returns
        -------
        LabelVectors
            For :meth:`similarity`'s ``labels``.
        """
        return LabelVectors(
            self._char.transform(normalized_labels), self._word.transform(normalized_labels)
        )

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
        cls,
        directory: Path,
        char_ngram_sizes: tuple[int, ...],
        word_weight: float,
        max_document_share: float,
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
        max_document_share : float
            The common-feature cut-off the index was built with.

        Returns
        -------
        LexicalIndex
            A fitted index.
        """
        index = cls(char_ngram_sizes, word_weight, max_document_share)
        index._char = _WeightedHashedView(index._char_analyzer, max_document_share)
        index._word = _WeightedHashedView(word_tokens, max_document_share)
        index._char.idf = np.load(directory / "lexical_char_idf.npy", allow_pickle=False)
        index._word.idf = np.load(directory / "lexical_word_idf.npy", allow_pickle=False)
        index._char.set_labels(sp.load_npz(directory / "lexical_char_labels.npz").tocsr())
        index._word.set_labels(sp.load_npz(directory / "lexical_word_labels.npz").tocsr())
        index.n_labels_ = index._char.labels.shape[0]
        return index
