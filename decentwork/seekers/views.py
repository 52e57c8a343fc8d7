from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.controlled_lists import Accommodation
from decentwork.seekers.access import access_seeker, active_consents, caseload_for
from decentwork.seekers.actions import add_work_experience, can_edit_seeker
from decentwork.seekers.forms import (
    NO_OCCUPATION,
    WorkDescriptionForm,
    WorkExperienceForm,
)
from decentwork.seekers.models import ConsentScope, SeekerSkill, WorkExperience
from decentwork.taxonomy.access import access_concept_by_uri, preferred_labels
from decentwork.taxonomy.actions import record_link_feedback
from decentwork.taxonomy.link_service import link_texts, linking_language
from decentwork.taxonomy.models import Verdict

CASELOAD_PAGE_SIZE = 50


def language_name(code: str) -> str:
    """The language's name in the page's language; the code itself when Django has no
    name for it (many of our users' languages are not UI languages)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Active seekers of the counsellor's office, longest waiting first."""
    seekers = caseload_for(request.user)  # type: ignore[arg-type]
    page = Paginator(seekers, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "seekers/caseload.html", {"page": page})


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    seeker_id = scope_of(request.user).seeker_id
    if seeker_id is None:
        raise Http404("Not a job seeker")
    return redirect("seekers:seeker_detail", seeker_id=seeker_id)


@login_required
def seeker_detail(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = access_seeker(request.user, seeker_id)  # type: ignore[arg-type]
    experiences = (WorkExperience.objects.filter(seeker=seeker).select_related("occupation")
                   .prefetch_related(preferred_labels("occupation__")))
    skills = (SeekerSkill.objects.filter(seeker=seeker).select_related("skill")
              .prefetch_related(preferred_labels("skill__")))
    return render(request, "seekers/seeker_detail.html", {
        "seeker": seeker,
        "experiences": experiences,
        "skills": skills,
        "languages": [(language_name(spoken.language), spoken.get_level_display())
                      for spoken in seeker.languages.all()],
        "needs": [Accommodation(v).label for v in seeker.accommodation_needs],
        "consents": [ConsentScope(v).label for v in sorted(active_consents(seeker))],
        "language": get_language() or "en",
        "can_edit": can_edit_seeker(request.user, seeker),  # type: ignore[arg-type]
    })


@login_required
def add_experience(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """Two steps, no script needed: describe the job, then pick the closest occupation
    among the linker's suggestions (the pick teaches the site's linker)."""
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker(user, seeker_id)
    if not can_edit_seeker(user, seeker):
        raise Http404("No such job seeker")
    form: WorkDescriptionForm = WorkDescriptionForm(
        request.POST or None, initial={"language": seeker.preferred_language})
    result = None
    if request.method == "POST" and form.is_valid():
        language = linking_language(form.cleaned_data["language"])
        result = link_texts(user, [form.cleaned_data["title"]], kind="occupation",
                            language=language, k=5, display_language=get_language() or "en")[0]
        choosing = "save" in request.POST
        form = WorkExperienceForm(request.POST, suggestions=result, choosing=choosing)
        if choosing and form.is_valid():
            chosen = form.cleaned_data["occupation"]
            occupation = None if chosen == NO_OCCUPATION else access_concept_by_uri(user, chosen)
            try:
                add_work_experience(user, seeker, title=form.cleaned_data["title"],
                                    language=language, occupation=occupation,
                                    years=form.cleaned_data["years"],
                                    informal=form.cleaned_data["informal"])
                if occupation is not None:
                    record_link_feedback(user, text=form.cleaned_data["title"], language=language,
                                         concept=occupation, verdict=Verdict.CONFIRMED)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The work experience was added."))
                return redirect("seekers:seeker_detail", seeker_id=seeker.pk)
    return render(request, "seekers/add_experience.html", {
        "seeker": seeker, "form": form, "result": result,
    })
