from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.controlled_lists import Accommodation
from decentwork.employers.access import access_vacancy, employer_of, vacancies_for
from decentwork.employers.actions import post_vacancy
from decentwork.employers.forms import VacancyDescriptionForm, VacancyForm
from decentwork.employers.models import VacancySkill
from decentwork.network.models import Region
from decentwork.taxonomy.access import access_concept_by_uri, preferred_labels
from decentwork.taxonomy.actions import record_link_feedback
from decentwork.taxonomy.link_service import find_skills, link_texts, linking_language
from decentwork.taxonomy.models import Verdict

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


@login_required
def post_vacancy_form(request: HttpRequest) -> HttpResponse:
    """Two steps, no script needed: describe the job, then confirm the occupation and
    the skills the linker found in the text."""
    user: User = request.user  # type: ignore[assignment]
    employer = employer_of(user)
    regions = Region.objects.filter(site_id=employer.site_id)
    form: VacancyDescriptionForm = VacancyDescriptionForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = linking_language(data["language"])
        display = get_language() or "en"
        occupations = link_texts(user, [data["title"]], kind="occupation", language=language,
                                 k=5, display_language=display)[0]
        skills = (find_skills(user, data["description"], language=language,
                              display_language=display) if data["description"] else [])
        choosing = "save" in request.POST
        form = VacancyForm(request.POST, regions=regions, occupations=occupations,
                           skills=skills, choosing=choosing)
        if choosing and form.is_valid():
            data = form.cleaned_data
            try:
                vacancy = post_vacancy(
                    user, employer=employer, region=data["region"], title=data["title"],
                    description=data["description"], language=language,
                    occupation=access_concept_by_uri(user, data["occupation"]),
                    essential_skills=[access_concept_by_uri(user, uri)
                                      for uri in data["essential_skills"]],
                    place=data["place"], remote=data["remote"], hours=data["hours"],
                    contract_type=data["contract_type"], openings=data["openings"],
                    accommodations=data["accommodations"], opens_on=data["opens_on"],
                    closes_on=data["closes_on"])
                record_link_feedback(user, text=data["title"], language=language,
                                     concept=vacancy.occupation, verdict=Verdict.CONFIRMED)  # type: ignore[arg-type]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The vacancy was published."))
                return redirect("employers:vacancy_detail", vacancy_id=vacancy.pk)
    return render(request, "employers/post_vacancy.html", {"form": form, "employer": employer})
