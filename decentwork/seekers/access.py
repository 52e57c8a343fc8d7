"""Scoped reads of job seekers. Every view, API endpoint and job reads seekers here.

Counsellors and office managers see the seekers registered at their office; a job
seeker sees their own record; administrators see their site (or all sites);
employers and analysts see no individual seeker here (analysts get aggregates,
employers get consenting candidates through matching).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.controlled_lists import TargetGroup
from decentwork.network.models import Office
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    Invitation,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    SkillInference,
    WorkExperience,
)
from decentwork.taxonomy.access import preferred_labels
from decentwork.taxonomy.models import Concept, Relevance


def seekers_for(user: User) -> QuerySet[JobSeeker]:
    scope = scope_of(user)
    seekers = JobSeeker.objects.select_related("office")
    if scope.is_staff_of_office and scope.office_id is not None:
        return seekers.filter(office_id=scope.office_id)
    if scope.is_job_seeker and scope.seeker_id is not None:
        return seekers.filter(pk=scope.seeker_id)
    if scope.is_administrator:
        return seekers if scope.site_id is None else seekers.filter(office__site_id=scope.site_id)
    return seekers.none()


def access_seeker(user: User, seeker_id: int) -> JobSeeker:
    """The seeker for this user, or the same 404 whether it is missing or not theirs."""
    try:
        return seekers_for(user).get(pk=seeker_id)
    except JobSeeker.DoesNotExist:
        raise Http404("No such job seeker") from None


def access_seeker_as_staff(user: User, seeker_id: int) -> JobSeeker:
    """The seeker for a page of their office's staff (their record as the office keeps
    it, their applications, checks, assistance): the same 404 for the person
    themselves, who has pages of their own, as for anyone else outside the office."""
    seeker = access_seeker(user, seeker_id)
    if not scope_of(user).serves_office(seeker.office_id, seeker.office.site_id):
        raise Http404("No such job seeker")
    return seeker


def require_counselling(user: User) -> None:
    """Refuse (404) the work lists of counselling to who counsels nobody."""
    if not scope_of(user).counsels_people:
        raise Http404("Not a counsellor's page")


def caseload_for(user: User, status: str = SeekerStatus.ACTIVE) -> QuerySet[JobSeeker]:
    """The seekers of the user's office in ``status`` (looking for work unless
    asked otherwise), registered longest ago first, with only what the list shows
    (not the sealed attributes, which would be decrypted row by row for nothing).
    The index on (office, status, registered_on, id) gives them in this order."""
    return (seekers_for(user).filter(status=status).select_related(None)
            .only("id", "first_name", "last_name", "preferred_language", "place",
                  "registered_on").order_by("registered_on", "id"))


@dataclass(frozen=True)
class Sensitive:
    """What a person declared that reveals health, origin or hardship: consented
    target groups and the accommodations they need at work (codes, sorted)."""

    target_groups: tuple[str, ...]
    accommodation_needs: tuple[str, ...]


def _unsealed(stored: dict[str, list[str]] | None) -> Sensitive:
    """The decrypted ``JobSeeker.sensitive`` value as :class:`Sensitive`."""
    stored = stored or {}
    return Sensitive(target_groups=tuple(sorted(stored.get("target_groups", []))),
                     accommodation_needs=tuple(sorted(stored.get("accommodation_needs", []))))


# The audit action of every read of target groups or accommodation needs.
SENSITIVE_READ = "seekers.read_sensitive"


def read_sensitive(user: User, seeker: JobSeeker, *, purpose: str) -> Sensitive:
    """The seeker's sensitive attributes. The one reader: every page, API operation
    and export that shows them calls it, and each call writes one audit entry naming
    ``purpose`` ("seeker_page", "api", "export", ...) and how many values were read,
    never the values themselves.

    ``seeker`` must come from :func:`access_seeker` (the caller proved the scope) or
    be the user's own record; a seeker outside the user's scope is refused with the
    same 404 as a missing one, so a forgotten ``access_seeker`` cannot leak.
    """
    if not _in_scope(user, seeker):
        raise Http404("No such job seeker")
    sensitive = _unsealed(seeker.sensitive)
    record(user, SENSITIVE_READ, seeker, purpose=purpose,
           target_groups=len(sensitive.target_groups),
           accommodation_needs=len(sensitive.accommodation_needs))
    return sensitive


def _in_scope(user: User, seeker: JobSeeker) -> bool:
    """What :func:`seekers_for` answers for one seeker, without a query."""
    scope = scope_of(user)
    return (scope.is_seeker_self(seeker.pk) or scope.works_at_office(seeker.office_id)
            or scope.administers_site(seeker.office.site_id))


def read_sensitive_for_matching(actor: User | None, run: models.Model,
                                seekers: QuerySet[JobSeeker], *,
                                target_groups: bool) -> dict[int, Sensitive]:
    """What matching may use of ``seekers``: each target group only with its active
    consent (``target_groups`` False leaves them out), accommodation needs only with
    the consent to match on them. Seekers with nothing usable are left out.

    For a matching run only (a job, not a person looking: ``actor`` is who started
    the run). One audit entry per call, against ``run``, counts how many people's
    groups and needs were read; only records with such a consent are decrypted.
    """
    scopes = [*(TargetGroup.values if target_groups else ()), ConsentScope.ACCOMMODATION_MATCHING]
    consents = Consent.objects.filter(withdrawn_at__isnull=True, scope__in=scopes)
    consented: dict[int, set[str]] = {}
    for seeker_id, scope in consents.filter(seeker__in=seekers).values_list("seeker_id", "scope"):
        consented.setdefault(seeker_id, set()).add(scope)
    usable: dict[int, Sensitive] = {}
    for seeker_id, stored in seekers.filter(
            Exists(consents.filter(seeker=OuterRef("pk")))).values_list("pk", "sensitive"):
        given = consented.get(seeker_id, set())
        declared = _unsealed(stored)
        kept = Sensitive(
            target_groups=tuple(g for g in declared.target_groups if g in given),
            accommodation_needs=(declared.accommodation_needs
                                 if ConsentScope.ACCOMMODATION_MATCHING in given else ()))
        if kept.target_groups or kept.accommodation_needs:
            usable[seeker_id] = kept
    record(actor, SENSITIVE_READ, run, purpose="matching", seekers=len(usable),
           target_groups=sum(1 for s in usable.values() if s.target_groups),
           accommodation_needs=sum(1 for s in usable.values() if s.accommodation_needs))
    return usable


def active_consents(seeker: JobSeeker) -> set[str]:
    return set(Consent.objects.filter(seeker=seeker, withdrawn_at__isnull=True)
               .values_list("scope", flat=True))


def access_seeker_to_edit(user: User, seeker_id: int) -> JobSeeker:
    """The seeker if the user may change the record (the person, their office's
    staff, an administrator); the same 404 otherwise."""
    seeker = access_seeker(user, seeker_id)
    if not scope_of(user).cares_for_seeker(seeker_id=seeker.pk, office_id=seeker.office_id,
                                           site_id=seeker.office.site_id):
        raise Http404("No such job seeker")
    return seeker


def access_experience(user: User, seeker: JobSeeker, experience_id: int) -> WorkExperience:
    """One of the seeker's jobs; ``seeker`` comes from :func:`access_seeker_to_edit`."""
    try:
        return (WorkExperience.objects.select_related("occupation", "seeker", "seeker__office")
                .get(pk=experience_id, seeker=seeker))
    except WorkExperience.DoesNotExist:
        raise Http404("No such work experience") from None


def sign_up_offices() -> QuerySet[Office]:
    """Every office a person may sign up at, grouped by site (anyone may read this:
    the page is for people who have no login yet)."""
    return Office.objects.select_related("site").order_by("site__name", "name", "id")


def access_sign_up_office(office_id: int) -> Office:
    try:
        return sign_up_offices().get(pk=office_id)
    except Office.DoesNotExist:
        raise Http404("No such office") from None


@dataclass(frozen=True)
class ConsentState:
    """One consent scope as the person sees it: given (since when) or not, and the
    last time it was withdrawn."""

    scope: ConsentScope
    given_at: dt.datetime | None
    withdrawn_at: dt.datetime | None

    @property
    def given(self) -> bool:
        return self.given_at is not None

    @property
    def is_target_group(self) -> bool:
        return self.scope.value in TargetGroup.values

    @property
    def is_sensitive(self) -> bool:
        """Given, it tells something sensitive (a group; that needs were stated):
        shown only where the sensitive attributes are read."""
        return self.is_target_group or self.scope == ConsentScope.ACCOMMODATION_MATCHING


def consent_states(seeker: JobSeeker) -> list[ConsentState]:
    """Every scope, in the order of ``ConsentScope``. It reads the consent rows
    only, never the encrypted groups: an active target-group consent is itself
    the record that the person declared the group."""
    given: dict[str, dt.datetime] = {}
    withdrawn: dict[str, dt.datetime] = {}
    for scope, granted_at, withdrawn_at in (
            Consent.objects.filter(seeker=seeker).order_by("granted_at", "id")
            .values_list("scope", "granted_at", "withdrawn_at")):
        if withdrawn_at is None:
            given[scope] = granted_at
        else:
            withdrawn[scope] = withdrawn_at
    return [ConsentState(scope, given.get(scope.value), withdrawn.get(scope.value))
            for scope in ConsentScope]


def invitation_token_hash(token: str) -> str:
    """Only this is stored: whoever reads the table cannot rebuild a working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationProblem(models.TextChoices):
    UNKNOWN = "unknown", _("We do not know this link.")
    USED = "used", _("This invitation has been used already.")
    EXPIRED = "expired", _("This invitation has expired.")


class UnusableInvitationError(Exception):
    def __init__(self, problem: InvitationProblem, invitation: Invitation | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.invitation = invitation


def open_invitation(token: str) -> Invitation:
    """The invitation a link stands for, if it can still be accepted.

    The link is the only credential: anyone holding it may read the office's
    name and the email it was sent to, nothing more.
    """
    try:
        invitation = (Invitation.objects.select_related("office", "office__site", "seeker")
                      .get(token_hash=invitation_token_hash(token)))
    except Invitation.DoesNotExist:
        raise UnusableInvitationError(InvitationProblem.UNKNOWN) from None
    if invitation.accepted_at is not None or (
            invitation.seeker is not None and invitation.seeker.user_id is not None):
        raise UnusableInvitationError(InvitationProblem.USED, invitation)
    if invitation.expires_at <= timezone.now():
        raise UnusableInvitationError(InvitationProblem.EXPIRED, invitation)
    return invitation


def pending_invitation(seeker: JobSeeker) -> Invitation | None:
    """The seeker's invitation not yet accepted (expired or not), for their page."""
    return Invitation.objects.filter(seeker=seeker, accepted_at__isnull=True).first()


def office_of_staff(user: User) -> Office:
    """The office a counsellor or office manager works at; 404 for anyone else."""
    scope = scope_of(user)
    if not scope.is_staff_of_office or scope.office_id is None:
        raise Http404("No office")
    return Office.objects.select_related("site").get(pk=scope.office_id)


def confirmed_skills(seeker: JobSeeker) -> QuerySet[SeekerSkill]:
    """The skills on the profile that the person or a counsellor stated, with labels."""
    return (SeekerSkill.objects.filter(seeker=seeker).exclude(source=SeekerSkill.Source.INFERRED)
            .select_related("skill").prefetch_related(preferred_labels("skill__")).order_by("id"))


@dataclass(frozen=True)
class InferredSkills:
    """Skills that usually come with one occupation the person worked in, waiting
    to be confirmed or removed: ``essential`` ones the occupation needs, ``optional``
    ones it sometimes does."""

    occupation: Concept
    essential: list[SeekerSkill]
    optional: list[SeekerSkill]


def inferred_skill_groups(seeker: JobSeeker, language: str) -> list[InferredSkills]:
    """The profile's inferred skills by the occupation they follow from, in the
    order the experiences were added, each list by its label in ``language``. A
    skill several occupations imply is listed once: under the first that needs
    it, else the first that lists it."""
    skills = {row.skill_id: row for row in SeekerSkill.objects.filter(
        seeker=seeker, source=SeekerSkill.Source.INFERRED,
    ).select_related("skill").prefetch_related(preferred_labels("skill__"))}
    if not skills:
        return []
    origin: dict[int, tuple[bool, int, int]] = {}
    for skill_id, occupation_id, experience_id, relevance in SkillInference.objects.filter(
        experience__seeker=seeker, declined=False, skill_id__in=list(skills),
        experience__occupation__isnull=False,
    ).values_list("skill_id", "experience__occupation_id", "experience_id", "relevance"):
        key = (relevance != Relevance.ESSENTIAL, experience_id, occupation_id)
        origin[skill_id] = min(origin.get(skill_id, key), key)
    occupations = Concept.objects.filter(
        pk__in={occupation_id for _optional, _experience, occupation_id in origin.values()},
    ).prefetch_related(preferred_labels()).in_bulk()
    groups: dict[int, InferredSkills] = {}
    first_experience: dict[int, int] = {}
    for skill_id, (optional, experience_id, occupation_id) in origin.items():
        group = groups.setdefault(occupation_id, InferredSkills(occupations[occupation_id], [], []))
        first_experience[occupation_id] = min(first_experience.get(occupation_id, experience_id),
                                              experience_id)
        (group.optional if optional else group.essential).append(skills[skill_id])
    for group in groups.values():
        for rows in (group.essential, group.optional):
            rows.sort(key=lambda row: row.skill.label(language).casefold())
    return [groups[occupation_id] for occupation_id in
            sorted(groups, key=lambda occupation_id: first_experience[occupation_id])]
