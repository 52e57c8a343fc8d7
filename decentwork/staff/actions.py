"""Every write to a staff account: invite, accept, change the role or place,
deactivate and reactivate. Each action checks permission through the scope, owns
its transaction, refuses bad input naming the field before writing anything, and
leaves an audit entry with the values before and after."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from functools import partial
from importlib import import_module

from axes.utils import reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.addresses import address_in_use, login_address
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.network.models import Office, Site, SiteMembership, StaffMembership
from decentwork.staff.access import (
    InvitationProblem,
    Placement,
    UnusableInvitationError,
    invitation_token_hash,
    open_staff_invitation,
    placement_of,
    waiting_invitations,
)
from decentwork.staff.models import OFFICE_ROLES, StaffInvitation, StaffRole

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = dt.timedelta(days=7)


def _may_manage(actor: User, placement: Placement) -> bool:
    """Whether the actor administers where this placement is: its site, or the
    whole platform for an account of no site."""
    scope = scope_of(actor)
    if placement.site is None:
        return scope.is_platform_administrator
    return scope.administers_site(placement.site.pk)


def require_administrator(actor: User) -> None:
    """Refuse (403) anyone who administers nothing."""
    if not scope_of(actor).is_administrator:
        raise PermissionDenied(_("Only administrators manage staff accounts."))


def _require_manages(actor: User, member: User) -> Placement:
    placement = placement_of(member)
    if member.role not in StaffRole.values or not _may_manage(actor, placement):
        raise PermissionDenied(_("You may not manage this account."))
    return placement


def _new_placement(actor: User, *, role: str, office: Office | None, site: Site | None,
                   errors: dict[str, str]) -> Placement | None:
    """Where the actor may place someone with ``role``: an office of a site they
    administer (office roles), or a site they administer; a platform administrator
    alone places an administrator on no site (``site`` None), that is, on the whole
    platform. Problems go into ``errors`` under their field."""
    scope = scope_of(actor)
    if role not in StaffRole.values:
        errors["role"] = _("Choose one of the staff roles.")
        return None
    if role in OFFICE_ROLES:
        if office is None:
            errors["office"] = _("Choose the office this person works at.")
            return None
        if not scope.administers_site(office.site_id):
            errors["office"] = _("Choose one of the offices of a site you administer.")
            return None
        if site is not None and site.pk != office.site_id:
            errors["office"] = _("Choose an office of the site you chose.")
            return None
        return Placement(role=role, office=office, site=office.site)
    if site is None:
        if role != StaffRole.ADMINISTRATOR:
            errors["site"] = _("Choose the site this person works for.")
        elif not scope.is_platform_administrator:
            errors["site"] = _("Only a platform administrator may make a platform "
                               "administrator. Choose your site.")
        else:
            return Placement(role=role, office=None, site=None)
        return None
    if not scope.administers_site(site.pk):
        errors["site"] = _("Choose a site you administer.")
        return None
    return Placement(role=role, office=None, site=site)


@transaction.atomic
def invite_staff(
    actor: User,
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    role: str,
    office: Office | None = None,
    site: Site | None = None,
) -> tuple[StaffInvitation, str]:
    """Invite a person by email to take a staff account with this role and place.

    Returns the invitation and the raw token, which exists only in the email's link:
    the table holds its hash. The email leaves after commit.
    """
    require_administrator(actor)
    errors: dict[str, str] = {}
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name:
        errors["first_name"] = _("Enter the person's first name.")
    placement = _new_placement(actor, role=role, office=office, site=site, errors=errors)
    try:
        address = login_address(email)
    except ValidationError as error:
        errors["email"] = error.message_dict["email"][0]
    else:
        if address_in_use(address):
            errors["email"] = _("There is already an account with this email address.")
        elif placement is not None and waiting_invitations().filter(
                email=address, site=placement.site).exists():
            errors["email"] = _("An invitation to this address is already waiting on this "
                                "site.")
    if errors:
        raise ValidationError(errors)
    assert placement is not None
    token = secrets.token_urlsafe(32)
    now = clock.now()
    invitation = StaffInvitation.objects.create(
        email=address, first_name=first_name, last_name=last_name, role=role,
        site=placement.site, office=placement.office, token_hash=invitation_token_hash(token),
        invited_by=actor, created_at=now, expires_at=now + INVITATION_LIFETIME)
    record(actor, "staff.invite_staff", invitation, before=None,
           after={"email": address, **placement.as_record()})
    # After commit: a rolled-back invitation sends nobody a link that does not work.
    transaction.on_commit(partial(_email_invitation, invitation.pk, token))
    return invitation, token


def _email_invitation(invitation_id: int, token: str) -> None:
    # Not through inbox.notify: the invitee has no account, hence no inbox, yet.
    invitation = (StaffInvitation.objects.select_related("site", "office")
                  .get(pk=invitation_id))
    site = invitation.site
    language = site.default_language if site is not None else settings.LANGUAGE_CODE
    link = settings.SITE_URL.rstrip("/") + reverse("staff:accept", args=[token])
    with translation.override(language):
        values = {
            "place": (invitation.office.name if invitation.office is not None
                      else site.name if site is not None else _("the whole platform")),
            "role": StaffRole(invitation.role).label, "link": link,
            "date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
        }
        subject = _("Your staff account on the Decent Work Exchange")
        body = _(
            "Hello,\n\nYou are invited to work on the Decent Work Exchange as %(role)s "
            "(%(place)s).\n\nOpen this link to choose your user name and password:\n"
            "%(link)s\n\nThe link works once, until %(date)s. When you first sign in you "
            "will also set up a second step for signing in.\n\nIf you did not expect "
            "this email, you can ignore it.") % values
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:
        # The invitation stands; the administrator can send a new one.
        logger.exception("could not email staff invitation %s", invitation_id)


@transaction.atomic
def accept_staff_invitation(token: str, *, username: str, password: str) -> User:
    """The invited person chooses a user name and password: their account and their
    membership of the office or site, in one transaction. The caller logs them in.

    Problems with the link itself are reported under ``token``.
    """
    try:
        invitation = open_staff_invitation(token)
    except UnusableInvitationError as unusable:
        raise ValidationError({"token": str(unusable.problem.label)}) from None
    # Two tabs accepting at once: the second waits here and finds it used.
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError({"token": str(InvitationProblem.USED.label)})
    errors: dict[str, list[str] | str] = {}
    username = username.strip()
    user = User(username=username, email=invitation.email, first_name=invitation.first_name,
                last_name=invitation.last_name, role=invitation.role,
                preferred_language=(invitation.site.default_language if invitation.site
                                    else settings.LANGUAGE_CODE))
    if not username:
        errors["username"] = _("Choose a user name.")
    else:
        try:
            User.username_validator(username)
        except ValidationError as error:
            errors["username"] = error.messages
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("This user name is taken. Choose another.")
    try:
        # Checked against this very person: not too like their name or email.
        validate_password(password, user=user)
    except ValidationError as error:
        errors["password"] = error.messages
    if address_in_use(invitation.email):
        errors["token"] = _("There is already an account with this email address. Sign in "
                            "instead.")
    if errors:
        raise ValidationError(errors)
    placement = Placement(role=invitation.role, office=invitation.office, site=invitation.site)
    _set_django_admin_access(user, placement)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the name between the check and the save.
        raise ValidationError({"username": _("This user name is taken. Choose another.")
                               }) from None
    _place(user, placement)
    invitation.accepted_at = clock.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    record(user, "staff.accept_invitation", user, invitation=invitation.pk, before=None,
           after={"username": user.username, **placement.as_record()})
    return user


def _set_django_admin_access(user: User, placement: Placement) -> None:
    # Platform administrators keep the Django admin for what has no page of its own
    # (as the demo's administrator does); nobody else may open it.
    user.is_staff = user.is_superuser = placement.is_platform_administrator


def _place(user: User, placement: Placement) -> None:
    """The one membership row that matches the placement, and no other."""
    if placement.office is not None:
        StaffMembership.objects.update_or_create(user=user, defaults={"office": placement.office})
    else:
        StaffMembership.objects.filter(user=user).delete()
    if placement.office is None and placement.site is not None:
        SiteMembership.objects.update_or_create(user=user, defaults={"site": placement.site})
    else:
        SiteMembership.objects.filter(user=user).delete()


def _other_active_administrators(member: User, site: Site | None) -> bool:
    admins = User.objects.filter(role=StaffRole.ADMINISTRATOR, is_active=True).exclude(
        pk=member.pk)
    if site is None:
        admins = admins.filter(site_membership__isnull=True)
    else:
        admins = admins.filter(site_membership__site=site)
    return admins.exists()


def _last_administrator_message(member: User, site: Site | None) -> str:
    values = {"name": member.get_full_name() or member.username,
              "site": site.name if site is not None else _("the whole platform")}
    return _("%(name)s is the last administrator of %(site)s. Make someone else an "
             "administrator there first.") % values


@transaction.atomic
def change_staff_member(actor: User, member: User, *, role: str, office: Office | None = None,
                        site: Site | None = None) -> User:
    """Give a staff member another role, office or site, within what the actor
    administers, by the rules of an invitation. A site keeps at least one active
    administrator; nobody changes their own role (another administrator does)."""
    before = _require_manages(actor, member)
    errors: dict[str, str] = {}
    if member.pk == actor.pk:
        errors["role"] = _("You cannot change your own role or place. Ask another "
                           "administrator.")
    after = _new_placement(actor, role=role, office=office, site=site, errors=errors)
    if (after is not None and member.is_active and before.role == StaffRole.ADMINISTRATOR
            and (after.role != StaffRole.ADMINISTRATOR or after.site_id != before.site_id)
            and not _other_active_administrators(member, before.site)):
        errors["role"] = _last_administrator_message(member, before.site)
    if errors:
        raise ValidationError(errors)
    assert after is not None
    if after == before:
        return member
    member.role = after.role
    _set_django_admin_access(member, after)
    member.save(update_fields=["role", "is_staff", "is_superuser"])
    _place(member, after)
    record(actor, "staff.change_staff_member", member, before=before.as_record(),
           after=after.as_record())
    return member


@transaction.atomic
def set_staff_member_active(actor: User, member: User, *, active: bool) -> User:
    """Deactivate a staff member (they can no longer sign in, and every session
    they have ends) or let them back in. Their records stay: who did what is kept.

    Nobody deactivates themselves, nor a site's last active administrator.
    """
    placement = _require_manages(actor, member)
    if member.is_active == active:
        return member
    if not active:
        if member.pk == actor.pk:
            raise ValidationError({"is_active": _("You cannot deactivate your own account. "
                                                  "Ask another administrator.")})
        if (placement.role == StaffRole.ADMINISTRATOR
                and not _other_active_administrators(member, placement.site)):
            raise ValidationError({"is_active": _last_administrator_message(
                member, placement.site)})
    member.is_active = active
    member.save(update_fields=["is_active"])
    if not active:
        _end_sessions(member)
    record(actor, "staff.set_staff_member_active", member, before={"is_active": not active},
           after={"is_active": active})
    return member


@transaction.atomic
def unlock_staff_member(actor: User, member: User) -> int:
    """Forget the failed sign-ins that lock the member out (django-axes), so that
    they sign in again now rather than after the cool-off. Returns how many records
    of failures went."""
    _require_manages(actor, member)
    # Through axes' configured handler, which owns where failures are kept.
    removed: int = reset(username=member.username)
    record(actor, "staff.unlock_staff_member", member,
           before={"failed_sign_in_records": removed}, after={"failed_sign_in_records": 0})
    return removed


def _end_sessions(user: User) -> None:
    """Delete every session the user is signed in with.

    Sessions are not indexed by user, so the unexpired ones are read one by one;
    deactivating someone is rare. (Django would already refuse an inactive user
    on their next request; deleting also drops what the sessions hold.)
    """
    engine = import_module(settings.SESSION_ENGINE)
    if not issubclass(engine.SessionStore, DatabaseSessionStore):
        # Sessions kept elsewhere (signed cookies, a cache) cannot be listed; Django's
        # refusal of inactive users still ends them.
        return
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            # Through the engine, so that a cached copy (cached_db) goes too.
            engine.SessionStore(session.session_key).delete()
