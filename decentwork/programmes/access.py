"""Scoped reads of programmes: the site's open programmes for given skills."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from decentwork.programmes.models import TrainingProgramme


def open_programmes_teaching(site_id: int,
                             skill_uris: Iterable[str]) -> dict[str, list[TrainingProgramme]]:
    """The site's open programmes for each of the skills, by skill URI, in title order.

    Programmes are public information of the site, so anyone who may see the
    skills may see them; one query whatever the number of skills.
    """
    wanted = set(skill_uris)
    found: dict[str, list[TrainingProgramme]] = defaultdict(list)
    if not wanted:
        return found
    links = (TrainingProgramme.skills.through.objects
             .filter(trainingprogramme__site_id=site_id, trainingprogramme__is_open=True,
                     concept__uri__in=wanted)
             .select_related("trainingprogramme", "concept")
             .order_by("trainingprogramme__title", "trainingprogramme_id"))
    for link in links:
        found[link.concept.uri].append(link.trainingprogramme)
    return found
