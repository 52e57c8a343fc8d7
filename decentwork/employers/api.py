from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from decentwork.api_inputs import BoundedLimitOffset
from decentwork.employers.access import access_vacancy, vacancies_for
from decentwork.employers.models import Vacancy, VacancySkill

router = Router(tags=["vacancies"])


class VacancySkillOut(Schema):
    uri: str
    relevance: str


class VacancyOut(Schema):
    id: int
    title: str
    language: str
    employer_id: int
    employer_name: str
    region_id: int
    occupation_uri: str | None
    place: str
    remote: bool
    hours: str
    contract_type: str
    openings: int
    filled: int
    accommodations: list[str]
    opens_on: dt.date
    closes_on: dt.date | None
    skills: list[VacancySkillOut]

    @staticmethod
    def resolve_employer_name(obj: Vacancy) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_occupation_uri(obj: Vacancy) -> str | None:
        return obj.occupation.uri if obj.occupation else None

    @staticmethod
    def resolve_skills(obj: Vacancy) -> list[dict[str, str]]:
        return [{"uri": s.skill.uri, "relevance": s.relevance} for s in obj.skills.all()]


def _with_related(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return vacancies.select_related("employer", "occupation").prefetch_related(
        Prefetch("skills", queryset=VacancySkill.objects.select_related("skill")))


@router.get("", response=list[VacancyOut])
@paginate(BoundedLimitOffset)
def vacancy_list(request: HttpRequest) -> QuerySet[Vacancy]:
    return _with_related(vacancies_for(request.user)).order_by("-opens_on", "id")  # type: ignore[arg-type]


@router.get("/{vacancy_id}", response=VacancyOut)
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> Vacancy:
    vacancy = access_vacancy(request.user, vacancy_id)  # type: ignore[arg-type]
    return _with_related(Vacancy.objects.filter(pk=vacancy.pk)).get()
