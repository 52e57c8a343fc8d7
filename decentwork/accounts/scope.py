"""Where a user stands: the one place that turns memberships into a tenancy scope.

Every ``access.py`` builds its querysets from a :class:`Scope`, so the rules of who
sees what are read off in one place per app, not re-derived in views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist

from decentwork.accounts.models import STAFF_ROLES, Role, User


@dataclass(frozen=True)
class Scope:
    """Who a user is and where they stand: the one vocabulary of permissions.

    Every ``actions.py`` asks a scope (``scope.works_at_office(...)``) instead of
    comparing roles itself, so that "who may do what, where" reads the same in
    every app and changes in one place.
    """

    role: str | None
    office_id: int | None = None
    region_id: int | None = None
    site_id: int | None = None
    employer_id: int | None = None
    seeker_id: int | None = None

    # Who the user is.
    @property
    def is_job_seeker(self) -> bool:
        return self.role == Role.JOB_SEEKER and self.seeker_id is not None

    @property
    def is_employer_user(self) -> bool:
        return self.role == Role.EMPLOYER and self.employer_id is not None

    @property
    def is_staff_of_office(self) -> bool:
        """A counsellor or an office manager, with their office."""
        return self.role in STAFF_ROLES and self.office_id is not None

    @property
    def is_office_manager(self) -> bool:
        return self.role == Role.OFFICE_MANAGER and self.office_id is not None

    @property
    def is_analyst(self) -> bool:
        return self.role == Role.ANALYST and self.site_id is not None

    @property
    def is_administrator(self) -> bool:
        """An administrator of one site or of the whole platform."""
        return self.role == Role.ADMINISTRATOR

    @property
    def counsels_people(self) -> bool:
        """Staff of an office or an administrator: who has a caseload and its work lists."""
        return self.is_staff_of_office or self.is_administrator

    @property
    def is_platform_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR and self.site_id is None

    @property
    def is_staff_member(self) -> bool:
        """Works for the service rather than using it: a counsellor, an office
        manager, an analyst or an administrator (not a seeker, not an employer)."""
        return self.is_staff_of_office or self.is_analyst or self.is_administrator

    # Where the user may act.
    def is_seeker_self(self, seeker_id: int) -> bool:
        """The job seeker whose own record this is."""
        return self.is_job_seeker and self.seeker_id == seeker_id

    def acts_for_employer(self, employer_id: int) -> bool:
        """A user of this employer organisation."""
        return self.is_employer_user and self.employer_id == employer_id

    def works_at_office(self, office_id: int) -> bool:
        """A counsellor or office manager of this office."""
        return self.is_staff_of_office and self.office_id == office_id

    def serves_office(self, office_id: int, site_id: int) -> bool:
        """Staff of this office or an administrator of its site: who counsels the
        office's people (their casework, appointments, notes, referrals)."""
        return self.works_at_office(office_id) or self.administers_site(site_id)

    def administers_site(self, site_id: int) -> bool:
        """An administrator of this site, or of the whole platform."""
        return self.is_administrator and self.site_id in {None, site_id}

    def manages_site(self, site_id: int) -> bool:
        """An office manager of one of the site's offices, or its administrator:
        who may publish what the site offers (programmes, local concepts)."""
        return (self.is_office_manager and self.site_id == site_id) or self.administers_site(
            site_id)

    def manages_region(self, region_id: int, site_id: int) -> bool:
        """An office manager of an office in this region, or the site's administrator."""
        return (self.is_office_manager and self.region_id == region_id) or self.administers_site(
            site_id)

    def cares_for_seeker(self, *, seeker_id: int, office_id: int, site_id: int) -> bool:
        """May change a seeker's record: the person, their office's staff, an administrator."""
        return self.is_seeker_self(seeker_id) or self.serves_office(office_id, site_id)

    def sees_region(self, region_id: int, site_id: int) -> bool:
        """Sees the region's vacancies: its offices' staff and seekers, administrators."""
        return ((self.is_staff_of_office or self.is_job_seeker) and self.region_id == region_id
                ) or self.administers_site(site_id)

    def analyses_site(self, site_id: int) -> bool:
        """Sees the site's aggregates: its analysts and administrators."""
        return (self.is_analyst and self.site_id == site_id) or self.administers_site(site_id)


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
        if user.role in STAFF_ROLES:
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
