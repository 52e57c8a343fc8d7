"""ESCO and local concepts with labels in many languages.

ESCO identifies everything by URI; we keep the URI as the natural key so that a
re-import updates rows in place and other countries' offices can read a record
in their own classification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.network.models import Site


class ConceptKind(models.TextChoices):
    OCCUPATION = "occupation", _("Occupation")
    SKILL = "skill", _("Skill")
    ISCO_GROUP = "isco_group", _("ISCO-08 group")
    SKILL_GROUP = "skill_group", _("Skill group")


class Origin(models.TextChoices):
    ESCO = "esco", _("ESCO")
    LOCAL = "local", _("Local")


class ConceptQuerySet(models.QuerySet["Concept"]):
    def occupations(self) -> ConceptQuerySet:
        return self.filter(kind=ConceptKind.OCCUPATION)

    def skills(self) -> ConceptQuerySet:
        return self.filter(kind=ConceptKind.SKILL)


class Concept(models.Model):
    uri = models.CharField(_("URI"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ConceptKind.choices, db_index=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices,
                              default=Origin.ESCO)
    # Local concepts (informal and unpaid work, e.g. caregiving, market trading)
    # belong to the site that defined them; ESCO concepts to everyone.
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="local_concepts")
    code = models.CharField(_("code"), max_length=40, blank=True, db_index=True)
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, blank=True, db_index=True)
    skill_type = models.CharField(_("skill type"), max_length=40, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.uri

    def label(self, language: str = "en") -> str:
        """The preferred label in ``language``, else in English, else the URI.

        Uses prefetched labels when the caller prefetched them (list pages do).
        """
        labels = [lab for lab in self.labels.all() if lab.kind == LabelKind.PREFERRED]
        for wanted in (language, language.split("-")[0], "en"):
            for lab in labels:
                if lab.language == wanted:
                    return lab.text
        return labels[0].text if labels else self.code or self.uri


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("Preferred")
    ALTERNATIVE = "alternative", _("Alternative")
    HIDDEN = "hidden", _("Hidden")


class Label(models.Model):
    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE,
                                related_name="labels")
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=12, choices=LabelKind.choices)
    text = models.CharField(_("text"), max_length=500)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.UniqueConstraint(fields=["concept", "language", "kind", "text"],
                                    name="label_unique"),
        ]
        indexes = [models.Index(fields=["language", "text"])]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"


class Description(models.Model):
    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE,
                                related_name="descriptions")
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        constraints = [models.UniqueConstraint(fields=["concept", "language"],
                                               name="description_unique")]

    def __str__(self) -> str:
        return f"{self.concept_id} [{self.language}]"


class Broader(models.Model):
    """``narrower`` is a kind of ``broader`` (occupation -> ISCO group -> parent group)."""

    narrower = models.ForeignKey(Concept, verbose_name=_("narrower"), on_delete=models.CASCADE,
                                 related_name="broader_links")
    broader = models.ForeignKey(Concept, verbose_name=_("broader"), on_delete=models.CASCADE,
                                related_name="narrower_links")

    class Meta:
        verbose_name = _("broader relation")
        verbose_name_plural = _("broader relations")
        constraints = [models.UniqueConstraint(fields=["narrower", "broader"],
                                               name="broader_unique")]

    def __str__(self) -> str:
        return f"{self.narrower_id} < {self.broader_id}"


class Relevance(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Concept, verbose_name=_("occupation"),
                                   on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Concept, verbose_name=_("skill"), on_delete=models.CASCADE,
                              related_name="occupation_links")
    relevance = models.CharField(_("relevance"), max_length=10, choices=Relevance.choices)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [models.UniqueConstraint(fields=["occupation", "skill"],
                                               name="occupation_skill_unique")]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.relevance} {self.skill_id}"


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class FeedbackScope(models.TextChoices):
    """Whose suggestions a piece of feedback shapes.

    Feedback from job seekers, employers and analysts shapes only its author's own
    suggestions until a reviewer (staff of the site) confirms it for the site;
    a declined one keeps shaping its author's suggestions only (it was their word
    for their own work), and leaves the review list. Feedback from the site's staff
    applies to the site at once (``actions.record_link_feedback`` says why).
    """

    PERSONAL = "personal", _("Awaiting review")
    SITE = "site", _("Whole site")
    DECLINED = "declined", _("Declined for the site")


class LinkFeedback(models.Model):
    """A person's confirmation or rejection of a suggested link. A confirmed text
    becomes an extra label of the concept (local words, dialect), a rejection demotes
    the concept for that text: for its author only, or for the whole site (``scope``)."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE,
                             related_name="link_feedback")
    text = models.CharField(_("text"), max_length=500)
    language = models.CharField(_("language"), max_length=10, blank=True)
    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE,
                                related_name="feedback")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("given by"),
                                 null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    scope = models.CharField(_("applies to"), max_length=10, choices=FeedbackScope.choices,
                             default=FeedbackScope.PERSONAL)
    # Who made it apply to the whole site, and when (its author, for staff).
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Who kept it off the site (declined it, or withdrew it from the site), and when.
    declined_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("declined by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("link feedback")
        verbose_name_plural = _("link feedback")
        indexes = [models.Index(fields=["site", "scope"])]

    def __str__(self) -> str:
        return f"{self.text} -> {self.concept_id} ({self.verdict}, {self.scope})"
