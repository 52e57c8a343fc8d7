"""Structured explanation of one seeker-vacancy match.

The engine says *what* made the score; the Django app turns it into words: plain
language for the seeker ("you have 4 of the 5 skills this job needs; a course
teaches the fifth") and the full breakdown for the counsellor. Everything here is
codes, ids and numbers so it can be translated and counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from decentwork.matching.scoring import OccupationLevel, ScoreComponent
from decentwork.matching.vocabulary import ExclusionReason, RelevanceReason

TrainingCatalogue = Mapping[int, Sequence[int]]
"""Skill column -> ids of training entries or programmes that teach the skill."""


@dataclass(frozen=True)
class SkillFact:
    """A skill named in an explanation.

    Attributes
    ----------
    skill : int
        Skill column index.
    uri : str or None
        ESCO URI when the index knows the vocabulary.
    training_ids : tuple of int
        Training entries that teach it (filled for missing skills only).
    """

    skill: int
    uri: str | None
    training_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MatchExplanation:
    """Why a vacancy scored what it did for a seeker.

    Attributes
    ----------
    seeker_id, vacancy_id : int
        The pair.
    score : float
        The match score; equals ``sum(contributions.values())`` exactly when
        added in :class:`ScoreComponent` order.
    components : dict of ScoreComponent to float
        Raw component values in [0, 1] ("you hold 80% of the essential skills").
    contributions : dict of ScoreComponent to float
        ``weight * component``, the points each component added to the score.
    matched_essential_skills, matched_optional_skills : tuple of SkillFact
        Skills the seeker has that the vacancy lists.
    missing_essential_skills : tuple of SkillFact
        Essential skills the seeker lacks, each with training that teaches it.
    occupation_level : OccupationLevel
        How close the vacancy's occupation is to the seeker's target.
    relevant_experience_years : float
        Experience credited towards the vacancy's occupation.
    distance_km : float
        Home -> workplace distance.
    is_remote : bool
        Remote vacancy (no commute).
    exclusion_reasons : tuple of ExclusionReason
        Failing hard constraints; empty for a recommendable pair. Explaining an
        excluded pair is allowed so a counsellor can see both sides at once.
    relevance_reasons : tuple of RelevanceReason
        Why the pair is not close enough to be shown, when the matcher has a
        relevance floor (ADR 0008); empty for a relevant pair or without a floor.
    """

    seeker_id: int
    vacancy_id: int
    score: float
    components: dict[ScoreComponent, float]
    contributions: dict[ScoreComponent, float]
    matched_essential_skills: tuple[SkillFact, ...]
    matched_optional_skills: tuple[SkillFact, ...]
    missing_essential_skills: tuple[SkillFact, ...]
    occupation_level: OccupationLevel
    relevant_experience_years: float
    distance_km: float
    is_remote: bool
    exclusion_reasons: tuple[ExclusionReason, ...]
    relevance_reasons: tuple[RelevanceReason, ...] = ()

    @property
    def is_eligible(self) -> bool:
        """Whether every hard constraint holds.

        Returns
        -------
        bool
            True when there is no exclusion reason.
        """
        return not self.exclusion_reasons

    def strongest_components(self, n: int = 2) -> list[ScoreComponent]:
        """Components that added most to the score, for a one-line summary.

        Parameters
        ----------
        n : int
            How many to return.

        Returns
        -------
        list of ScoreComponent
            Largest contributions first; zero contributions are left out.
        """
        ranked = sorted(self.contributions.items(), key=lambda item: -item[1])
        return [component for component, points in ranked[:n] if points > 0]
