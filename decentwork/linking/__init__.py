"""Link free text in any language to ESCO/ISCO concepts (no Django).

Quick start::

    from decentwork.linking import Concept, ConceptLinker, Label

    linker = ConceptLinker().fit(concepts)
    linker.link(["hemşire yardımcısı"], k=5)

Pass ``encoder=E5SmallEncoder()`` (needs the ``dense`` extra) for
cross-lingual linking; see ``docs/decisions/0006-linking-encoder.md``.
"""

from decentwork.linking.concepts import (
    Concept,
    ConceptMatch,
    Evidence,
    Feedback,
    GroupSuggestion,
    Label,
    LinkOutcome,
    SkillMention,
)
from decentwork.linking.dense import (
    CachedEncoder,
    E5SmallEncoder,
    EncoderEnsemble,
    EnsembleMember,
    MultilingualUseEncoder,
    TextEncoder,
    default_encoder,
    dense_encoder_available,
    with_embedding_cache,
)
from decentwork.linking.linker import ConceptLinker, RankedLabels

__all__ = [
    "CachedEncoder",
    "Concept",
    "ConceptLinker",
    "ConceptMatch",
    "E5SmallEncoder",
    "EncoderEnsemble",
    "EnsembleMember",
    "Evidence",
    "Feedback",
    "GroupSuggestion",
    "Label",
    "LinkOutcome",
    "MultilingualUseEncoder",
    "RankedLabels",
    "SkillMention",
    "TextEncoder",
    "default_encoder",
    "dense_encoder_available",
    "with_embedding_cache",
]
