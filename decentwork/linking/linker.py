"""Link free text in any language to taxonomy concepts.

:class:`ConceptLinker` scores every label of every concept against a text
with a lexical similarity (always available, see :mod:`.lexical`) and, when
an encoder is given, a multilingual embedding cosine (see :mod:`.dense`).
How the two are fused, and why, is recorded in
``docs/decisions/0007-linking-fusion.md``; in short:

* the lexical score is trusted in proportion to how likely query and label
  share a language (same language: strong; different: weak);
* a concept pools the evidence of all its labels: its best label plus the
  cosine with the mean embedding of all its labels (its synonym set);
* a label is ranked by its own evidence blended with its concept's score.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.linking.concepts import (
    CONCEPT_KINDS,
    Concept,
    ConceptKind,
    ConceptMatch,
    Evidence,
    Feedback,
    GroupSuggestion,
    Label,
    LinkOutcome,
    SkillMention,
)
from decentwork.linking.dense import (
    EncoderEnsemble,
    TextEncoder,
    default_encoder,
    with_embedding_cache,
)
from decentwork.linking.lexical import LabelVectors, LexicalIndex
from decentwork.linking.normalization import normalize_text, strip_gender_markers
from decentwork.linking.spans import candidate_spans

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]

_FORMAT_VERSION = 1
_MAX_DENSE_CHARS = 1000
_NO_SCORE = np.float32(-np.inf)


@dataclass(frozen=True, slots=True, eq=False)
class RankedLabels:
    """Labels (not concepts) ranked for one query: the element-level view MELO scores.

    Attributes
    ----------
    label_indices : ndarray of shape (n,)
        Positions in the linker's ``labels_`` table, best first; the concept
        of each is ``concepts_[label_concepts_[i]]``.
    scores : ndarray of shape (n,)
        Blend of each label's own evidence and its concept's pooled score.
    """

    label_indices: IntArray
    scores: FloatArray


@dataclass(frozen=True, eq=False)
class _Overlay:
    """Confirmed texts scored like extra labels at query time (:meth:`ConceptLinker.with_feedback`).

    Sorted by concept, so that each concept's texts are one block, as in the index.
    """

    labels: tuple[Label, ...]
    concepts: IntArray  # concept number of each text
    vectors: LabelVectors
    embeddings: FloatArray | None  # (n_texts, dimension) with an encoder
    languages: NDArray[np.object_]
    starts: IntArray  # first text of each concept's block
    block_concepts: IntArray  # the concept of each block

    def texts_of(self, concept: int) -> IntArray:
        block = int(np.searchsorted(self.block_concepts, concept))
        if block == len(self.block_concepts) or self.block_concepts[block] != concept:
            return np.zeros(0, dtype=np.int64)
        end = self.starts[block + 1] if block + 1 < len(self.starts) else len(self.labels)
        return np.arange(self.starts[block], end, dtype=np.int64)


@dataclass
class _OverlayScores:
    """Scores of one batch of queries against an overlay's texts."""

    overlay: _Overlay
    lexical: FloatArray  # (n_queries, n_texts)
    dense: FloatArray | None
    fused: FloatArray  # with an encoder the fused score, else the lexical one


@dataclass
class _ScoredBatch:
    """Scores of one batch of queries against all labels and concepts."""

    lexical: sp.csr_matrix  # (n_queries, n_labels), sorted indices
    dense: FloatArray | None  # (n_queries, n_labels) embedding cosines
    fused: FloatArray | None  # (n_queries, n_labels) with an encoder, else the lexical scores
    concept_scores: FloatArray  # (n_queries, n_concepts), -inf where excluded or no evidence
    overlay: _OverlayScores | None = None

    def label_scores(self, row: int) -> FloatArray:
        """Fused scores of one query against every label."""
        if self.fused is not None:
            fused_row: FloatArray = self.fused[row]
            return fused_row
        scores = np.zeros(self.lexical.shape[1], dtype=np.float32)
        start, end = self.lexical.indptr[row], self.lexical.indptr[row + 1]
        scores[self.lexical.indices[start:end]] = self.lexical.data[start:end]
        return scores

    def lexical_score(self, row: int, label: int) -> float:
        """Lexical score of one query with one label."""
        start, end = self.lexical.indptr[row], self.lexical.indptr[row + 1]
        position = start + int(np.searchsorted(self.lexical.indices[start:end], label))
        if position < end and self.lexical.indices[position] == label:
            return float(self.lexical.data[position])
        return 0.0


class ConceptLinker:
    """Rank taxonomy concepts for texts written in any language.

    Parameters
    ----------
    encoder : TextEncoder or None, default=None
        Multilingual sentence encoder (e.g. :class:`~.dense.E5SmallEncoder`).
        None gives the purely lexical linker, which needs no optional package.
    embedding_cache_dir : str, Path or None, default=None
        When set, label and query embeddings are cached there by text hash.
    char_ngram_sizes : tuple of int, default=(3, 4, 5)
        Character n-gram lengths of the lexical index.
    word_weight : float, default=0.1
        Share of word-level (vs character n-gram) cosine in the lexical score.
    max_document_share : float, default=0.02
        Lexical features present in more than this share of labels are
        ignored (they cost time and carry little evidence).
    same_language_lexical_weight : float, default=0.1
        Weight of the lexical score, added to the embedding cosine, when query
        and label languages are the same. Without an encoder the lexical
        score is used alone. Defaults are discussed in ADR 0007.
    cross_language_lexical_weight : float, default=0.0
        Weight when both languages are known and differ (shared spelling is
        then mostly coincidence).
    unknown_language_lexical_weight : float, default=0.1
        Weight when the query's language is not given.
    centroid_weight : float, default=1.0
        Weight of the cosine with a concept's mean label embedding, which
        lets a concept's synonyms vote together.
    label_evidence_weight : float, default=1.0
        In label rankings, share of a label's own score versus its concept's;
        1 ranks labels purely on their own evidence (best for MRR), lower
        values keep a concept's synonyms together.
    confidence_temperature : float, default=0.03
        Softmax temperature turning concept scores into probabilities for the
        hierarchy back-off.
    confidence_threshold : float, default=0.5
        Probability an occupation (or group) needs to count as confident.
    rejection_penalty : float, default=1.0
        Score removed from a concept for a text a counsellor rejected it for,
        scaled by how similar the new text is to the rejected one.
    batch_size : int, default=256
        Queries scored per matrix product.

    Attributes
    ----------
    concepts_ : list of Concept
        The fitted concepts, local labels from feedback included.
    labels_ : list of Label
        Every label, in index order.
    label_concepts_ : ndarray of shape (n_labels,)
        Index into ``concepts_`` of each label's concept.
    lexical_index_ : LexicalIndex
        The fitted lexical index.
    label_embeddings_ : ndarray of shape (n_labels, dimension) or None
        Label embeddings when an encoder is used.
    rejections_ : list of Feedback
        Rejections recorded so far.
    """

    def __init__(
        self,
        encoder: TextEncoder | None = None,
        *,
        embedding_cache_dir: str | Path | None = None,
        char_ngram_sizes: tuple[int, ...] = (3, 4, 5),
        word_weight: float = 0.1,
        max_document_share: float = 0.02,
        same_language_lexical_weight: float = 0.1,
        cross_language_lexical_weight: float = 0.0,
        unknown_language_lexical_weight: float = 0.1,
        centroid_weight: float = 1.0,
        label_evidence_weight: float = 1.0,
        confidence_temperature: float = 0.03,
        confidence_threshold: float = 0.5,
        rejection_penalty: float = 1.0,
        batch_size: int = 256,
    ) -> None:
        self.encoder = encoder
        self.embedding_cache_dir = embedding_cache_dir
        self.char_ngram_sizes = char_ngram_sizes
        self.word_weight = word_weight
        self.max_document_share = max_document_share
        self.same_language_lexical_weight = same_language_lexical_weight
        self.cross_language_lexical_weight = cross_language_lexical_weight
        self.unknown_language_lexical_weight = unknown_language_lexical_weight
        self.centroid_weight = centroid_weight
        self.label_evidence_weight = label_evidence_weight
        self.confidence_temperature = confidence_temperature
        self.confidence_threshold = confidence_threshold
        self.rejection_penalty = rejection_penalty
        self.batch_size = batch_size

    # ------------------------------------------------------------------ fitting

    def fit(self, concepts: Iterable[Concept], feedback: Iterable[Feedback] = ()) -> ConceptLinker:
        """Index the labels of ``concepts`` and apply recorded feedback.

        Parameters
        ----------
        concepts : iterable of Concept
            The taxonomy. Concepts without labels are kept for the hierarchy.
        feedback : iterable of Feedback, default=()
            Counsellor verdicts stored by the application, oldest first.

        Returns
        -------
        ConceptLinker
            ``self``.
        """
        self.concepts_ = list(concepts)
        self._active_encoder = self._wrap_encoder(self.encoder)
        self._index_concepts()
        self.lexical_index_ = LexicalIndex(
            self.char_ngram_sizes, self.word_weight, self.max_document_share
        ).fit(self._normalized_labels)
        self.label_embeddings_ = self._embed_labels([label.text for label in self.labels_])
        self._refresh_label_groups()
        self.rejections_: list[Feedback] = []
        self._rejection_vectors: sp.csr_matrix | None = None
        self._overlay: _Overlay | None = None
        self._overlaid_on: ConceptLinker | None = None
        for verdict in feedback:
            self.add_feedback(verdict.text, verdict.concept_id, verdict.confirmed, verdict.language)
        return self

    def _wrap_encoder(self, encoder: TextEncoder | None) -> TextEncoder | None:
        if encoder is None or self.embedding_cache_dir is None:
            return encoder
        return with_embedding_cache(encoder, self.embedding_cache_dir)

    def _index_concepts(self) -> None:
        self.concept_index_ = {concept.id: i for i, concept in enumerate(self.concepts_)}
        self.labels_: list[Label] = []
        label_concepts: list[int] = []
        for concept_number, concept in enumerate(self.concepts_):
            for label in concept.labels:
                self.labels_.append(label)
                label_concepts.append(concept_number)
        self.label_concepts_ = np.asarray(label_concepts, dtype=np.int64)
        self._normalized_labels = [normalize_text(label.text) for label in self.labels_]
        self._concept_kinds = np.asarray(
            [CONCEPT_KINDS.index(concept.kind) for concept in self.concepts_], dtype=np.int64
        )
        self._ancestor_matrix = self._build_ancestor_matrix()
        self._depth = np.asarray(self._ancestor_matrix.sum(axis=1)).ravel()

    def _build_ancestor_matrix(self) -> sp.csr_matrix:
        """Concept x concept matrix with a 1 where the column is a (transitive) ancestor."""
        groups_by_code = {
            concept.isco_code: i
            for i, concept in enumerate(self.concepts_)
            if concept.kind == "isco_group" and concept.isco_code
        }
        rows: list[int] = []
        columns: list[int] = []
        for i, concept in enumerate(self.concepts_):
            ancestors: set[int] = set()
            pending = [parent for parent in concept.broader if parent in self.concept_index_]
            while pending:
                parent_number = self.concept_index_[pending.pop()]
                if parent_number in ancestors or parent_number == i:
                    continue
                ancestors.add(parent_number)
                pending.extend(
                    grandparent
                    for grandparent in self.concepts_[parent_number].broader
                    if grandparent in self.concept_index_
                )
            code = concept.isco_code or ""
            # ISCO codes nest by prefix: unit group 5321 is in 532, 53 and 5.
            for length in range(1, len(code) + 1):
                group = groups_by_code.get(code[:length])
                if group is not None and group != i:
                    ancestors.add(group)
            rows.extend([i] * len(ancestors))
            columns.extend(sorted(ancestors))
        n = len(self.concepts_)
        return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(n, n))

    def _embed_labels(self, texts: Sequence[str]) -> FloatArray | None:
        if self._active_encoder is None:
            return None
        prepared = [strip_gender_markers(text)[:_MAX_DENSE_CHARS] for text in texts]
        return self._active_encoder.encode(prepared, "label")

    def _refresh_label_groups(self) -> None:
        """Recompute structures that depend on the label table.

        Labels are kept sorted by concept, so a concept's labels are one
        contiguous block and pooling is a single ``reduceat``.
        """
        self._labelled_concepts, self._group_starts = np.unique(
            self.label_concepts_, return_index=True
        )
        self._group_ends = np.append(self._group_starts[1:], len(self.labels_))
        self._block_of_concept = np.full(len(self.concepts_), -1, dtype=np.int64)
        self._block_of_concept[self._labelled_concepts] = np.arange(len(self._labelled_concepts))
        self._label_languages = np.asarray([label.language for label in self.labels_], dtype=object)
        self._centroids: FloatArray | None = None
        if self.label_embeddings_ is not None and len(self.labels_):
            summed = np.add.reduceat(self.label_embeddings_, self._group_starts, axis=0)
            # Each ensemble member's part is normalised on its own, so that a member
            # switched off for a query does not shrink the others' centroid cosines.
            parts = (
                self._active_encoder.member_slices()
                if isinstance(self._active_encoder, EncoderEnsemble)
                else [(None, slice(0, summed.shape[1]))]
            )
            for member, columns in parts:
                norms = np.linalg.norm(summed[:, columns], axis=1, keepdims=True)
                scale = 1.0 if member is None else np.sqrt(member.weight)
                summed[:, columns] *= scale / np.maximum(norms, 1e-12)
            self._centroids = summed.astype(np.float32)

    def _labels_of(self, concept: int) -> IntArray:
        block = self._block_of_concept[concept]
        return np.arange(self._group_starts[block], self._group_ends[block], dtype=np.int64)

    # ------------------------------------------------------------------ scoring

    def _lexical_weights(
        self, language: str | None, label_languages: NDArray[np.object_] | None = None
    ) -> FloatArray:
        languages = self._label_languages if label_languages is None else label_languages
        if self._active_encoder is None:
            return np.ones(len(languages), dtype=np.float32)
        weights = np.full(len(languages), self.unknown_language_lexical_weight, dtype=np.float32)
        if language:
            known = languages != ""
            weights[known] = self.cross_language_lexical_weight
            weights[languages == language] = self.same_language_lexical_weight
        return weights

    def _score_batch(
        self, texts: Sequence[str], language: str | None, kinds: Sequence[str] | None
    ) -> _ScoredBatch:
        normalized = [normalize_text(text) for text in texts]
        n_queries = len(texts)
        if self.labels_:
            lexical = self.lexical_index_.similarity(normalized)
        else:
            lexical = sp.csr_matrix((n_queries, 0), dtype=np.float32)
        lexical.sort_indices()
        empty = np.asarray([not text for text in normalized], dtype=bool)
        fused: FloatArray | None = None
        dense: FloatArray | None = None
        concept_scores = np.full((n_queries, len(self.concepts_)), _NO_SCORE, dtype=np.float32)
        overlay: _OverlayScores | None = None
        if self._active_encoder is not None and self.label_embeddings_ is not None:
            prepared = [strip_gender_markers(text)[:_MAX_DENSE_CHARS] for text in texts]
            query_embeddings = self._active_encoder.encode(prepared, "query")
            dense, centroid_queries = self._dense_scores(query_embeddings, language)
            fused = dense + (lexical.multiply(self._lexical_weights(language)[None, :])).toarray()
            # Texts with nothing left after normalisation (emoji, control characters) match nothing.
            fused[empty] = _NO_SCORE
            overlay = self._score_overlay(normalized, query_embeddings, language, empty)
            if self.labels_:
                pooled = np.maximum.reduceat(fused, self._group_starts, axis=1)
                if overlay is not None:
                    self._pool_overlay(overlay, pooled, concept_scores)
                if self._centroids is not None:
                    pooled += self.centroid_weight * (centroid_queries @ self._centroids.T)
                concept_scores[:, self._labelled_concepts] = pooled
        else:
            self._pool_sparse(lexical, concept_scores)
            overlay = self._score_overlay(normalized, None, language, empty)
            if overlay is not None:
                self._pool_overlay(overlay, None, concept_scores)
        concept_scores[empty] = _NO_SCORE
        if kinds is not None:
            allowed = np.isin(self._concept_kinds, [CONCEPT_KINDS.index(kind) for kind in kinds])
            concept_scores[:, ~allowed] = _NO_SCORE
        self._apply_rejections(normalized, concept_scores)
        return _ScoredBatch(lexical, dense, fused, concept_scores, overlay)

    def _dense_scores(
        self, query_embeddings: FloatArray, language: str | None
    ) -> tuple[FloatArray, FloatArray]:
        """Embedding scores of queries with labels, and the query vectors for centroids.

        With an :class:`EncoderEnsemble`, each member's part counts only where
        the member applies (see :meth:`_embedding_scores`), and a
        cross-lingual-only member joins the centroid comparison only when the
        taxonomy has no label in the query language.
        """
        assert self.label_embeddings_ is not None
        dense = self._embedding_scores(
            query_embeddings, language, self.label_embeddings_, self._label_languages
        )
        encoder = self._active_encoder
        if not isinstance(encoder, EncoderEnsemble):
            return dense, query_embeddings
        centroid_queries = query_embeddings.copy()
        language_in_taxonomy = bool(language) and bool(np.any(self._label_languages == language))
        for member, columns in encoder.member_slices():
            if not member.knows(language) or (
                member.cross_lingual_only and language and language_in_taxonomy
            ):
                centroid_queries[:, columns] = 0.0
        return dense, centroid_queries

    def _embedding_scores(
        self,
        query_embeddings: FloatArray,
        language: str | None,
        embeddings: FloatArray,
        languages: NDArray[np.object_],
    ) -> FloatArray:
        """Cosines of queries with label embeddings (in ``languages``).

        With an :class:`EncoderEnsemble`, a member that does not know the query
        language is skipped, and a cross-lingual-only member scores labels in
        other languages only.
        """
        encoder = self._active_encoder
        if not isinstance(encoder, EncoderEnsemble):
            scores: FloatArray = query_embeddings @ embeddings.T
            return scores
        dense = np.zeros((len(query_embeddings), len(embeddings)), dtype=np.float32)
        for member, columns in encoder.member_slices():
            if not member.knows(language):
                continue
            part = query_embeddings[:, columns] @ embeddings[:, columns].T
            if member.cross_lingual_only and language:
                part *= (languages != language).astype(np.float32)
            dense += part
        return dense

    def _score_overlay(
        self,
        normalized: Sequence[str],
        query_embeddings: FloatArray | None,
        language: str | None,
        empty: NDArray[np.bool_],
    ) -> _OverlayScores | None:
        overlay = self._overlay
        if overlay is None or not overlay.labels:
            return None
        lexical = self.lexical_index_.similarity(normalized, overlay.vectors).toarray()
        dense = None
        fused = lexical
        if query_embeddings is not None and overlay.embeddings is not None:
            dense = self._embedding_scores(
                query_embeddings, language, overlay.embeddings, overlay.languages
            )
            fused = dense + lexical * self._lexical_weights(language, overlay.languages)[None, :]
        fused = fused.astype(np.float32)
        fused[empty] = _NO_SCORE
        return _OverlayScores(overlay, lexical, dense, fused)

    def _pool_overlay(
        self, scores: _OverlayScores, pooled: FloatArray | None, concept_scores: FloatArray
    ) -> None:
        """A concept's best label may be one of its overlaid texts.

        ``pooled`` holds the best label score of each labelled concept before the
        centroid term is added (dense path); without it the concept scores are
        the best label scores themselves (lexical path).
        """
        overlay = scores.overlay
        best = np.maximum.reduceat(scores.fused, overlay.starts, axis=1)
        blocks = self._block_of_concept[overlay.block_concepts]
        labelled = blocks >= 0
        if pooled is None:
            # A text sharing no feature with the query is no evidence (as in _pool_sparse).
            columns = overlay.block_concepts
            current = concept_scores[:, columns]
            concept_scores[:, columns] = np.where(best > 0, np.maximum(current, best), current)
            return
        pooled[:, blocks[labelled]] = np.maximum(pooled[:, blocks[labelled]], best[:, labelled])
        # A concept without a label of its own is scored by its overlaid texts alone.
        concept_scores[:, overlay.block_concepts[~labelled]] = best[:, ~labelled]

    def _pool_sparse(self, lexical: sp.csr_matrix, concept_scores: FloatArray) -> None:
        """Max-pool sparse label scores into concept scores without densifying them."""
        if not lexical.nnz:
            return
        rows = np.repeat(np.arange(lexical.shape[0]), np.diff(lexical.indptr))
        # Sorted label columns within a row are sorted concepts: one reduceat does it.
        keys = rows * len(self.concepts_) + self.label_concepts_[lexical.indices]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        concept_scores.flat[keys[starts]] = np.maximum.reduceat(lexical.data, starts)

    def _apply_rejections(self, normalized: Sequence[str], concept_scores: FloatArray) -> None:
        if self._rejection_vectors is None:
            return
        query_vectors = self.lexical_index_.query_vectors(normalized)
        similarity = (query_vectors @ self._rejection_vectors.T).toarray()
        for rejection_number, verdict in enumerate(self.rejections_):
            concept = self.concept_index_[verdict.concept_id]
            # Only texts nearly identical to the rejected one are affected.
            closeness = similarity[:, rejection_number]
            affected = closeness >= 0.8
            concept_scores[affected, concept] -= self.rejection_penalty * closeness[affected]

    def _batches(self, texts: Sequence[str]) -> Iterable[tuple[int, Sequence[str]]]:
        for start in range(0, len(texts), self.batch_size):
            yield start, texts[start : start + self.batch_size]

    def _match(
        self, batch: _ScoredBatch, row: int, concept: int, row_scores: FloatArray | None = None
    ) -> ConceptMatch:
        evidence = self._overlay_evidence(batch, row, concept, row_scores)
        if evidence is None:
            label_numbers = self._labels_of(concept)
            scores = batch.label_scores(row) if row_scores is None else row_scores
            best = int(label_numbers[int(np.argmax(scores[label_numbers]))])
            label = self.labels_[best]
            dense_score = None if batch.dense is None else float(batch.dense[row, best])
            evidence = Evidence(
                label.text, label.language, label.kind, batch.lexical_score(row, best), dense_score
            )
        return ConceptMatch(
            self.concepts_[concept].id,
            self.concepts_[concept].kind,
            float(batch.concept_scores[row, concept]),
            evidence,
        )

    def _overlay_evidence(
        self, batch: _ScoredBatch, row: int, concept: int, row_scores: FloatArray | None
    ) -> Evidence | None:
        """The evidence of the concept's best overlaid text, if it beats its own labels."""
        if batch.overlay is None:
            return None
        overlay = batch.overlay.overlay
        texts = overlay.texts_of(concept)
        if not len(texts):
            return None
        best = int(texts[int(np.argmax(batch.overlay.fused[row, texts]))])
        if self._block_of_concept[concept] >= 0:
            scores = batch.label_scores(row) if row_scores is None else row_scores
            if batch.overlay.fused[row, best] <= scores[self._labels_of(concept)].max():
                return None
        label = overlay.labels[best]
        dense = None if batch.overlay.dense is None else float(batch.overlay.dense[row, best])
        return Evidence(
            label.text, label.language, label.kind, float(batch.overlay.lexical[row, best]), dense
        )

    @staticmethod
    def _top(scores: FloatArray, k: int) -> IntArray:
        # A score of zero means no shared feature at all: not a candidate.
        candidates = np.flatnonzero(np.isfinite(scores) & (scores > 0))
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        order = np.argsort(-scores[candidates], kind="stable")
        return candidates[order].astype(np.int64)

    def link(
        self,
        texts: Sequence[str],
        k: int = 10,
        language: str | None = None,
        kind: ConceptKind | None = "occupation",
    ) -> list[list[ConceptMatch]]:
        """Rank concepts for each text.

        Parameters
        ----------
        texts : sequence of str
            Job titles or short descriptions, in any language.
        k : int, default=10
            Number of concepts returned per text.
        language : str or None, default=None
            ISO 639-1 code of the texts when known; it decides how much the
            lexical evidence is trusted for labels in each language.
        kind : str or None, default="occupation"
            Restrict to one concept kind; None searches every kind.

        Returns
        -------
        list of list of ConceptMatch
            Per text, best first; an empty list when the text has no words.
        """
        kinds = None if kind is None else [kind]
        results: list[list[ConceptMatch]] = []
        for _, batch_texts in self._batches(texts):
            batch = self._score_batch(batch_texts, language, kinds)
            for row in range(len(batch_texts)):
                top = self._top(batch.concept_scores[row], k)
                row_scores = batch.label_scores(row)
                results.append(
                    [self._match(batch, row, int(concept), row_scores) for concept in top]
                )
        return results

    def rank_labels(
        self, texts: Sequence[str], k: int = 100, language: str | None = None
    ) -> list[RankedLabels]:
        """Rank individual labels (not concepts) for each text, over all kinds.

        A label's score blends its own evidence with its concept's pooled
        score (``label_evidence_weight``), so synonyms of a strongly matching
        concept move up together. Candidates are the labels of the ``k``
        best concepts.

        Parameters
        ----------
        texts : sequence of str
            Query texts.
        k : int, default=100
            Labels returned per text.
        language : str or None, default=None
            Language of the texts when known.

        Returns
        -------
        list of RankedLabels
            One per text; empty arrays when the text has no words.
        """
        results: list[RankedLabels] = []
        weight = self.label_evidence_weight
        for _, batch_texts in self._batches(texts):
            batch = self._score_batch(batch_texts, language, None)
            for row in range(len(batch_texts)):
                concepts = self._top(batch.concept_scores[row], k)
                if not len(concepts):
                    results.append(RankedLabels(np.zeros(0, np.int64), np.zeros(0, np.float32)))
                    continue
                blocks = self._block_of_concept[concepts]
                labels = np.concatenate(
                    [
                        np.arange(start, end)
                        for start, end in zip(
                            self._group_starts[blocks], self._group_ends[blocks], strict=True
                        )
                    ]
                )
                blended = (
                    weight * batch.label_scores(row)[labels]
                    + (1.0 - weight) * (batch.concept_scores[row, self.label_concepts_[labels]])
                )
                order = np.argsort(-blended, kind="stable")[:k]
                results.append(RankedLabels(labels[order], blended[order].astype(np.float32)))
        return results

    # ------------------------------------------------------------------ back-off

    def link_with_back_off(
        self, texts: Sequence[str], k: int = 5, language: str | None = None
    ) -> list[LinkOutcome]:
        """Rank occupations and name the ISCO group each text most likely belongs to.

        Concept scores become probabilities with a softmax
        (``confidence_temperature``); a group's confidence is the summed
        probability of the occupations beneath it. When the top occupation
        is not confident, the UI can still say "we think this is a kind of
        <group>" with the group's confidence.

        Parameters
        ----------
        texts : sequence of str
            Job titles in any language.
        k : int, default=5
            Occupations returned per text.
        language : str or None, default=None
            Language of the texts when known.

        Returns
        -------
        list of LinkOutcome
            One per text.
        """
        outcomes: list[LinkOutcome] = []
        for _, batch_texts in self._batches(texts):
            batch = self._score_batch(batch_texts, language, ["occupation"])
            probabilities = self._probabilities(batch.concept_scores)
            group_mass = np.asarray((self._ancestor_matrix.T @ probabilities.T).T)
            for row in range(len(batch_texts)):
                top = self._top(batch.concept_scores[row], k)
                row_scores = batch.label_scores(row)
                matches = tuple(
                    self._match(batch, row, int(concept), row_scores) for concept in top
                )
                top_confidence = float(probabilities[row, top[0]]) if len(top) else 0.0
                group = self._choose_group(group_mass[row], language) if len(top) else None
                outcomes.append(
                    LinkOutcome(
                        matches, top_confidence, top_confidence >= self.confidence_threshold, group
                    )
                )
        return outcomes

    def _probabilities(self, concept_scores: FloatArray) -> FloatArray:
        finite = np.isfinite(concept_scores)
        safe_scores = np.where(finite, concept_scores, np.float32(-1e9))
        maxima = safe_scores.max(axis=1, keepdims=True)
        exponentials = np.where(
            finite, np.exp((safe_scores - maxima) / self.confidence_temperature), 0.0
        )
        totals = np.maximum(exponentials.sum(axis=1, keepdims=True), 1e-30)
        probabilities: FloatArray = (exponentials / totals).astype(np.float32)
        return probabilities

    def _choose_group(self, mass: FloatArray, language: str | None) -> GroupSuggestion | None:
        if not np.any(mass > 0):
            return None
        depth = self._depth
        sure = np.flatnonzero(mass >= self.confidence_threshold)
        if len(sure):
            # The most specific sure group: deepest in the tree, then most probable.
            chosen = int(sure[np.lexsort((-mass[sure], -depth[sure]))[0]])
        else:
            chosen = int(np.argmax(mass))
        concept = self.concepts_[chosen]
        return GroupSuggestion(
            concept.id, concept.isco_code, _display_label(concept, language), float(mass[chosen])
        )

    # ------------------------------------------------------------------ skills

    def extract_skills(
        self,
        text: str,
        language: str | None = None,
        min_score: float | None = None,
        max_words: int = 5,
        max_chars: int = 20_000,
    ) -> list[SkillMention]:
        """Find skill concepts named inside a longer text.

        Every window of up to ``max_words`` words inside a clause is linked
        to skill concepts; windows scoring at least ``min_score`` are kept,
        best first, without overlapping spans or repeated skills.

        Parameters
        ----------
        text : str
            A CV paragraph or vacancy description.
        language : str or None, default=None
            Its language when known.
        min_score : float or None, default=None
            Threshold on the fused score; None picks 0.5 for the lexical
            linker and 1.85 with an encoder (label and centroid cosines add
            up; unrelated spans score about 1.5-1.75 with e5-small).
        max_words : int, default=5
            Longest span considered.
        max_chars : int, default=20_000
            Only the beginning of longer texts is read, bounding the work.

        Returns
        -------
        list of SkillMention
            In text order.
        """
        if min_score is None:
            min_score = 0.5 if self._active_encoder is None else 1.85
        text = text[:max_chars]
        spans = candidate_spans(text, max_words=max_words)
        if not spans:
            return []
        scored: list[tuple[float, int, ConceptMatch]] = []
        span_texts = [span.text for span in spans]
        for start, batch_texts in self._batches(span_texts):
            batch = self._score_batch(batch_texts, language, ["skill"])
            best = np.argmax(batch.concept_scores, axis=1)
            for row, concept in enumerate(best.tolist()):
                score = float(batch.concept_scores[row, concept])
                if np.isfinite(score) and score >= min_score:
                    scored.append((score, start + row, self._match(batch, row, concept)))
        taken: list[SkillMention] = []
        covered = np.zeros(len(text), dtype=bool)
        linked: set[str] = set()
        # Longer spans win ties so "industrial sewing machine" beats "sewing".
        for _, span_number, match in sorted(
            scored, key=lambda item: (-item[0], -spans[item[1]].n_words)
        ):
            span = spans[span_number]
            if match.concept_id in linked or covered[span.start : span.end].any():
                continue
            covered[span.start : span.end] = True
            linked.add(match.concept_id)
            taken.append(SkillMention(span.start, span.end, span.text, match))
        return sorted(taken, key=lambda mention: mention.start)

    # ------------------------------------------------------------------ feedback

    def add_feedback(self, text: str, concept_id: str, confirmed: bool, language: str = "") -> None:
        """Learn from a counsellor's verdict on linking ``text`` to a concept.

        A confirmation adds ``text`` as a "local" label of the concept, so it
        and similar texts link there directly. A rejection lowers the
        concept's score for ``text`` and nearly identical texts.

        Parameters
        ----------
        text : str
            The job seeker's words.
        concept_id : str
            The concept proposed to the counsellor.
        confirmed : bool
            The verdict.
        language : str, default=""
            Language of ``text`` if known.

        Raises
        ------
        KeyError
            If ``concept_id`` is not a fitted concept.
        TypeError
            On a copy made by :meth:`with_feedback`, which shares its arrays.
        """
        self._refuse_if_overlaid("add_feedback")
        concept_number = self.concept_index_[concept_id]
        normalized = normalize_text(text)
        if not normalized:
            return
        if not confirmed:
            self.rejections_.append(Feedback(text, concept_id, False, language))
            vector = self.lexical_index_.query_vectors([normalized])
            self._rejection_vectors = (
                vector
                if self._rejection_vectors is None
                else sp.vstack([self._rejection_vectors, vector]).tocsr()
            )
            return
        label = Label(text, language, "local")
        concept = self.concepts_[concept_number]
        self.concepts_[concept_number] = Concept(
            concept.id, concept.kind, (*concept.labels, label), concept.broader, concept.isco_code
        )
        # The new label joins the end of its concept's block, keeping labels concept-sorted.
        position = int(np.searchsorted(self.label_concepts_, concept_number, side="right"))
        self.labels_.insert(position, label)
        self._normalized_labels.insert(position, normalized)
        self.label_concepts_ = np.insert(self.label_concepts_, position, concept_number)
        self.lexical_index_.insert_label(position, normalized)
        new_embedding = self._embed_labels([text])
        if self.label_embeddings_ is not None and new_embedding is not None:
            self.label_embeddings_ = np.insert(self.label_embeddings_, position, new_embedding, 0)
        self._refresh_label_groups()

    def with_feedback(self, feedback: Iterable[Feedback]) -> ConceptLinker:
        """Return a read-only copy of this linker that also applies ``feedback``.

        The copy shares every fitted array with this linker: nothing is
        re-indexed, only the verdicts' own texts are vectorised (and embedded).
        So one fitted linker can serve many groups of people, each group's (or
        person's) verdicts applied on top at query time, and this linker never
        changes under a query that is reading it.

        A confirmed text scores like an extra label of its concept: the
        concept's best label score is the best of its labels and its confirmed
        texts (its centroid term is unchanged). A rejection demotes as with
        :meth:`add_feedback`. Verdicts about concepts this linker does not know
        are skipped: the taxonomy may have changed since it was fitted. Called on
        a copy, the new verdicts are added to the copy's. :meth:`rank_labels`
        ranks the fitted labels only.

        Parameters
        ----------
        feedback : iterable of Feedback
            Verdicts, oldest first.

        Returns
        -------
        ConceptLinker
            The copy; this linker is unchanged.
        """
        base = self._overlaid_on or self
        known = [v for v in feedback if v.concept_id in base.concept_index_]
        view = copy.copy(base)
        view._overlaid_on = base
        view._overlay = self._overlay
        view.rejections_ = list(self.rejections_)
        view._rejection_vectors = self._rejection_vectors
        confirmed: list[tuple[Label, int, str]] = []
        for verdict in known:
            normalized = normalize_text(verdict.text)
            if not normalized:
                continue
            if verdict.confirmed:
                label = Label(verdict.text, verdict.language, "local")
                confirmed.append((label, base.concept_index_[verdict.concept_id], normalized))
            else:
                view.rejections_.append(verdict)
        rejected = view.rejections_[len(self.rejections_) :]
        if rejected:
            vectors = base.lexical_index_.query_vectors([normalize_text(v.text) for v in rejected])
            view._rejection_vectors = (
                vectors
                if self._rejection_vectors is None
                else sp.vstack([self._rejection_vectors, vectors]).tocsr()
            )
        if confirmed:
            view._overlay = base._extended_overlay(self._overlay, confirmed)
        return view

    def _extended_overlay(
        self, overlay: _Overlay | None, confirmed: list[tuple[Label, int, str]]
    ) -> _Overlay:
        labels = [label for label, _, _ in confirmed]
        concepts = np.asarray([concept for _, concept, _ in confirmed], dtype=np.int64)
        vectors = self.lexical_index_.label_vectors([text for _, _, text in confirmed])
        embeddings = self._embed_labels([label.text for label in labels])
        if overlay is not None:
            labels = [*overlay.labels, *labels]
            concepts = np.concatenate([overlay.concepts, concepts])
            vectors = overlay.vectors.stacked(vectors)
            if overlay.embeddings is not None and embeddings is not None:
                embeddings = np.vstack([overlay.embeddings, embeddings])
        order = np.argsort(concepts, kind="stable")
        concepts = concepts[order]
        block_concepts, starts = np.unique(concepts, return_index=True)
        return _Overlay(
            labels=tuple(labels[i] for i in order),
            concepts=concepts,
            vectors=vectors.take(order),
            embeddings=None if embeddings is None else embeddings[order],
            languages=np.asarray([labels[i].language for i in order], dtype=object),
            starts=starts.astype(np.int64),
            block_concepts=block_concepts.astype(np.int64),
        )

    def _refuse_if_overlaid(self, method: str) -> None:
        if self._overlaid_on is not None:
            raise TypeError(
                f"{method} on a copy made by with_feedback, which shares the fitted arrays; "
                "call it on the linker the copy was made from"
            )

    # ------------------------------------------------------------------ persistence

    def save(self, directory: str | Path) -> None:
        """Write the fitted index to a directory (JSON, ``.npy`` and ``.npz`` files).

        Parameters
        ----------
        directory : str or Path
            Created if missing; existing index files are overwritten.
        """
        self._refuse_if_overlaid("save")
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self.lexical_index_.save(path)
        if self.label_embeddings_ is not None:
            np.save(path / "label_embeddings.npy", self.label_embeddings_)
        metadata = {
            "format_version": _FORMAT_VERSION,
            "parameters": self._parameters(),
            "encoder": None if self._active_encoder is None else self._active_encoder.name,
            "concepts": [asdict(concept) for concept in self.concepts_],
            "rejections": [asdict(verdict) for verdict in self.rejections_],
        }
        (path / "linker.json").write_text(json.dumps(metadata, ensure_ascii=False), "utf-8")

    def _parameters(self) -> dict[str, object]:
        return {
            "embedding_cache_dir": None
            if self.embedding_cache_dir is None
            else str(self.embedding_cache_dir),
            "char_ngram_sizes": list(self.char_ngram_sizes),
            "word_weight": self.word_weight,
            "max_document_share": self.max_document_share,
            "same_language_lexical_weight": self.same_language_lexical_weight,
            "cross_language_lexical_weight": self.cross_language_lexical_weight,
            "unknown_language_lexical_weight": self.unknown_language_lexical_weight,
            "centroid_weight": self.centroid_weight,
            "label_evidence_weight": self.label_evidence_weight,
            "confidence_temperature": self.confidence_temperature,
            "confidence_threshold": self.confidence_threshold,
            "rejection_penalty": self.rejection_penalty,
            "batch_size": self.batch_size,
        }

    @classmethod
    def load(cls, directory: str | Path, encoder: TextEncoder | None = None) -> ConceptLinker:
        """Read a linker written by :meth:`save` without re-encoding any label.

        Parameters
        ----------
        directory : str or Path
            The directory given to :meth:`save`.
        encoder : TextEncoder or None, default=None
            Encoder for queries. When the index holds embeddings and none is
            given, :func:`~.dense.default_encoder` is used if it is installed
            and is the encoder the labels were embedded with; otherwise the
            loaded linker is lexical only.

        Returns
        -------
        ConceptLinker
            A fitted linker.

        Raises
        ------
        ValueError
            If the directory was written by an incompatible version, or
            ``encoder`` is not the one the label embeddings were made with.
        """
        path = Path(directory)
        metadata = json.loads((path / "linker.json").read_text("utf-8"))
        if metadata["format_version"] != _FORMAT_VERSION:
            raise ValueError(f"unsupported linker format {metadata['format_version']}")
        parameters = dict(metadata["parameters"])
        parameters["char_ngram_sizes"] = tuple(parameters["char_ngram_sizes"])
        stored_encoder = metadata["encoder"]
        if stored_encoder is None:
            encoder = None
        elif encoder is None:
            # The recommended encoder, if installed and the one the labels were embedded with.
            candidate = default_encoder()
            encoder = (
                candidate if candidate is not None and candidate.name == stored_encoder else None
            )
        elif encoder.name != stored_encoder:
            raise ValueError(f"index was embedded with {stored_encoder}, not {encoder.name}")
        linker = cls(encoder, **parameters)
        linker.concepts_ = [_concept_from_json(item) for item in metadata["concepts"]]
        linker._active_encoder = linker._wrap_encoder(encoder)
        linker._index_concepts()
        linker.lexical_index_ = LexicalIndex.load(
            path, linker.char_ngram_sizes, linker.word_weight, linker.max_document_share
        )
        linker.label_embeddings_ = None
        if encoder is not None:
            linker.label_embeddings_ = np.load(path / "label_embeddings.npy", allow_pickle=False)
        linker._refresh_label_groups()
        linker.rejections_ = []
        linker._rejection_vectors = None
        linker._overlay = None
        linker._overlaid_on = None
        for item in metadata["rejections"]:
            linker.add_feedback(item["text"], item["concept_id"], False, item["language"])
        return linker


def _concept_from_json(item: dict[str, Any]) -> Concept:
    return Concept(
        id=item["id"],
        kind=item["kind"],
        labels=tuple(Label(**label) for label in item["labels"]),
        broader=tuple(item["broader"]),
        isco_code=item["isco_code"],
    )


def _display_label(concept: Concept, language: str | None) -> str:
    """Prefer the preferred label in the query's language, then English, then any."""

    def rank(label: Label) -> tuple[bool, bool, bool]:
        return (label.language != language, label.language != "en", label.kind != "preferred")

    return min(concept.labels, key=rank).text if concept.labels else concept.id
