"""Scoped reads of staff accounts: whom an administrator manages, where each of them
works, and the invitations waiting. Out of scope answers the same 404 as missing."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, Max, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.network.access import sites_administered
from decentwork.network.models import Office, Site
from decentwork.staff.models import OFFICE_ROLES, StaffInvitation, StaffRole

SITE_ROLES = frozenset(StaffRole.values) - OFFICE_ROLES


@dataclass(frozen=True)
class Placement:
    """Where a staff member works: an office (and its site), a site, or the whole
    platform (an administrator with neither)."""

    role: str
    office: Office | None
    site: Site | None

    @property
    def is_platform_administrator(self) -> bool:
        return self.role == StaffRole.ADMINISTRATOR and self.site is None

    @property
    def site_id(self) -> int | None:
        return self.site.pk if self.site is not None else None

    def as_record(self) -> dict[str, object]:
        """The placement as an audit entry keeps it."""
        return {"role": self.role, "office": self.office.pk if self.office else None,
                "site": self.site_id}


def placement_of(member: User) -> Placement:
    """Where the member works, read off their membership row (loaded with
    :func:`managed_staff`, so that a list asks no query per person)."""
    office: Office | None = None
    site: Site | None = None
    if member.role in OFFICE_ROLES:
        membership = getattr(member, "staff_membership", None)
        if membership is not None:
            office = membership.office
            site = office.site
    else:
        site_membership = getattr(member, "site_membership", None)
        if site_membership is not None:
            site = site_membership.site
    return Placement(role=member.role, office=office, site=site)


def _in_site(site_id: int) -> Q:
    # The membership row that matches the role counts: a stale row of another kind
    # (none should exist) never places a person on a site.
    return (Q(role__in=OFFICE_ROLES, staff_membership__office__site_id=site_id)
            | Q(role__in=SITE_ROLES, site_membership__site_id=site_id))


def managed_staff(user: User) -> QuerySet[User]:
    """The staff accounts the user manages: those of their site for a site
    administrator, every staff account for a platform administrator, none otherwise."""
    scope = scope_of(user)
    staff = (User.objects.filter(role__in=StaffRole.values)
             .select_related("staff_membership__office__site", "site_membership__site")
             .order_by("last_name", "first_name", "username", "id"))
    if scope.is_platform_administrator:
        return staff
    if scope.is_administrator and scope.site_id is not None:
        return staff.filter(_in_site(scope.site_id))
    return staff.none()


def offices_administered(user: User) -> QuerySet[Office]:
    """The offices of the sites the user administers: where they may place staff."""
    return (Office.objects.filter(site__in=sites_administered(user)).select_related("site")
            .order_by("site__name", "name", "id"))


def access_staff_member(user: User, member_id: int) -> User:
    """A staff account the user manages; 404 whether it is missing or not theirs."""
    member = managed_staff(user).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such staff member")
    return member


def filter_staff(staff: QuerySet[User], *, office: Office | None = None, role: str = "",
                 site: Site | None = None) -> QuerySet[User]:
    """The list narrowed to one office, one role, one site (each optional)."""
    if office is not None:
        staff = staff.filter(role__in=OFFICE_ROLES, staff_membership__office=office)
    if role:
        staff = staff.filter(role=role)
    if site is not None:
        staff = staff.filter(_in_site(site.pk))
    return staff


def waiting_invitations() -> QuerySet[StaffInvitation]:
    """Invitations whose link still works: not accepted, not expired, and sent by an
    administrator who is still active (see :func:`open_staff_invitation`)."""
    return StaffInvitation.objects.filter(accepted_at__isnull=True, expires_at__gt=clock.now(),
                                          invited_by__is_active=True)


def pending_invitations(user: User) -> QuerySet[StaffInvitation]:
    """The waiting invitations of the user's site, or of every site."""
    scope = scope_of(user)
    invitations = waiting_invitations().select_related("site", "office")
    if scope.is_platform_administrator:
        return invitations
    if scope.is_administrator and scope.site_id is not None:
        return invitations.filter(site_id=scope.site_id)
    return invitations.none()


@dataclass
class StaffSummary:
    """What an administrator sees first about one site's staff (or the platform's
    own administrators, ``site`` None)."""

    site: Site | None
    active_by_role: dict[str, int] = field(default_factory=dict)
    pending_invitations: int = 0
    deactivated: int = 0
    locked_out: int = 0

    @property
    def active_roles(self) -> list[tuple[str, str, int]]:
        """(role, label, count) for each staff role, in the roles' order."""
        return [(role, str(label), self.active_by_role.get(role, 0))
                for role, label in StaffRole.choices]


def staff_summaries(user: User) -> list[StaffSummary]:
    """One summary per site the user administers (every site for a platform
    administrator, plus the platform's own administrators), in a fixed number of
    queries however many sites and people there are."""
    # Keyed by site id; None holds the accounts of no site (platform administrators).
    summaries: dict[int | None, StaffSummary] = {
        site.pk: StaffSummary(site) for site in sites_administered(user)}
    if scope_of(user).is_platform_administrator:
        summaries[None] = StaffSummary(None)
    if not summaries:
        return []
    staff = managed_staff(user).order_by().annotate(site_key=Case(
        When(role__in=OFFICE_ROLES, then=F("staff_membership__office__site_id")),
        default=F("site_membership__site_id")))
    rows = staff.values("site_key", "role", "is_active").annotate(n=Count("id"))
    for row in rows:
        summary = summaries[row["site_key"]]
        if row["is_active"]:
            summary.active_by_role[row["role"]] = (
                summary.active_by_role.get(row["role"], 0) + row["n"])
        else:
            summary.deactivated += row["n"]
    locked = locked_out_usernames(staff.values_list("username", flat=True))
    for site_key, count in (staff.filter(username__in=locked).values_list("site_key")
                            .annotate(n=Count("id"))):
        summaries[site_key].locked_out = count
    waiting = Counter(pending_invitations(user).values_list("site_id", flat=True))
    for site_id, count in waiting.items():
        summaries[site_id].pending_invitations = count
    return list(summaries.values())


def locked_out_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts django-axes refuses at sign-in now, by the limits of
    ``decentwork.accounts.throttling``: too many failures on the account from
    everywhere, or from one address, since the cool-off began."""
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=clock.now() - cool_off)
    rows = (attempts.order_by().values("username")
            .annotate(total=Sum("failures_since_start"), worst=Max("failures_since_start")))
    return {row["username"] for row in rows
            if row["total"] >= settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
            or row["worst"] >= settings.AXES_FAILURE_LIMIT}


def invitation_token_hash(token: str) -> str:
    """Only this is stored: whoever reads the table cannot rebuild a working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationProblem(models.TextChoices):
    UNKNOWN = "unknown", _("We do not know this link.")
    USED = "used", _("This invitation has been used already.")
    EXPIRED = "expired", _("This invitation has expired.")
    WITHDRAWN = "withdrawn", _("The administrator who sent this invitation can no longer "
                               "give this access.")


class UnusableInvitationError(Exception):
    def __init__(self, problem: InvitationProblem,
                 invitation: StaffInvitation | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.invitation = invitation


def open_staff_invitation(token: str) -> StaffInvitation:
    """The invitation a link stands for, if it can still be accepted.

    The link is the only credential: whoever holds it reads the email it was sent
    to, the role and the place offered. It stops working when the administrator who
    sent it has since lost the right to give that access (deactivated, or moved).
    """
    try:
        invitation = (StaffInvitation.objects
                      .select_related("site", "office", "office__site", "invited_by")
                      .get(token_hash=invitation_token_hash(token)))
    except StaffInvitation.DoesNotExist:
        raise UnusableInvitationError(InvitationProblem.UNKNOWN) from None
    if invitation.accepted_at is not None:
        raise UnusableInvitationError(InvitationProblem.USED, invitation)
    if invitation.expires_at <= clock.now():
        raise UnusableInvitationError(InvitationProblem.EXPIRED, invitation)
    if not may_still_invite(invitation):
        raise UnusableInvitationError(InvitationProblem.WITHDRAWN, invitation)
    return invitation


def may_still_invite(invitation: StaffInvitation) -> bool:
    inviter = invitation.invited_by
    if inviter is None:
        return False
    scope = scope_of(inviter)
    if invitation.site_id is None:
        return scope.is_platform_administrator
    return scope.administers_site(invitation.site_id)
