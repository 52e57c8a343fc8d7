from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from decentwork.insights.access import SMALL_CELL, access_analyst_site, office_figures


@login_required
def site_overview(request: HttpRequest) -> HttpResponse:
    site = access_analyst_site(request.user)  # type: ignore[arg-type]
    return render(request, "insights/site_overview.html", {
        "site": site, "figures": office_figures(site), "small_cell": SMALL_CELL,
    })
