"""The person's own data-rights pages: download everything, see and withdraw consents,
ask for erasure (and change their mind during the grace period).

Only a job seeker reaches them, about themselves; everyone else gets 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.privacy.access import (
    access_active_consent,
    access_open_erasure_request,
    consent_history,
    export_own_data,
    open_erasure_request,
    own_seeker,
)
from decentwork.privacy.actions import cancel_erasure, request_erasure
from decentwork.privacy.forms import ErasureForm
from decentwork.seekers.actions import withdraw_consent
from decentwork.seekers.models import ConsentScope
from decentwork.seekers.wording import CONSENT_EXPLANATIONS


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the person, section by section, to read or print."""
    export = export_own_data(_user(request))
    return render(request, "privacy/export.html", {"export": export})


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    """The same, as a JSON file to keep or to take to another service."""
    export = export_own_data(_user(request))
    response = JsonResponse(export.as_json(), encoder=DjangoJSONEncoder,
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = clock.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{day}.json"'
    return response


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """Every consent given, withdrawn ones too, each active one with a way to withdraw."""
    seeker = own_seeker(_user(request))
    rows = [(consent, CONSENT_EXPLANATIONS.get(ConsentScope(consent.scope), ""))
            for consent in consent_history(seeker)]
    return render(request, "privacy/consents.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, scope: str) -> HttpResponse:
    """Ask first (what withdrawing does), then withdraw: effective at once everywhere."""
    user = _user(request)
    seeker = own_seeker(user)
    consent = access_active_consent(seeker, scope)
    label = ConsentScope(scope).label
    if request.method == "POST":
        try:
            withdraw_consent(user, seeker, scope)
        except ValidationError:
            pass  # withdrawn meanwhile (a second press): the list shows the truth
        else:
            messages.success(request, _("You withdrew this consent: %(scope)s. We stopped "
                                        "using it at once.") % {"scope": label})
        return redirect("privacy:consents")
    return render(request, "privacy/withdraw.html", {
        "consent": consent, "label": label,
        "explanation": CONSENT_EXPLANATIONS.get(ConsentScope(scope), "")})


@login_required
@require_http_methods(["GET", "POST"])
def erasure(request: HttpRequest) -> HttpResponse:
    """Ask for erasure (a box to tick first), or see the request waiting out its
    grace period with a button to keep the data after all."""
    user = _user(request)
    seeker = own_seeker(user)
    pending = open_erasure_request(seeker)
    form = ErasureForm(request.POST if request.method == "POST" and pending is None else None)
    if form.is_bound and form.is_valid():
        try:
            request_erasure(user, seeker)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("We will erase your data. You can change your mind "
                                        "until the date shown."))
            return redirect("privacy:erasure")
    return render(request, "privacy/erasure.html", {
        "pending": pending, "form": form,
        "grace_days": settings.PRIVACY_ERASURE_GRACE_DAYS})


@require_POST
@login_required
def cancel(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    pending = access_open_erasure_request(user)
    try:
        cancel_erasure(user, pending)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("We will keep your data. Nothing was erased."))
    return redirect("privacy:erasure")
