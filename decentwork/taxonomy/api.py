from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from decentwork import ratelimit
from decentwork.api_inputs import StoredText
from decentwork.taxonomy.access import access_concept_by_uri, search_concepts
from decentwork.taxonomy.actions import record_link_feedback
from decentwork.taxonomy.link_service import (
    MAX_TEXT_CHARS,
    MAX_TEXTS_PER_CALL,
    MAX_TITLE_CHARS,
    LinkedConcept,
    find_skills,
    link_texts,
)
from decentwork.taxonomy.models import Concept, ConceptKind, Verdict

router = Router(tags=["taxonomy"])
linking_router = Router(tags=["linking"])


class LabelOut(Schema):
    text: str
    language: str
    kind: str


class ConceptOut(Schema):
    uri: str
    kind: str
    code: str
    isco_code: str
    labels: list[LabelOut]

    @staticmethod
    def resolve_labels(obj: Concept) -> list[dict[str, str]]:
        return [{"text": lab.text, "language": lab.language, "kind": lab.kind}
                for lab in obj.labels.all()]


class RelatedSkill(Schema):
    uri: str
    relevance: str


class ConceptDetailOut(ConceptOut):
    broader: list[str]
    skills: list[RelatedSkill]

    @staticmethod
    def resolve_broader(obj: Concept) -> list[str]:
        return list(obj.broader_links.order_by("broader__uri")
                    .values_list("broader__uri", flat=True))

    @staticmethod
    def resolve_skills(obj: Concept) -> list[dict[str, str]]:
        return [{"uri": uri, "relevance": relevance} for uri, relevance in
                obj.skill_links.order_by("skill__uri").values_list("skill__uri", "relevance")]


class ConceptSearch(Schema):
    q: StoredText = Field(min_length=1, max_length=200, description="Text to look for in labels")
    kind: ConceptKind | None = None
    language: StoredText | None = Field(None, max_length=10)
    limit: int = Field(20, ge=1, le=100)


@router.get("/concepts", response=list[ConceptOut])
def concept_search(request: HttpRequest, filters: Query[ConceptSearch]) -> list[Concept]:
    return search_concepts(request.user, filters.q, kind=filters.kind,  # type: ignore[arg-type]
                           language=filters.language, limit=filters.limit)


class ConceptUri(Schema):
    uri: StoredText = Field(max_length=255, description="The concept's URI")


@router.get("/concept", response=ConceptDetailOut)
def concept_detail(request: HttpRequest, uri: Query[ConceptUri]) -> Concept:
    """One concept with its labels, broader concepts and (occupations) skills."""
    return access_concept_by_uri(request.user, uri.uri)  # type: ignore[arg-type]


# ---------------------------------------------------------------- linking free text

# The caps are link_service's, so that the API refuses (422, naming the field) what
# the service would refuse. Each call also counts against the caller's RATE_LIMIT_LINK
# (429 with Retry-After over it).
TitleText = Annotated[str, Field(max_length=MAX_TITLE_CHARS)]


class LinkRequest(Schema):
    texts: list[TitleText] = Field(
        min_length=1, max_length=MAX_TEXTS_PER_CALL,
        description=f"Job titles or short descriptions, any language; at most "
                    f"{MAX_TEXTS_PER_CALL} of {MAX_TITLE_CHARS} characters each")
    language: str | None = Field(None, max_length=10, description="ISO 639-1 hint, e.g. 'tr'")
    kind: Literal["occupation", "skill"] = "occupation"
    k: int = Field(10, ge=1, le=50)


class EvidenceOut(Schema):
    label: str
    language: str
    label_kind: str
    lexical_score: float
    dense_score: float | None


class LinkedConceptOut(Schema):
    uri: str
    kind: str
    label: str
    score: float
    evidence: EvidenceOut


class GroupGuessOut(Schema):
    uri: str
    isco_code: str
    label: str
    confidence: float


class LinkResultOut(Schema):
    text: str
    matches: list[LinkedConceptOut]
    confident: bool | None = Field(description="Occupations only: is the first match sure?")
    group: GroupGuessOut | None = Field(
        description="Occupations only: the ISCO group the text most likely belongs to")


class LinkResponse(Schema):
    results: list[LinkResultOut]


def _concept_out(linked: LinkedConcept) -> dict[str, object]:
    return {"uri": linked.concept.uri, "kind": linked.concept.kind, "label": linked.label,
            "score": linked.score, "evidence": asdict(linked.evidence)}


@linking_router.post("", response=LinkResponse)
def link(request: HttpRequest, payload: LinkRequest) -> dict[str, object]:
    """Link free text in any language to ESCO occupations or skills, best first."""
    results = link_texts(request.user, payload.texts, kind=payload.kind,  # type: ignore[arg-type]
                         language=payload.language, k=payload.k,
                         display_language=get_language() or "en")
    return {"results": [
        {"text": r.text, "matches": [_concept_out(m) for m in r.matches],
         "confident": r.confident,
         "group": None if r.group is None else {
             "uri": r.group.concept.uri, "isco_code": r.group.concept.code,
             "label": r.group.label, "confidence": r.group.confidence}}
        for r in results
    ]}


class SkillsRequest(Schema):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS,
                      description=f"A CV paragraph or a vacancy description, at most "
                                  f"{MAX_TEXT_CHARS} characters")
    language: str | None = Field(None, max_length=10)


class SkillFoundOut(Schema):
    start: int
    end: int
    text: str
    skill: LinkedConceptOut


@linking_router.post("/skills", response=list[SkillFoundOut])
def link_skills(request: HttpRequest, payload: SkillsRequest) -> list[dict[str, object]]:
    """Find the ESCO skills named in a longer text, with their character offsets."""
    found = find_skills(request.user, payload.text, language=payload.language,  # type: ignore[arg-type]
                        display_language=get_language() or "en")
    return [{"start": f.start, "end": f.end, "text": f.text, "skill": _concept_out(f.skill)}
            for f in found]


class FeedbackRequest(Schema):
    text: StoredText = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    language: StoredText = Field("", max_length=10)
    uri: StoredText = Field(max_length=255)
    verdict: Verdict


class FeedbackOut(Schema):
    id: int


@linking_router.post("/feedback", response={201: FeedbackOut})
def link_feedback(request: HttpRequest, payload: FeedbackRequest) -> Status[dict[str, int]]:
    """Confirm or reject a suggested link. From the site's counsellors, office managers
    and administrators it teaches the whole site's linker at once; from anyone else,
    only their own suggestions, until a counsellor confirms it for the site. At most
    RATE_LIMIT_LINK_FEEDBACK per person (429 with Retry-After over it)."""
    ratelimit.enforce("link_feedback", f"user:{request.user.pk}",
                      ratelimit.rate_of("RATE_LIMIT_LINK_FEEDBACK"),
                      _("You sent a lot of feedback in a short time."))
    concept = access_concept_by_uri(request.user, payload.uri)  # type: ignore[arg-type]
    feedback = record_link_feedback(request.user, text=payload.text,  # type: ignore[arg-type]
                                    language=payload.language, concept=concept,
                                    verdict=payload.verdict)
    return Status(201, {"id": feedback.pk})
