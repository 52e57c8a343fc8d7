"""Matching engine: seekers x vacancies -> ranked, explained, capacity- and
fairness-aware recommendations.

Pure numpy/scipy; imports nothing from Django. The owning Django apps fill the
columnar :class:`SeekerTable` / :class:`VacancyTable` from querysets in bulk and
store the :class:`RecommendationRows` the engine returns.
"""

from decentwork.matching.congestion import MarketAdjustment
from decentwork.matching.eligibility import ExclusionReport, exclusion_masks, haversine_km
from decentwork.matching.explanation import MatchExplanation, SkillFact, TrainingCatalogue
from decentwork.matching.matcher import RegionMatcher, recommend_batch, seeker_chunks
from decentwork.matching.nearest_occupations import OccupationSuggestions
from decentwork.matching.recommendation_rows import RecommendationRows
from decentwork.matching.records import (
    SeekerRecord,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)
from decentwork.matching.region_index import RegionIndex
from decentwork.matching.scoring import (
    MatchScorer,
    MatchWeights,
    OccupationLevel,
    RelevanceFloor,
    ScoreComponent,
)
from decentwork.matching.tables import N_ISCO_CODES, UNKNOWN, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import (
    Accommodation,
    ContractType,
    ExclusionReason,
    HoursRegime,
    RelevanceReason,
    SeekerGroup,
)

__all__ = [
    "N_ISCO_CODES",
    "UNKNOWN",
    "Accommodation",
    "ContractType",
    "ExclusionReason",
    "ExclusionReport",
    "HoursRegime",
    "MarketAdjustment",
    "MatchExplanation",
    "MatchScorer",
    "MatchWeights",
    "OccupationLevel",
    "OccupationSuggestions",
    "RecommendationRows",
    "RegionIndex",
    "RegionMatcher",
    "RelevanceFloor",
    "RelevanceReason",
    "ScoreComponent",
    "SeekerGroup",
    "SeekerRecord",
    "SeekerTable",
    "SkillFact",
    "TrainingCatalogue",
    "VacancyRecord",
    "VacancyTable",
    "exclusion_masks",
    "haversine_km",
    "recommend_batch",
    "seeker_chunks",
    "seekers_from_records",
    "vacancies_from_records",
]
