"""Every write to a job seeker's record. Each action checks permission, owns its
transaction and leaves an audit entry; views, the API, jobs and tests call these."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from decentwork import clock
from decentwork.accounts.addresses import address_in_use, login_address
from decentwork.accounts.models import Role, User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.controlled_lists import (
    Accommodation,
    ContractType,
    Hours,
    TargetGroup,
    validate_choice_list,
)
from decentwork.network.models import Office
from decentwork.seekers.access import (
    InvitationProblem,
    UnusableInvitationError,
    invitation_token_hash,
    open_invitation,
)
from decentwork.seekers.languages import is_spoken_language
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    Invitation,
    JobSeeker,
    SeekerSkill,
    SkillInference,
    SpokenLanguage,
    WorkExperience,
)
from decentwork.seekers.signals import consent_withdrawn
from decentwork.taxonomy.actions import record_link_feedback
from decentwork.taxonomy.models import Concept, ConceptKind, OccupationSkill, Relevance, Verdict

logger = logging.getLogger(__name__)


def can_edit_seeker(actor: User, seeker: JobSeeker) -> bool:
    return scope_of(actor).cares_for_seeker(seeker_id=seeker.pk, office_id=seeker.office_id,
                                            site_id=seeker.office.site_id)


def _require_edit(actor: User, seeker: JobSeeker) -> None:
    if not can_edit_seeker(actor, seeker):
        raise PermissionDenied(_("You may not change this job seeker's record."))


@transaction.atomic
def register_seeker(
    actor: User,
    *,
    office: Office,
    first_name: str,
    last_name: str,
    registered_on: dt.date | None = None,
    preferred_language: str = "en",
    birth_year: int | None = None,
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> JobSeeker:
    scope = scope_of(actor)
    if not scope.serves_office(office.pk, office.site_id):
        raise PermissionDenied(_("You may only register job seekers at your own office."))
    if not first_name.strip():
        raise ValidationError({"first_name": _("Enter a first name.")})
    seeker = JobSeeker.objects.create(
        office=office, first_name=first_name.strip(), last_name=last_name.strip(),
        registered_on=registered_on or timezone.localdate(),
        preferred_language=preferred_language, birth_year=birth_year, place=place,
        latitude=latitude, longitude=longitude,
    )
    record(actor, "seekers.register_seeker", seeker)
    return seeker


@transaction.atomic
def update_preferences(
    actor: User,
    seeker: JobSeeker,
    *,
    preferred_hours: str,
    accepted_contracts: Iterable[str],
    commute_radius_km: int,
    accepts_remote: bool,
) -> JobSeeker:
    _require_edit(actor, seeker)
    if preferred_hours not in Hours.values:
        raise ValidationError({"preferred_hours": _("Choose one of the listed hours.")})
    if not 0 <= commute_radius_km <= 500:
        raise ValidationError({"commute_radius_km": _("Enter a distance from 0 to 500 km.")})
    seeker.preferred_hours = preferred_hours
    seeker.accepted_contracts = validate_choice_list(
        list(accepted_contracts), ContractType, "accepted_contracts")
    seeker.commute_radius_km = commute_radius_km
    seeker.accepts_remote = accepts_remote
    seeker.save(update_fields=["preferred_hours", "accepted_contracts", "commute_radius_km",
                               "accepts_remote"])
    _profile_changed(seeker)
    record(actor, "seekers.update_preferences", seeker)
    return seeker


@transaction.atomic
def set_target_occupation(actor: User, seeker: JobSeeker, occupation: Concept | None) -> None:
    """Record the occupation the person is looking for (``None`` clears it).

    Matching ranks vacancies in or near it first and counts it as a stated
    preference; without one, the occupation worked in longest stands in.
    """
    _require_edit(actor, seeker)
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"target_occupation": _(
            "Choose an occupation, not a skill or group.")})
    seeker.target_occupation = occupation
    seeker.save(update_fields=["target_occupation"])
    _profile_changed(seeker)
    record(actor, "seekers.set_target_occupation", seeker)


@transaction.atomic
def add_work_experience(
    actor: User,
    seeker: JobSeeker,
    *,
    title: str,
    language: str = "",
    occupation: Concept | None = None,
    years: Decimal = Decimal(0),
    informal: bool = False,
) -> WorkExperience:
    _require_edit(actor, seeker)
    if not title.strip():
        raise ValidationError({"title": _("Describe the job in a few words.")})
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"occupation": _("Choose an occupation, not a skill or group.")})
    if not Decimal(0) <= years <= Decimal(80):
        raise ValidationError({"years": _("Enter a number of years from 0 to 80.")})
    experience = WorkExperience.objects.create(
        seeker=seeker, title=title.strip(), language=language, occupation=occupation,
        years=years, informal=informal,
    )
    _infer_from_experience(experience)
    added, _removed = _refresh_inferred_skills(seeker)
    _profile_changed(seeker)
    record(actor, "seekers.add_work_experience", seeker, experience=experience.pk,
           inferred_skills=added)
    return experience


@transaction.atomic
def add_skills(
    actor: User, seeker: JobSeeker, skills: Iterable[Concept],
    source: str = SeekerSkill.Source.SELF,
) -> int:
    """Add skills the seeker does not have yet; returns how many were added.

    A skill that was only inferred from work experience is confirmed with ``source``:
    the person (or a counsellor) has now stated it.
    """
    _require_edit(actor, seeker)
    if source == SeekerSkill.Source.INFERRED:
        raise ValidationError({"source": _("Inferred skills come from work experience only.")})
    wanted = list(skills)
    not_skills = [c.uri for c in wanted if c.kind != ConceptKind.SKILL]
    if not_skills:
        message = _("Not skills: %(uris)s") % {"uris": ", ".join(not_skills)}
        raise ValidationError({"skills": message})
    have = dict(seeker.skills.values_list("skill_id", "source"))
    unique = {c.pk: c for c in wanted}
    new = [SeekerSkill(seeker=seeker, skill=c, source=source)
           for c in unique.values() if c.pk not in have]
    SeekerSkill.objects.bulk_create(new)
    confirmed = SeekerSkill.objects.filter(
        seeker=seeker, skill_id__in=list(unique), source=SeekerSkill.Source.INFERRED,
    ).update(source=source, inferred_relevance="")
    if new or confirmed:
        _profile_changed(seeker)
    record(actor, "seekers.add_skills", seeker, added=len(new), confirmed=confirmed)
    return len(new) + confirmed


@transaction.atomic
def declare_target_group(actor: User, seeker: JobSeeker, group: str) -> None:
    """Record the person's consent for ``group`` and then the group itself.

    The consent row and the encrypted attribute are written together: a target
    group can never be stored without the consent that allows its use.
    """
    _require_edit(actor, seeker)
    if group not in TargetGroup.values:
        raise ValidationError({"group": _("Unknown target group.")})
    _grant(actor, seeker, group)
    _change_sensitive(seeker, "target_groups", lambda groups: groups | {group})
    record(actor, "seekers.declare_target_group", seeker)


def _change_sensitive(seeker: JobSeeker, key: str,
                      change: Callable[[set[str]], set[str]]) -> JobSeeker:
    """Rewrite one list of the encrypted value, under the row's lock (two changes at
    once must not lose one another's part); an emptied list goes."""
    locked = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    stored = dict(locked.sensitive or {})
    values = sorted(change(set(stored.pop(key, []))))
    if values:
        stored[key] = values
    locked.sensitive = stored or None
    locked.save(update_fields=["sensitive"])
    seeker.sensitive = locked.sensitive
    return locked


@transaction.atomic
def grant_consent(actor: User, seeker: JobSeeker, scope: str) -> Consent:
    """Consent that is not about a target group, e.g. being proposed to employers."""
    _require_edit(actor, seeker)
    if scope not in ConsentScope.values or scope in TargetGroup.values:
        raise ValidationError({"scope": _("Use declare_target_group for target groups.")})
    return _grant(actor, seeker, scope)


def _grant(actor: User, seeker: JobSeeker, scope: str) -> Consent:
    existing = Consent.objects.filter(seeker=seeker, scope=scope, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(seeker=seeker, scope=scope, granted_at=clock.now(),
                                     recorded_by=actor)
    record(actor, "seekers.grant_consent", seeker, scope=scope)
    return consent


@transaction.atomic
def withdraw_consent(actor: User, seeker: JobSeeker, scope: str) -> None:
    """Withdraw a consent and erase what it covered."""
    _require_edit(actor, seeker)
    updated = Consent.objects.filter(seeker=seeker, scope=scope, withdrawn_at__isnull=True).update(
        withdrawn_at=clock.now())
    if not updated:
        raise ValidationError({"scope": _("There is no active consent for this.")})
    if scope in TargetGroup.values:
        seeker = _change_sensitive(seeker, "target_groups", lambda groups: groups - {scope})
    elif scope == ConsentScope.ACCOMMODATION_MATCHING:
        # Stated to be matched on; without that use they are not kept (ADR 0004).
        seeker = _change_sensitive(seeker, "accommodation_needs", lambda _needs: set())
        _profile_changed(seeker)
    # Inside the transaction: copies kept elsewhere (matching runs) are forgotten
    # together with the record, or the withdrawal fails as a whole.
    consent_withdrawn.send(sender=JobSeeker, seeker=seeker, scope=scope)
    record(actor, "seekers.withdraw_consent", seeker, scope=scope)


# Self-service: signing up, invitations, and the edits a person makes to their
# own profile (their office's staff reach the same actions for them).

INVITATION_LIFETIME = dt.timedelta(days=14)


EMAIL_IN_USE = _lazy("There is already an account with this email address. Sign in instead, "
                     "or ask your employment office for help.")


def _check_interface_language(code: str) -> None:
    if code not in {language for language, _name in settings.LANGUAGES}:
        raise ValidationError({"preferred_language": _("Choose one of the listed languages.")})


def _new_seeker_login(*, email: str, password: str, first_name: str, last_name: str,
                      preferred_language: str, email_field: str) -> User:
    """A job seeker's login, with the password checked against this very person
    (the validators refuse one too like their name or email)."""
    user = User(username=email, email=email, first_name=first_name, last_name=last_name,
                role=Role.JOB_SEEKER, preferred_language=preferred_language)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the address between the check and the save.
        raise ValidationError({email_field: str(EMAIL_IN_USE)}) from None
    return user


@transaction.atomic
def sign_up_seeker(
    *,
    office: Office,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    preferred_language: str,
) -> JobSeeker:
    """A person registers themselves at an office: a login (user name = email) and
    a job seeker record. Anyone may; the caller logs the person in.

    Every problem with the input is reported at once, each under its field.
    """
    errors: dict[str, str] = {}
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name:
        errors["first_name"] = _("Enter your first name.")
    try:
        address = login_address(email)
        if address_in_use(address):
            errors["email"] = str(EMAIL_IN_USE)
    except ValidationError as error:
        errors["email"] = error.message_dict["email"][0]
    try:
        _check_interface_language(preferred_language)
    except ValidationError as error:
        errors["preferred_language"] = error.message_dict["preferred_language"][0]
    if errors:
        raise ValidationError(errors)
    user = _new_seeker_login(email=address, password=password, first_name=first_name,
                             last_name=last_name, preferred_language=preferred_language,
                             email_field="email")
    seeker = JobSeeker.objects.create(
        office=office, user=user, first_name=first_name, last_name=last_name,
        preferred_language=preferred_language, registered_on=timezone.localdate())
    record(user, "seekers.sign_up_seeker", seeker, office=office.pk)
    return seeker


@transaction.atomic
def invite_seeker(
    actor: User, *, office: Office, email: str, seeker: JobSeeker | None = None,
) -> tuple[Invitation, str]:
    """Invite a person by email to sign up at the office, or (``seeker``) to take a
    login for the record the office keeps for them. Returns the invitation and the
    raw token, which exists only in the email's link: the table holds its hash.

    A new invitation for a seeker replaces the previous one, whose link stops working.
    """
    scope = scope_of(actor)
    if not scope.serves_office(office.pk, office.site_id):
        raise PermissionDenied(_("You may only invite people to your own office."))
    if seeker is not None:
        if seeker.office_id != office.pk:
            raise ValidationError({"seeker": _("This person is registered at another office.")})
        if seeker.user_id is not None:
            raise ValidationError({"seeker": _("This person already has a login.")})
    address = login_address(email)
    if address_in_use(address):
        raise ValidationError({"email": _("There is already an account with this email "
                                          "address.")})
    if seeker is not None:
        Invitation.objects.filter(seeker=seeker).delete()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        office=office, seeker=seeker, email=address, token_hash=invitation_token_hash(token),
        invited_by=actor, created_at=now, expires_at=now + INVITATION_LIFETIME)
    record(actor, "seekers.invite_seeker", invitation, office=office.pk,
           seeker=seeker.pk if seeker is not None else None)
    # After commit: a rolled-back invitation sends nobody a link that does not work.
    transaction.on_commit(partial(_email_invitation, invitation.pk, token))
    return invitation, token


def _email_invitation(invitation_id: int, token: str) -> None:
    # Not through inbox.notify: the invitee has no account, hence no inbox, yet.
    invitation = (Invitation.objects.select_related("office", "office__site", "seeker")
                  .get(pk=invitation_id))
    language = (invitation.seeker.preferred_language if invitation.seeker is not None
                else invitation.office.site.default_language)
    link = settings.SITE_URL.rstrip("/") + reverse("seekers:join", args=[token])
    with translation.override(language):
        values = {"office": invitation.office.name, "link": link,
                  "date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")}
        subject = _("%(office)s invites you to the Decent Work Exchange") % values
        body = _(
            "Hello,\n\nThe employment office %(office)s invites you to the Decent Work "
            "Exchange. There you can show what work you can do, say what you need, and "
            "find jobs and training.\n\nOpen this link to choose your password:\n"
            "%(link)s\n\nThe link works once, until %(date)s. If you did not expect this "
            "email, you can ignore it.") % values
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:
        # The invitation stands; the counsellor can send a new one.
        logger.exception("could not email invitation %s", invitation_id)


@transaction.atomic
def accept_invitation(
    token: str,
    *,
    password: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "",
) -> JobSeeker:
    """The invited person chooses a password: a new login for the record the office
    keeps for them, or a new record at the office (then a first name is needed).

    The caller logs the person in. Problems with the link itself are reported
    under ``token``.
    """
    try:
        invitation = open_invitation(token)
    except UnusableInvitationError as unusable:
        raise ValidationError({"token": str(unusable.problem.label)}) from None
    # Two tabs accepting at once: the second waits here and finds it used.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError({"token": str(InvitationProblem.USED.label)})
    seeker = (JobSeeker.objects.select_for_update().get(pk=invitation.seeker_id)
              if invitation.seeker_id is not None else None)
    errors: dict[str, str] = {}
    if seeker is None and not first_name.strip():
        errors["first_name"] = _("Enter your first name.")
    if preferred_language:
        try:
            _check_interface_language(preferred_language)
        except ValidationError as error:
            errors["preferred_language"] = error.message_dict["preferred_language"][0]
    if address_in_use(invitation.email):
        errors["token"] = str(EMAIL_IN_USE)
    if errors:
        raise ValidationError(errors)
    if seeker is not None:
        first_name, last_name = seeker.first_name, seeker.last_name
        language = preferred_language or seeker.preferred_language
    else:
        first_name, last_name = first_name.strip(), last_name.strip()
        language = preferred_language or invitation.office.site.default_language
    user = _new_seeker_login(email=invitation.email, password=password, first_name=first_name,
                             last_name=last_name, preferred_language=language,
                             email_field="token")
    if seeker is None:
        seeker = JobSeeker.objects.create(
            office=invitation.office, user=user, first_name=first_name, last_name=last_name,
            preferred_language=language, registered_on=timezone.localdate())
    else:
        seeker.user = user
        seeker.preferred_language = language
        seeker.save(update_fields=["user", "preferred_language"])
    invitation.seeker = seeker
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["seeker", "accepted_at"])
    record(user, "seekers.accept_invitation", seeker, invitation=invitation.pk)
    return seeker


def _teach_linker(actor: User, *, title: str, language: str, chosen: Concept | None,
                  suggested: Concept | None) -> None:
    """The person's choice teaches the site's linker: a chosen occupation is
    confirmed for these words; a first suggestion passed over for another one is
    rejected. Keeping one's own words only teaches nothing (it may mean "not sure")."""
    if scope_of(actor).site_id is None:
        return  # a platform administrator belongs to no site's linker
    if chosen is not None:
        record_link_feedback(actor, text=title, language=language, concept=chosen,
                             verdict=Verdict.CONFIRMED)
        if suggested is not None and suggested.pk != chosen.pk:
            record_link_feedback(actor, text=title, language=language, concept=suggested,
                                 verdict=Verdict.REJECTED)


@transaction.atomic
def add_experience_in_own_words(
    actor: User,
    seeker: JobSeeker,
    *,
    title: str,
    language: str,
    occupation: Concept | None,
    suggested: Concept | None,
    years: Decimal = Decimal(0),
    informal: bool = False,
) -> WorkExperience:
    """A job described in the person's words, linked to the occupation they chose
    among the linker's suggestions (``suggested`` is the first one shown), or to none."""
    experience = add_work_experience(actor, seeker, title=title, language=language,
                                     occupation=occupation, years=years, informal=informal)
    _teach_linker(actor, title=experience.title, language=language, chosen=occupation,
                  suggested=suggested)
    return experience


@transaction.atomic
def link_work_experience(
    actor: User, experience: WorkExperience, *, occupation: Concept | None,
    suggested: Concept | None,
) -> WorkExperience:
    """Confirm, change or remove the occupation a job is linked to."""
    _require_edit(actor, experience.seeker)
    if occupation is not None and occupation.kind != ConceptKind.OCCUPATION:
        raise ValidationError({"occupation": _("Choose an occupation, not a skill or group.")})
    changed = experience.occupation_id != (occupation.pk if occupation is not None else None)
    experience.occupation = occupation
    experience.save(update_fields=["occupation"])
    # Confirming the same link infers again too: an experience recorded before
    # skills were inferred (or whose occupation's skills grew) catches up.
    _infer_from_experience(experience)
    added, removed = _refresh_inferred_skills(experience.seeker)
    if changed or added or removed:
        _profile_changed(experience.seeker)
    _teach_linker(actor, title=experience.title, language=experience.language,
                  chosen=occupation, suggested=suggested)
    record(actor, "seekers.link_work_experience", experience.seeker, experience=experience.pk,
           linked=occupation is not None, inferred_skills=added, uninferred_skills=removed)
    return experience


@transaction.atomic
def remove_work_experience(actor: User, experience: WorkExperience) -> None:
    _require_edit(actor, experience.seeker)
    seeker, pk = experience.seeker, experience.pk
    experience.delete()  # with its inferences
    _added, removed = _refresh_inferred_skills(seeker)
    _profile_changed(seeker)
    record(actor, "seekers.remove_work_experience", seeker, experience=pk,
           uninferred_skills=removed)


@transaction.atomic
def remove_skill(actor: User, seeker: JobSeeker, skill: Concept) -> None:
    """Take a skill off the profile, confirmed or inferred. The removal is
    remembered: the work experiences that implied the skill do not bring it back."""
    _require_edit(actor, seeker)
    held = SeekerSkill.objects.filter(seeker=seeker, skill=skill).first()
    if held is None:
        raise ValidationError({"skill": _("This skill is not on the profile.")})
    held.delete()
    SkillInference.objects.filter(experience__seeker=seeker, skill=skill).update(declined=True)
    _profile_changed(seeker)
    record(actor, "seekers.remove_skill", seeker, skill=skill.uri, source=held.source)


@transaction.atomic
def confirm_skill(actor: User, seeker: JobSeeker, skill: Concept) -> SeekerSkill:
    """The person (or a counsellor) confirms a skill inferred from work experience:
    it becomes theirs (stated by the person, or assessed by the counsellor) and
    counts fully in matching."""
    _require_edit(actor, seeker)
    held = SeekerSkill.objects.select_for_update().filter(
        seeker=seeker, skill=skill, source=SeekerSkill.Source.INFERRED).first()
    if held is None:
        raise ValidationError({"skill": _("This skill is not waiting to be confirmed.")})
    held.source = (SeekerSkill.Source.SELF if scope_of(actor).is_seeker_self(seeker.pk)
                   else SeekerSkill.Source.COUNSELLOR)
    held.inferred_relevance = ""
    held.save(update_fields=["source", "inferred_relevance"])
    _profile_changed(seeker)
    record(actor, "seekers.confirm_skill", seeker, skill=skill.uri, source=held.source)
    return held


# Skills that follow from work experience (ESCO: an occupation's essential and
# optional skills). Each experience keeps its own inferences; the profile's
# inferred skills are recomputed from all of them, so that removing or relinking
# one experience takes away exactly the skills only it implied.

def _infer_from_experience(experience: WorkExperience) -> None:
    """The skills of the experience's occupation become its inferences; skills
    removed from the profile before stay declined for this experience."""
    declined = set(experience.skill_inferences.filter(declined=True)
                   .values_list("skill_id", flat=True))
    experience.skill_inferences.filter(declined=False).delete()
    if experience.occupation_id is None:
        return
    SkillInference.objects.bulk_create([
        SkillInference(experience=experience, skill_id=skill_id, relevance=relevance)
        for skill_id, relevance in OccupationSkill.objects.filter(
            occupation_id=experience.occupation_id, skill__kind=ConceptKind.SKILL,
        ).order_by("skill_id").values_list("skill_id", "relevance")
        if skill_id not in declined
    ])


def _refresh_inferred_skills(seeker: JobSeeker) -> tuple[int, int]:
    """Make the profile's inferred skills those its experiences imply, essential
    where any occupation worked in needs the skill. Confirmed skills are never
    touched. Returns how many inferred skills were added and removed."""
    # One writer per profile at a time (a no-op on SQLite, which locks the database).
    JobSeeker.objects.select_for_update().filter(pk=seeker.pk).exists()
    implied: dict[int, str] = {}
    for skill_id, relevance in SkillInference.objects.filter(
            experience__seeker=seeker, declined=False).values_list("skill_id", "relevance"):
        if implied.get(skill_id) != Relevance.ESSENTIAL:
            implied[skill_id] = relevance
    held = {row.skill_id: row for row in SeekerSkill.objects.filter(seeker=seeker)}
    inferred = {skill_id: row for skill_id, row in held.items()
                if row.source == SeekerSkill.Source.INFERRED}
    new = [SeekerSkill(seeker=seeker, skill_id=skill_id, source=SeekerSkill.Source.INFERRED,
                       inferred_relevance=relevance)
           for skill_id, relevance in implied.items() if skill_id not in held]
    stale = [row.pk for skill_id, row in inferred.items() if skill_id not in implied]
    moved = [row for skill_id, row in inferred.items()
             if skill_id in implied and row.inferred_relevance != implied[skill_id]]
    for row in moved:
        row.inferred_relevance = implied[row.skill_id]
    SeekerSkill.objects.bulk_create(new)
    SeekerSkill.objects.filter(pk__in=stale).delete()
    SeekerSkill.objects.bulk_update(moved, ["inferred_relevance"])
    return len(new), len(stale)


def _profile_changed(seeker: JobSeeker) -> None:
    """Something matching reads changed: lists made before now are out of date."""
    seeker.profile_changed_at = clock.now()
    JobSeeker.objects.filter(pk=seeker.pk).update(profile_changed_at=seeker.profile_changed_at)


@transaction.atomic
def set_spoken_language(actor: User, seeker: JobSeeker, *, language: str,
                        level: str) -> SpokenLanguage:
    """Add a language the person speaks, or change how well they speak it."""
    _require_edit(actor, seeker)
    errors = {}
    if not is_spoken_language(language):
        errors["language"] = _("Choose a language from the list.")
    if level not in SpokenLanguage.Level.values:
        errors["level"] = _("Choose how well you speak it.")
    if errors:
        raise ValidationError(errors)
    spoken, _created = SpokenLanguage.objects.update_or_create(
        seeker=seeker, language=language, defaults={"level": level})
    record(actor, "seekers.set_spoken_language", seeker, language=language, level=level)
    return spoken


@transaction.atomic
def remove_spoken_language(actor: User, seeker: JobSeeker, language: str) -> None:
    _require_edit(actor, seeker)
    deleted, _rows = SpokenLanguage.objects.filter(seeker=seeker, language=language).delete()
    if not deleted:
        raise ValidationError({"language": _("This language is not on the profile.")})
    record(actor, "seekers.remove_spoken_language", seeker, language=language)


@transaction.atomic
def set_accommodation_needs(actor: User, seeker: JobSeeker, needs: Iterable[str]) -> JobSeeker:
    """What the person needs at work (needs, never diagnoses), replacing what was
    stated before; encrypted at rest like target groups (ADR 0004).

    Needs are stated to be matched on: storing any records the consent
    ``accommodation_matching`` in the same transaction, so needs are never written
    without it, and withdrawing it erases them. An empty list erases the needs and
    leaves the consent as it was.
    """
    _require_edit(actor, seeker)
    wanted = set(validate_choice_list(list(needs), Accommodation, "accommodation_needs"))
    if wanted:
        _grant(actor, seeker, ConsentScope.ACCOMMODATION_MATCHING)
    _change_sensitive(seeker, "accommodation_needs", lambda _before: wanted)
    _profile_changed(seeker)
    record(actor, "seekers.set_accommodation_needs", seeker, needs=len(wanted))
    return seeker


@transaction.atomic
def give_consent(actor: User, seeker: JobSeeker, scope: str) -> None:
    """Give the consent ``scope``: for a target group this also records that the
    person belongs to it (the two are never stored apart)."""
    if scope in TargetGroup.values:
        declare_target_group(actor, seeker, scope)
    elif scope in ConsentScope.values:
        grant_consent(actor, seeker, scope)
    else:
        raise ValidationError({"scope": _("Unknown consent.")})
