from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from decentwork.accounts.models import Role

# Where each role starts: the page that answers its first question of the day.
START_PAGE: dict[Role | None, str] = {
    Role.COUNSELLOR: "seekers:caseload",
    Role.OFFICE_MANAGER: "seekers:caseload",
    Role.EMPLOYER: "employers:vacancy_list",
    Role.JOB_SEEKER: "seekers:my_profile",
    Role.ANALYST: "insights:site_overview",
    Role.ADMINISTRATOR: "staff:home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    return redirect(START_PAGE.get(Role(role) if role in Role.values else None, "accounts:login"))
