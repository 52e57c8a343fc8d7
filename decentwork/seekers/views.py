from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from decentwork.accounts.scope import scope_of
from decentwork.controlled_lists import Accommodation
from decentwork.seekers.access import access_seeker, active_consents, caseload_for
from decentwork.seekers.models import ConsentScope, SeekerSkill, WorkExperience
from decentwork.taxonomy.access import preferred_labels

CASELOAD_PAGE_SIZE = 50


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
        "languages": seeker.languages.all(),
        "needs": [Accommodation(v).label for v in seeker.accommodation_needs],
        "consents": [ConsentScope(v).label for v in sorted(active_consents(seeker))],
        "language": get_language() or "en",
    })
