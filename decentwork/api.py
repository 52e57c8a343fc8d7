"""The JSON API: one NinjaAPI, one router per domain app. Schema at /api/openapi.json."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from decentwork.accounts.scope import scope_of
from decentwork.agenda.api import router as agenda_router
from decentwork.applications.actions import ApplicationChangedMeanwhile, TransitionNotAllowed
from decentwork.applications.api import router as applications_router
from decentwork.assistance.api import router as assistance_router
from decentwork.casenotes.api import router as casenotes_router
from decentwork.casework.api import router as casework_router
from decentwork.employers.api import router as vacancies_router
from decentwork.followup.api import router as followup_router
from decentwork.privacy.api import router as privacy_router
from decentwork.ratelimit import RateLimited, too_many_requests
from decentwork.recommendations.api import router as recommendations_router
from decentwork.seekers.api import router as seekers_router
from decentwork.staff.api import router as staff_router
from decentwork.taxonomy.api import linking_router
from decentwork.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="Decent Work Exchange API",
    version="1",
    description="Job seekers, vacancies and the ESCO taxonomy, scoped to the signed-in user.",
    auth=django_auth,
    urls_namespace="api",
    # Swagger UI from ninja's static files ("ninja" in INSTALLED_APPS), without the
    # online validator badge, which would load an image from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    # The docs page is api_docs below, for staff only; the schema stays public: it
    # names operations and fields, no data, and clients generate code from it.
    docs_url=None,
)
api.add_router("/seekers", seekers_router)
api.add_router("/vacancies", vacancies_router)
api.add_router("/taxonomy", taxonomy_router)
api.add_router("/link", linking_router)
# Paths under /seekers, /vacancies and /matching: the router names them in full.
api.add_router("", recommendations_router)
# Paths under /applications and /seekers: the router names them in full.
api.add_router("", applications_router)
# Casework: each router names its paths in full (/casework, /appointments, /case-notes,
# /follow-ups, /assistance-spells, and per seeker under /seekers/{id}/...).
api.add_router("", casework_router)
api.add_router("", agenda_router)
api.add_router("", casenotes_router)
api.add_router("", followup_router)
api.add_router("", assistance_router)
# Data rights: the signed-in job seeker's own data under /privacy/me/...
api.add_router("", privacy_router)
# Staff accounts: /staff, /staff/invitations, /staff/{id}/...
api.add_router("", staff_router)


@login_required
def api_docs(request: HttpRequest) -> HttpResponse:
    """The interactive API documentation, for the service's staff; to a seeker or an
    employer it does not exist (404), like any page that is not theirs."""
    if not scope_of(request.user).is_staff_member:
        raise Http404
    return api.docs.render_page(request, api)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """An action refused its input: 422 naming each field, like schema errors."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [{"loc": ["body", field], "msg": message}
              for field, messages in by_field.items() for message in messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(TransitionNotAllowed)
@api.exception_handler(ApplicationChangedMeanwhile)
def workflow_conflict(request: HttpRequest,
                      exc: TransitionNotAllowed | ApplicationChangedMeanwhile) -> HttpResponse:
    """The application's state does not allow the step, or it moved since the client
    looked: 409 with the state it is in now, so the client can look again."""
    return api.create_response(request, {"detail": exc.messages[0],
                                         "current_state": exc.current_state}, status=409)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """A call over its rate limit (decentwork/ratelimit.py): 429 with Retry-After."""
    return too_many_requests(request, exc)
