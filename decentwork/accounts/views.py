from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from decentwork.accounts import second_factor, signals
from decentwork.accounts.forms import (
    ConfirmAuthenticatorForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecondFactorForm,
    SetPasswordForm,
)
from decentwork.accounts.middleware import LAST_ACTIVITY_SESSION_KEY, wall_clock_now
from decentwork.accounts.models import Role, User
from decentwork.accounts.throttling import reset_request_allowed

# Where each role starts: the page that answers its first question of the day.
START_PAGE: dict[Role | None, str] = {
    Role.COUNSELLOR: "seekers:caseload",
    Role.OFFICE_MANAGER: "seekers:caseload",
    Role.EMPLOYER: "employers:vacancy_list",
    Role.JOB_SEEKER: "seekers:my_profile",
    Role.ANALYST: "insights:site_overview",
    Role.ADMINISTRATOR: "staff:home",
}
# The recovery codes just made, kept in the session until the person says they have
# saved them: the only time they can be read, printed or downloaded.
NEW_RECOVERY_CODES_SESSION_KEY = "decentwork_new_recovery_codes"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    return redirect(START_PAGE.get(Role(role) if role in Role.values else None, "accounts:login"))


def _signed_in_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _next_url(request: HttpRequest, default: str = "home") -> str:
    """The ``next`` of the query or form if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


# Signing in ---------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """Django's sign-in with the password, then on to the second factor for the roles
    that need one: its code, or setting up an authenticator app the first time."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[LAST_ACTIVITY_SESSION_KEY] = wall_clock_now()
        user = form.get_user()
        if not second_factor.needs_second_factor(user):
            return response
        step = ("accounts:second_factor" if second_factor.authenticator_of(user) is not None
                else "accounts:second_factor_setup")
        return redirect(_with_next(step, self.get_success_url()))


@never_cache
@login_required
def second_factor_step(request: HttpRequest) -> HttpResponse:
    """The code after the password: from the authenticator app, or a recovery code."""
    user = _signed_in_user(request)
    next_url = _next_url(request)
    if not second_factor.needs_second_factor(user) or user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if second_factor.authenticator_of(user) is None:
        return redirect(_with_next("accounts:second_factor_setup", next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = second_factor.verify_second_factor(request, user, form.cleaned_data["code"])
        if outcome.verified:
            if outcome.recovery_codes_left is not None:
                messages.warning(request, ngettext(
                    "You used a recovery code. %(count)d is left: make new ones on your "
                    "Security page.",
                    "You used a recovery code. %(count)d are left: make new ones on your "
                    "Security page if you are running short.",
                    outcome.recovery_codes_left) % {"count": outcome.recovery_codes_left})
            return redirect(next_url)
        if outcome.wait_seconds:
            form.add_error("code", ngettext(
                "Too many wrong codes. Wait %(seconds)d second before trying again.",
                "Too many wrong codes. Wait %(seconds)d seconds before trying again.",
                outcome.wait_seconds) % {"seconds": outcome.wait_seconds})
        else:
            form.add_error("code", _("That code is not right. Check the app shows Decent Work "
                                     "Exchange and try the code it shows now."))
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@never_cache
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type its secret, confirm with a code.

    Someone who already has one must pass it first (from their Security page), so a
    stolen password alone cannot replace it.
    """
    user = _signed_in_user(request)
    next_url = _next_url(request)
    if not second_factor.needs_second_factor(user):
        return redirect(next_url)
    has_one = second_factor.authenticator_of(user) is not None
    if has_one and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(_with_next("accounts:second_factor", next_url))
    device = second_factor.pending_authenticator(user)
    form = ConfirmAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_authenticator(request, user, form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:recovery_codes", next_url))
        form.add_error("code", _("That code is not right. Type the 6 digits the app shows "
                                 "now; they change every 30 seconds."))
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "next": next_url, "replacing": has_one,
        "qr_code": second_factor.qr_code_svg(
            device, _("QR code for your authenticator app")),
        "secret": second_factor.secret_in_groups(device),
    })


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, until the person says they have kept them."""
    next_url = _next_url(request, default="accounts:security")
    codes = request.session.get(NEW_RECOVERY_CODES_SESSION_KEY)
    if request.method == "POST" or not codes:
        request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
        return redirect(next_url)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@never_cache
@login_required
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(NEW_RECOVERY_CODES_SESSION_KEY)
    if not codes:
        raise Http404
    lines = [_("Decent Work Exchange recovery codes for %(username)s")
             % {"username": request.user.get_username()},
             _("Each code works once, when your authenticator app is not at hand."), "",
             *codes, ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
    return response


# The person's own security page -------------------------------------------------------


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    return render(request, "accounts/security.html", {
        "needs_second_factor": second_factor.needs_second_factor(user),
        "authenticator": second_factor.authenticator_of(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
    })


@require_POST
@login_required
def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if not second_factor.needs_second_factor(user):
        return redirect("accounts:security")
    if second_factor.authenticator_of(user) is None:
        return redirect("accounts:second_factor_setup")
    request.session[NEW_RECOVERY_CODES_SESSION_KEY] = (
        second_factor.regenerate_recovery_codes(request, user))
    return redirect(_with_next("accounts:recovery_codes", reverse("accounts:security")))


# Passwords ----------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        signals.password_changed.send(sender=User, request=self.request, user=form.user)
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an email address and answers the same whether an account has it or
    not; each request counts against the address's sign-in limits."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not reset_request_allowed(self.request, email):
            return locked_out(self.request)
        signals.password_reset_requested.send(sender=User, request=self.request, email=email)
        return super().form_valid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs),
                "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: auth_forms.SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        signals.password_reset_completed.send(sender=User, request=self.request,
                                              user=form.user)
        return response


# Locked out ---------------------------------------------------------------------------


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """What django-axes answers a locked-out client (``AXES_LOCKOUT_CALLABLE``): 429,
    saying when to come back. Every failure while locked restarts the cool-off."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    message = ngettext(
        "Too many failed attempts. For your safety, signing in is paused: try again in "
        "%(minutes)d minute.",
        "Too many failed attempts. For your safety, signing in is paused: try again in "
        "%(minutes)d minutes.", minutes) % {"minutes": minutes}
    response: HttpResponse
    if request.path.startswith("/api/") or request.headers.get(
            "x-requested-with") == "XMLHttpRequest":
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "accounts/locked_out.html",
                          {"message": message, "minutes": minutes}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
