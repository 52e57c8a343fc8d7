"""Where a user stands: the one place that turns memberships into a tenancy scope.

Every ``access.py`` builds its querysets from a :class:`Scope`, so the rules of who
sees what are read off in one place per app, not re-derived in views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist

from decentwork.accounts.models import Role, User


@dataclass(frozen=True)
class Scope:
    role: str | None
    office_id: int | None = None
    region_id: int | None = None
    site_id: int | None = None
    employer_id: int | None = None
    seeker_id: int | None = None

    @property
    def is_staff_of_office(self) -> bool:
        return self.role in {Role.COUNSELLOR, Role.OFFICE_MANAGER} and self.office_id is not None

    @property
    def is_platform_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR and self.site_id is None


NO_SCOPE = Scope(role=None)


def scope_of(user: User | AnonymousUser) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    assert isinstance(user, User)
    cached: Scope | None = getattr(user, "_decentwork_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._decentwork_scope = cached  # type: ignore[attr-defined]
    return cached


def _compute_scope(user: User) -> Scope:
    try:
        if user.role in {Role.COUNSELLOR, Role.OFFICE_MANAGER}:
            office = user.staff_membership.office
            return Scope(role=user.role, office_id=office.pk, region_id=office.region_id,
                         site_id=office.site_id)
        if user.role == Role.EMPLOYER:
            employer = user.employer_membership.employer
            return Scope(role=user.role, employer_id=employer.pk, site_id=employer.site_id)
        if user.role == Role.JOB_SEEKER:
            seeker = user.job_seeker
            return Scope(role=user.role, seeker_id=seeker.pk, office_id=seeker.office_id,
                         region_id=seeker.office.region_id, site_id=seeker.office.site_id)
        if user.role == Role.ANALYST:
            return Scope(role=user.role, site_id=user.site_membership.site_id)
        if user.role == Role.ADMINISTRATOR:
            membership = getattr(user, "site_membership", None)
            return Scope(role=user.role, site_id=membership.site_id if membership else None)
    except ObjectDoesNotExist:
        # A user whose membership row is missing sees nothing rather than everything.
        pass
    return NO_SCOPE
