"""Writes of programmes: publishing and closing what a site offers."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.network.models import Site
from decentwork.programmes.models import ProgrammeKind, TrainingProgramme
from decentwork.taxonomy.models import Concept, ConceptKind


def can_manage_programmes(actor: User | None, site: Site) -> bool:
    """Office managers of the site and its administrators; ``None`` is the system itself."""
    if actor is None:
        return True
    return scope_of(actor).manages_site(site.pk)


@transaction.atomic
def publish_training_programme(
    actor: User | None,
    site: Site,
    *,
    title: str,
    skills: Iterable[Concept],
    provider: str = "",
    description: str = "",
    language: str = "",
    url: str = "",
    kind: str = ProgrammeKind.TRAINING_COURSE,
) -> TrainingProgramme:
    """Offer a programme; from now on it is suggested for the skills it teaches."""
    if not can_manage_programmes(actor, site):
        raise PermissionDenied(_("Only office managers and administrators of this site "
                                 "may publish training programmes."))
    taught = list(skills)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the programme's title.")
    if not taught:
        errors["skills"] = _("Choose at least one skill the programme teaches.")
    elif any(c.kind != ConceptKind.SKILL for c in taught):
        errors["skills"] = _("Only skills can be taught; choose skills, not occupations.")
    if kind not in ProgrammeKind.values:
        errors["kind"] = _("Choose the kind of programme from the list.")
    if errors:
        raise ValidationError(errors)
    programme = TrainingProgramme(site=site, title=title.strip(), provider=provider.strip(),
                                  description=description, language=language, url=url,
                                  kind=kind)
    programme.full_clean(exclude=["skills"])  # names a malformed web address
    programme.save()
    programme.skills.set(taught)
    record(actor, "programmes.publish_training_programme", programme)
    return programme


@transaction.atomic
def close_training_programme(actor: User | None, programme: TrainingProgramme) -> None:
    """Stop suggesting a programme (it stays on record for outcome statistics)."""
    if not can_manage_programmes(actor, programme.site):
        raise PermissionDenied(_("Only office managers and administrators of this site "
                                 "may close training programmes."))
    programme.is_open = False
    programme.save(update_fields=["is_open"])
    record(actor, "programmes.close_training_programme", programme)
