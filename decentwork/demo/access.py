"""Reads of the demo: its accounts, as the login page lists them.

The list is read from the database (:class:`~decentwork.demo.models.DemoAccount`
rows written by ``load_demo``), never written down in code, so it shows whatever
the loaded demo holds. What each account is comes from its memberships: the
office, employer or site it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from decentwork.accounts.models import Role, User

# The order the login page lists them in: the people the service is for first.
ROLE_ORDER = (Role.JOB_SEEKER, Role.COUNSELLOR, Role.OFFICE_MANAGER, Role.EMPLOYER,
              Role.ANALYST, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class DemoLogin:
    """One demo account: its user name, its role and where it belongs."""

    username: str
    role: str
    where: str


def demo_logins() -> list[DemoLogin]:
    """The active demo accounts by role, then user name; empty when no demo is loaded."""
    users = (User.objects.filter(demo_account__isnull=False, is_active=True)
             .select_related("staff_membership__office", "employer_membership__employer",
                             "site_membership__site", "job_seeker__office"))
    position: dict[str, int] = {role: number for number, role in enumerate(ROLE_ORDER)}
    ordered = sorted(users, key=lambda user: (position.get(user.role, len(position)),
                                              user.username))
    return [DemoLogin(user.username, user.get_role_display(), _where(user)) for user in ordered]


def _where(user: User) -> str:
    """The office, employer or site the account belongs to, in the reader's language."""
    staff = getattr(user, "staff_membership", None)
    if staff is not None:
        return _("%(office)s office") % {"office": staff.office.name}
    employer = getattr(user, "employer_membership", None)
    if employer is not None:
        return str(employer.employer.name)
    seeker = getattr(user, "job_seeker", None)
    if seeker is not None:
        return _("registered at the %(office)s office") % {"office": seeker.office.name}
    site = getattr(user, "site_membership", None)
    if site is not None:
        return str(site.site.name)
    if user.role == Role.ADMINISTRATOR:
        return _("all sites")
    return ""
