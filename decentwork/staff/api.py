"""The staff accounts endpoints: the same actions and scoped reads as the pages.

An administrator lists, invites, changes and deactivates the staff of their site
(every site, for a platform administrator); to anybody else the list is empty and
every account is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from decentwork.accounts.models import User
from decentwork.api_inputs import BoundedLimitOffset, RowId, StoredText
from decentwork.network.access import sites_administered
from decentwork.network.models import Office, Site
from decentwork.staff.access import (
    access_staff_member,
    filter_staff,
    managed_staff,
    offices_administered,
    placement_of,
)
from decentwork.staff.actions import (
    change_staff_member,
    invite_staff,
    require_administrator,
    set_staff_member_active,
)
from decentwork.staff.models import StaffInvitation, StaffRole

router = Router(tags=["staff"])

PLACEMENT_HELP = ("office_id for counsellors and office managers, site_id for analysts and "
                  "administrators; an administrator with no site_id administers the whole "
                  "platform (only a platform administrator may make one).")


# Answers ----------------------------------------------------------------------------


class StaffMemberOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: StaffRole
    office_id: int | None
    site_id: int | None = Field(description="None for a platform administrator.")
    is_active: bool = Field(description="False: deactivated, cannot sign in.")
    last_login: dt.datetime | None

    @staticmethod
    def resolve_office_id(obj: User) -> int | None:
        office = placement_of(obj).office
        return office.pk if office is not None else None

    @staticmethod
    def resolve_site_id(obj: User) -> int | None:
        return placement_of(obj).site_id


class StaffPage(Schema):
    items: list[StaffMemberOut]
    count: int


class StaffInvitationOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    office_id: int | None
    site_id: int | None
    expires_at: dt.datetime


# Questions --------------------------------------------------------------------------


class StaffFilter(Schema):
    office_id: RowId | None = None
    role: StaffRole | None = None
    site_id: RowId | None = None


class PlacementIn(Schema):
    role: StaffRole
    office_id: RowId | None = Field(None, description=PLACEMENT_HELP)
    site_id: RowId | None = None


class StaffInvitationIn(PlacementIn):
    email: StoredText = Field(max_length=254)
    first_name: StoredText = Field(max_length=150)
    last_name: StoredText = Field("", max_length=150)


# Endpoints --------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _office(user: User, office_id: int | None) -> Office | None:
    """One of the offices the user administers; the same refusal for one of
    another site as for one that does not exist."""
    if office_id is None:
        return None
    office = offices_administered(user).filter(pk=office_id).first()
    if office is None:
        raise ValidationError({"office_id": _("Choose one of the offices of a site you "
                                              "administer.")})
    return office


def _site(user: User, site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site = sites_administered(user).filter(pk=site_id).first()
    if site is None:
        raise ValidationError({"site_id": _("Choose a site you administer.")})
    return site


def _api_names(error: ValidationError) -> ValidationError:
    """The action's field names as the API calls them (office -> office_id)."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {"office": "office_id", "site": "site_id"}
    return ValidationError({renamed.get(name, name): errors
                            for name, errors in error.error_dict.items()})


@router.get("/staff", response=StaffPage)
def staff_list(request: HttpRequest, filters: Query[StaffFilter],
               page: Query[BoundedLimitOffset.Input]) -> dict[str, Any]:
    """The staff accounts the user administers, by family name, a page at a time like
    the other lists (``@paginate`` cannot take a filter schema here); filters narrow
    them (an office or site of someone else's matches nobody). 403 for who
    administers nothing, like the other staff operations."""
    user = _user(request)
    require_administrator(user)
    staff = _staff_filtered(user, filters)
    return {"items": staff[page.offset:page.offset + page.limit], "count": staff.count()}


def _staff_filtered(user: User, filters: StaffFilter) -> QuerySet[User]:
    staff = managed_staff(user)
    office = (offices_administered(user).filter(pk=filters.office_id).first()
              if filters.office_id is not None else None)
    site = (sites_administered(user).filter(pk=filters.site_id).first()
            if filters.site_id is not None else None)
    if ((filters.office_id is not None and office is None)
            or (filters.site_id is not None and site is None)):
        # An office or site the user does not administer matches nobody.
        return staff.none()
    return filter_staff(staff, office=office, site=site,
                        role=filters.role.value if filters.role else "")


@router.get("/staff/{int:user_id}", response=StaffMemberOut)
def staff_detail(request: HttpRequest, user_id: int) -> User:
    """One staff account the user administers; 404 for any other."""
    return access_staff_member(_user(request), user_id)


@router.post("/staff/invitations", response={201: StaffInvitationOut}, description=(
    "Email a person a link (once, for 7 days) to take a staff account. " + PLACEMENT_HELP))
def staff_invite(request: HttpRequest, payload: StaffInvitationIn) -> Status[StaffInvitation]:
    user = _user(request)
    # Before the ids are looked up: to others this is 403, not a complaint about ids.
    require_administrator(user)
    try:
        invitation, _token = invite_staff(
            user, email=payload.email, first_name=payload.first_name,
            last_name=payload.last_name, role=payload.role.value,
            office=_office(user, payload.office_id), site=_site(user, payload.site_id))
    except ValidationError as error:
        raise _api_names(error) from None
    return Status(201, invitation)


@router.post("/staff/{int:user_id}/change", response=StaffMemberOut, description=(
    "Give a staff member another role, office or site. " + PLACEMENT_HELP))
def staff_change(request: HttpRequest, user_id: int, payload: PlacementIn) -> User:
    user = _user(request)
    member = access_staff_member(user, user_id)
    try:
        change_staff_member(user, member, role=payload.role.value,
                            office=_office(user, payload.office_id),
                            site=_site(user, payload.site_id))
    except ValidationError as error:
        raise _api_names(error) from None
    return access_staff_member(user, user_id)


@router.post("/staff/{int:user_id}/deactivate", response=StaffMemberOut)
def staff_deactivate(request: HttpRequest, user_id: int) -> User:
    """The person can no longer sign in and their sessions end; their records stay.
    Refused (422, is_active) for oneself and for a site's last administrator."""
    user = _user(request)
    return set_staff_member_active(user, access_staff_member(user, user_id), active=False)


@router.post("/staff/{int:user_id}/reactivate", response=StaffMemberOut)
def staff_reactivate(request: HttpRequest, user_id: int) -> User:
    """Let a deactivated staff member sign in again."""
    user = _user(request)
    return set_staff_member_active(user, access_staff_member(user, user_id), active=True)
