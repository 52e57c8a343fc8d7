"""Plain, immutable inputs and outputs of the linking engine.

The taxonomy app adapts its tables into :class:`Concept` and :class:`Label`;
the linker answers with :class:`ConceptMatch`, :class:`GroupSuggestion`,
:class:`LinkOutcome` and :class:`SkillMention`. Nothing here knows about Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ConceptKind = Literal["occupation", "skill", "isco_group", "skill_group"]
LabelKind = Literal["preferred", "alternative", "hidden", "local"]

CONCEPT_KINDS: tuple[ConceptKind, ...] = ("occupation", "skill", "isco_group", "skill_group")
LABEL_KINDS: tuple[LabelKind, ...] = ("preferred", "alternative", "hidden", "local")


@dataclass(frozen=True, slots=True)
class Label:
    """One name of a concept in one language.

    Attributes
    ----------
    text : str
        The label as written, e.g. "hemşire yardımcısı".
    language : str
        ISO 639-1 code ("en", "zh", "tr"…); "" when unknown.
    kind : {"preferred", "alternative", "hidden", "local"}
        ESCO's label kinds, plus "local" for names added by a deployment or
        confirmed by counsellors (informal titles, regional words).
    """

    text: str
    language: str = ""
    kind: LabelKind = "preferred"


@dataclass(frozen=True, slots=True)
class Concept:
    """A taxonomy concept the engine can link text to.

    Attributes
    ----------
    id : str
        Stable identifier, typically the ESCO URI.
    kind : {"occupation", "skill", "isco_group", "skill_group"}
        What the concept is.
    labels : tuple of Label
        Its names in every language available.
    broader : tuple of str
        Identifiers of its direct parents (an occupation's ISCO unit group
        or parent occupation, a group's parent group).
    isco_code : str or None
        ISCO-08 code: an occupation's unit group ("5321") or a group's own
        code ("532"). Used with ``broader`` to climb the hierarchy.
    """

    id: str
    kind: ConceptKind
    labels: tuple[Label, ...]
    broader: tuple[str, ...] = ()
    isco_code: str | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    """A counsellor's verdict on a link between a text and a concept.

    Attributes
    ----------
    text : str
        The job seeker's words.
    concept_id : str
        The concept that was proposed.
    confirmed : bool
        True: the text becomes a "local" label of the concept. False: the
        concept is demoted for this text and texts very like it.
    language : str
        Language of ``text`` if known.
    """

    text: str
    concept_id: str
    confirmed: bool
    language: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a concept was proposed: the label that matched best.

    Attributes
    ----------
    label : str
        The label text.
    language : str
        The label's language.
    label_kind : str
        "preferred", "alternative", "hidden" or "local".
    lexical_score : float
        Character/word similarity of the query with this label, in [0, 1].
    dense_score : float or None
        Cosine of the multilingual embeddings, None without an encoder.
    """

    label: str
    language: str
    label_kind: str
    lexical_score: float
    dense_score: float | None


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    """One ranked candidate concept for a text.

    Attributes
    ----------
    concept_id : str
        The concept's identifier.
    kind : str
        The concept's kind.
    score : float
        Fused relevance score; comparable within one query only.
    evidence : Evidence
        The best-matching label.
    """

    concept_id: str
    kind: str
    score: float
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class GroupSuggestion:
    """The ISCO group a text most likely belongs to, when no occupation is sure.

    Attributes
    ----------
    concept_id : str
        The group concept's identifier.
    isco_code : str or None
        Its ISCO-08 code.
    label : str
        Its preferred label, in the query's language when available.
    confidence : float
        Estimated probability, in [0, 1], that the text names an occupation
        inside this group; suitable for "we think this is a kind of …".
    """

    concept_id: str
    isco_code: str | None
    label: str
    confidence: float


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """Ranked occupations plus the hierarchy back-off for one text.

    Attributes
    ----------
    matches : tuple of ConceptMatch
        Best occupations first.
    top_confidence : float
        Estimated probability that the first match is right.
    confident : bool
        Whether ``top_confidence`` reached the linker's threshold.
    group : GroupSuggestion or None
        The most specific group whose summed probability reaches the
        threshold (or the likeliest top-level group); None when nothing matched.
    """

    matches: tuple[ConceptMatch, ...]
    top_confidence: float
    confident: bool
    group: GroupSuggestion | None


@dataclass(frozen=True, slots=True)
class SkillMention:
    """A span of a longer text linked to a skill concept.

    Attributes
    ----------
    start, end : int
        Character offsets into the original text (``text[start:end]``).
    text : str
        The span itself.
    match : ConceptMatch
        The linked skill with its score and evidence.
    """

    start: int
    end: int
    text: str
    match: ConceptMatch = field(compare=False)
