"""The administrators' pages: their landing page, the staff list, invitations, and
changing or deactivating an account. Each view parses, calls one action or scoped
read, and renders; anyone who administers nothing gets 404 like any outsider."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.network.access import sites_administered
from decentwork.staff.access import (
    InvitationProblem,
    UnusableInvitationError,
    access_staff_member,
    filter_staff,
    locked_out_usernames,
    managed_staff,
    offices_administered,
    open_staff_invitation,
    pending_invitations,
    placement_of,
    staff_summaries,
)
from decentwork.staff.actions import (
    INVITATION_LIFETIME,
    accept_staff_invitation,
    change_staff_member,
    invite_staff,
    set_staff_member_active,
    unlock_staff_member,
)
from decentwork.staff.forms import (
    PLATFORM_ADMINISTRATOR,
    AcceptForm,
    InviteForm,
    PlacementForm,
    StaffFilterForm,
)
from decentwork.staff.models import StaffRole

STAFF_PAGE_SIZE = 25

PlacementFormT = TypeVar("PlacementFormT", bound=PlacementForm)


def _administrator(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not scope_of(user).is_administrator:
        raise Http404("Not an administrator's page")
    return user


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _placement_form(form_class: type[PlacementFormT], user: User, request: HttpRequest,
                    initial: dict[str, object] | None = None) -> PlacementFormT:
    """The form offering only the offices, sites and roles the user may give."""
    return form_class(_posted(request), initial=initial, offices=offices_administered(user),
                      sites=sites_administered(user),
                      may_make_platform_administrators=scope_of(user).is_platform_administrator)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where an administrator lands: their site's staff at a glance (every site's,
    for a platform administrator) and the pages they keep."""
    user = _administrator(request)
    return render(request, "staff/home.html", {
        "summaries": staff_summaries(user),
        "shows_django_admin": scope_of(user).is_platform_administrator and user.is_staff,
    })


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    form = StaffFilterForm(request.GET, offices=offices_administered(user),
                           sites=sites_administered(user))
    staff = managed_staff(user)
    filters: dict[str, str] = {}
    if form.is_valid():
        staff = filter_staff(staff, office=form.cleaned_data["office"],
                             role=form.cleaned_data["role"],
                             site=form.cleaned_data.get("site"))
        filters = {name: request.GET[name] for name in form.fields if request.GET.get(name)}
    page = Paginator(staff, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    locked = locked_out_usernames(member.username for member in page)
    return render(request, "staff/list.html", {
        "form": form, "page": page,
        "people": [(member, placement_of(member), member.username in locked)
                   for member in page],
        "filtered": bool(filters),
        "page_query": urlencode(filters) + "&" if filters else "",
    })


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    form = _placement_form(InviteForm, user, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _token = invite_staff(
                user, email=data["email"], first_name=data["first_name"],
                last_name=data["last_name"], **form.placement())
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % {
                "email": invitation.email})
            return redirect("staff:invite")
    return render(request, "staff/invite.html", {
        "form": form, "waiting": pending_invitations(user),
        "lifetime_days": INVITATION_LIFETIME.days,
    })


@sensitive_post_parameters("password", "password2")
@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a staff invitation: choose a user name and a password. A link
    that cannot be used says why, plainly."""
    try:
        invitation = open_staff_invitation(token)
    except UnusableInvitationError as unusable:
        status = 404 if unusable.problem == InvitationProblem.UNKNOWN else 410
        return render(request, "staff/accept_unusable.html", {
            "problem": unusable.problem.value, "invitation": unusable.invitation,
            "lifetime_days": INVITATION_LIFETIME.days,
        }, status=status)
    form = AcceptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_staff_invitation(token, username=form.cleaned_data["username"],
                                           password=form.cleaned_data["password"])
        except ValidationError as error:
            form.show(error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(request, "staff/accept.html", {
        "invitation": invitation, "role": StaffRole(invitation.role).label, "form": form})


@login_required
def edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """A staff member's account: their role and place, and whether they may sign in."""
    user = _administrator(request)
    member = access_staff_member(user, user_id)
    placement = placement_of(member)
    role = PLATFORM_ADMINISTRATOR if placement.is_platform_administrator else placement.role
    form = _placement_form(PlacementForm, user, request, initial={
        "role": role, "office": placement.office, "site": placement.site})
    if request.method == "POST" and form.is_valid():
        try:
            change_staff_member(user, member, **form.placement())
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The changes to %(name)s are saved.") % {
                "name": member.get_full_name() or member.username})
            return redirect("staff:edit", member.pk)
    return render(request, "staff/edit.html", {
        "member": member, "placement": placement, "form": form,
        "is_self": member.pk == user.pk,
        "locked_out": bool(locked_out_usernames([member.username])),
    })


@login_required
@require_POST
def unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """Let a colleague locked out by failed sign-ins try again at once."""
    user = _administrator(request)
    member = access_staff_member(user, user_id)
    unlock_staff_member(user, member)
    messages.success(request, _("%(name)s can sign in again now.") % {
        "name": member.get_full_name() or member.username})
    return redirect("staff:edit", member.pk)


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@login_required
@require_http_methods(["GET", "POST"])
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


def _set_active(request: HttpRequest, user_id: int, *, active: bool) -> HttpResponse:
    """A confirmation page (GET), then the change (POST)."""
    user = _administrator(request)
    member = access_staff_member(user, user_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            set_staff_member_active(user, member, active=active)
        except ValidationError as error:
            errors = error.messages
        else:
            name = member.get_full_name() or member.username
            messages.success(request, (_("%(name)s can sign in again.") if active else _(
                "%(name)s can no longer sign in.")) % {"name": name})
            return redirect("staff:edit", member.pk)
    return render(request, "staff/confirm_active.html", {
        "member": member, "placement": placement_of(member), "active": active,
        "errors": errors,
    })
