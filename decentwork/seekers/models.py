from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.controlled_lists import EducationLevel, Hours, TargetGroup
from decentwork.encryption import EncryptedJSONField
from decentwork.network.models import Office
from decentwork.seekers.names import display_name
from decentwork.taxonomy.models import Concept, ConceptKind, Relevance


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("Looking for work")
    PLACED = "placed", _("In work")
    INACTIVE = "inactive", _("Not looking at the moment")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    NOT_STATED = "not_stated", _("Prefer not to say")


class JobSeeker(models.Model):
    """A person registered at an office. Sensitive attributes live in ``sensitive``
    (encrypted) and are read only through ``seekers.access`` (audited)."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT,
                               related_name="seekers")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True,
                                blank=True, on_delete=models.SET_NULL,
                                related_name="job_seeker")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices,
                              default=Gender.NOT_STATED)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    place = models.CharField(_("place of residence"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    education_level = models.CharField(_("highest education"), max_length=8,
                                       choices=EducationLevel.choices, blank=True)
    # Preferences.
    target_occupation = models.ForeignKey(
        Concept, verbose_name=_("occupation sought"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"kind": ConceptKind.OCCUPATION})
    preferred_hours = models.CharField(_("preferred hours"), max_length=10,
                                       choices=Hours.choices, default=Hours.FULL_TIME)
    accepted_contracts = models.JSONField(_("accepted contract types"), default=list,
                                          blank=True)
    commute_radius_km = models.PositiveSmallIntegerField(_("commute radius (km)"), default=15)
    accepts_remote = models.BooleanField(_("accepts remote work"), default=True)
    # {"target_groups": [...], "accommodation_needs": [...]}: groups only with an
    # active consent for each; accommodations needed at work (values of
    # Accommodation, needs not diagnoses) written only with the consent to match on
    # them. Read through ``seekers.access.read_sensitive`` (audited); ADR 0004.
    sensitive = EncryptedJSONField(_("sensitive attributes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SeekerStatus.choices,
                              default=SeekerStatus.ACTIVE, db_index=True)
    registered_on = models.DateField(_("registered on"))
    # When something matching reads (work experience, skills, the work wanted) last
    # changed: a list made before that is out of date, and the recommendations page
    # says so until the next matching run.
    profile_changed_at = models.DateTimeField(_("profile changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["registered_on", "id"]
        # The caseload (seekers.access.caseload_for) in its order, ending with the key
        # so that a deep page finds its rows' keys in the index alone.
        indexes = [models.Index(fields=["office", "status", "registered_on", "id"],
                                name="seekers_caseload_order")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """In the person's own order (王秀英, Nguyễn Văn An), see ``names``."""
        return display_name(self.first_name, self.last_name, self.preferred_language)


class SpokenLanguage(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        INDEPENDENT = "independent", _("Independent")
        PROFICIENT = "proficient", _("Proficient")
        NATIVE = "native", _("Mother tongue")

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="languages")
    language = models.CharField(_("language"), max_length=10)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        constraints = [models.UniqueConstraint(fields=["seeker", "language"],
                                               name="spoken_language_unique")]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


class WorkExperience(models.Model):
    """A job as the person describes it, and the ESCO occupation it links to."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="experiences")
    title = models.CharField(_("job title in your own words"), max_length=300)
    language = models.CharField(_("language of the title"), max_length=10, blank=True)
    occupation = models.ForeignKey(Concept, verbose_name=_("occupation"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1, default=0)
    informal = models.BooleanField(_("informal or unpaid work"), default=False)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return self.title


class SeekerSkill(models.Model):
    """A skill on the profile. An *inferred* one follows from the occupation of a
    work experience (``SkillInference``) until the person or a counsellor confirms
    it (then it takes their source) or removes it; matching counts it for less."""

    class Source(models.TextChoices):
        SELF = "self", _("Stated by the person")
        COUNSELLOR = "counsellor", _("Assessed by a counsellor")
        LINKED = "linked", _("Suggested from a text and confirmed")
        INFERRED = "inferred", _("Follows from work experience, not yet confirmed")

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="skills")
    skill = models.ForeignKey(Concept, verbose_name=_("skill"), on_delete=models.PROTECT,
                              related_name="+")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices,
                              default=Source.SELF)
    # Inferred skills only: essential when an occupation worked in needs it, else
    # optional (matching weighs the two differently, ADR 0008); blank otherwise.
    inferred_relevance = models.CharField(_("relevance to the work done"), max_length=10,
                                          choices=Relevance.choices, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["seeker", "skill"],
                                               name="seeker_skill_unique")]

    def __str__(self) -> str:
        return str(self.skill_id)


class SkillInference(models.Model):
    """A skill that follows from one work experience: the ESCO occupation it is
    linked to lists the skill as essential or optional.

    ``declined`` remembers that the person or a counsellor removed the skill, so
    that this experience never brings it back, even when its link changes. Rows go
    with the experience.
    """

    experience = models.ForeignKey(WorkExperience, verbose_name=_("work experience"),
                                   on_delete=models.CASCADE, related_name="skill_inferences")
    skill = models.ForeignKey(Concept, verbose_name=_("skill"), on_delete=models.PROTECT,
                              related_name="+")
    relevance = models.CharField(_("relevance"), max_length=10, choices=Relevance.choices)
    declined = models.BooleanField(_("removed from the profile"), default=False)

    class Meta:
        verbose_name = _("skill inferred from work experience")
        verbose_name_plural = _("skills inferred from work experience")
        constraints = [models.UniqueConstraint(fields=["experience", "skill"],
                                               name="skill_inference_unique")]

    def __str__(self) -> str:
        return f"{self.experience_id} -> {self.skill_id} ({self.relevance})"


class ConsentScope(models.TextChoices):
    """What a consent allows. One per target group, being proposed to employers, and
    matching on the accommodations the person needs at work."""

    DISABILITY = TargetGroup.DISABILITY.value, TargetGroup.DISABILITY.label
    YOUTH = TargetGroup.YOUTH.value, TargetGroup.YOUTH.label
    WOMAN_RETURNER = TargetGroup.WOMAN_RETURNER.value, TargetGroup.WOMAN_RETURNER.label
    REFUGEE = TargetGroup.REFUGEE.value, TargetGroup.REFUGEE.label
    MIGRANT_WORKER = TargetGroup.MIGRANT_WORKER.value, TargetGroup.MIGRANT_WORKER.label
    SOCIAL_ASSISTANCE = TargetGroup.SOCIAL_ASSISTANCE.value, TargetGroup.SOCIAL_ASSISTANCE.label
    PROPOSAL_TO_EMPLOYERS = "proposal_to_employers", _("Be proposed to employers as a candidate")
    ACCOMMODATION_MATCHING = "accommodation_matching", _(
        "Use the accommodations needed at work to find suitable jobs")


class Consent(models.Model):
    """A recorded consent. Withdrawal keeps the row (it is evidence) and sets
    ``withdrawn_at``; the data it covered is erased by the withdrawing action."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="consents")
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    granted_at = models.DateTimeField(_("granted at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # At most one active consent per scope.
            models.UniqueConstraint(fields=["seeker", "scope"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="consent_one_active_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.scope}"


class StatusChangeReason(models.TextChoices):
    """Why a seeker's status changed: counted when computing time to placement."""

    PLACED = "placed", _("Started a job")
    PLACEMENT_ENDED = "placement_ended", _("The job ended")
    STOPPED_LOOKING = "stopped_looking", _("Stopped looking for work")
    RESUMED_LOOKING = "resumed_looking", _("Looking for work again")


class StatusChange(models.Model):
    """Every change of ``JobSeeker.status``, so that time to placement and retention
    can be computed. Written only by the action that changes the status."""

    seeker = models.ForeignKey(JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
                               related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=10, choices=SeekerStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=SeekerStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=StatusChangeReason.choices)
    at = models.DateTimeField(_("at"))
    # The day it took effect (a placement's start date may lie before it was recorded).
    effective_on = models.DateField(_("effective on"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["seeker", "at", "id"]

    def __str__(self) -> str:
        return f"{self.seeker_id}: {self.from_status} → {self.to_status}"


class Invitation(models.Model):
    """A link a counsellor sends so that a person signs up at the office, or takes
    a login for the record the counsellor already made (``seeker``)."""

    office = models.ForeignKey(Office, verbose_name=_("office"),
                               on_delete=models.CASCADE, related_name="invitations")
    seeker = models.OneToOneField(JobSeeker, verbose_name=_("job seeker"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="invitation")
    email = models.EmailField(_("email address"))
    # Only a hash of the token is stored: the link itself is the secret.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
