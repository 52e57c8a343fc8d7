from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from decentwork.controlled_lists import Accommodation
from decentwork.employers.access import access_vacancy, vacancies_for
from decentwork.employers.models import VacancySkill
from decentwork.taxonomy.access import preferred_labels

VACANCY_PAGE_SIZE = 50


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    vacancies = (vacancies_for(request.user)  # type: ignore[arg-type]
                 .select_related("occupation")
                 .prefetch_related(preferred_labels("occupation__"))
                 .order_by("-opens_on", "id"))
    if request.GET.get("open") == "1":
        vacancies = vacancies.open_on(timezone.localdate())
    page = Paginator(vacancies, VACANCY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employers/vacancy_list.html", {
        "page": page, "language": get_language() or "en", "today": timezone.localdate(),
        "only_open": request.GET.get("open") == "1",
    })


@login_required
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = access_vacancy(request.user, vacancy_id)  # type: ignore[arg-type]
    skills = (VacancySkill.objects.filter(vacancy=vacancy).select_related("skill")
              .prefetch_related(preferred_labels("skill__")).order_by("relevance", "skill_id"))
    return render(request, "employers/vacancy_detail.html", {
        "vacancy": vacancy, "skills": skills, "language": get_language() or "en",
        "accommodations": [Accommodation(v).label for v in vacancy.accommodations],
        "today": timezone.localdate(),
    })
