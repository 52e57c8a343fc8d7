from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from decentwork.taxonomy.access import access_concept_by_uri, search_concepts
from decentwork.taxonomy.models import Concept, ConceptKind

router = Router(tags=["taxonomy"])


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


class ConceptSearch(Schema):
    q: str = Field(min_length=1, max_length=200, description="Text to look for in labels")
    kind: ConceptKind | None = None
    language: str | None = Field(None, max_length=10)
    limit: int = Field(20, ge=1, le=100)


@router.get("/concepts", response=list[ConceptOut])
def concept_search(request: HttpRequest, filters: Query[ConceptSearch]) -> list[Concept]:
    return search_concepts(request.user, filters.q, kind=filters.kind,  # type: ignore[arg-type]
                           language=filters.language, limit=filters.limit)


@router.get("/concept", response=ConceptDetailOut)
def concept_detail(request: HttpRequest, uri: str) -> dict[str, object]:
    concept = access_concept_by_uri(request.user, uri)  # type: ignore[arg-type]
    return {
        "uri": concept.uri, "kind": concept.kind, "code": concept.code,
        "isco_code": concept.isco_code,
        "labels": [{"text": lab.text, "language": lab.language, "kind": lab.kind}
                   for lab in concept.labels.all()],
        "broader": list(concept.broader_links.values_list("broader__uri", flat=True)),
        "skills": [{"uri": uri, "relevance": rel} for uri, rel in
                   concept.skill_links.values_list("skill__uri", "relevance")],
    }
