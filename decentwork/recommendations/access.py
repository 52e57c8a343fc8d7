"""Scoped reads of matching runs and recommendations.

A seeker's list is read through ``seekers.access.access_seeker`` and a vacancy's
candidates through ``employers.access.access_vacancy``, so the tenancy rules
are theirs: the same 404 for "missing" and "not yours". Lists come from the
latest finished run of the region.

Employers see, of a candidate, the first name and how their skills fit the
job; never the surname, where they live, what they need or which groups they
belong to. Only seekers who consented to being proposed are candidates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.applications.access import applications_of_seeker, applications_of_vacancy
from decentwork.applications.models import OPEN_STATES, Application
from decentwork.audit.log import record
from decentwork.controlled_lists import TargetGroup
from decentwork.employers.access import access_vacancy, vacancies_for
from decentwork.employers.models import Vacancy
from decentwork.matching.congestion import CongestionAwareReranker, FairnessStatus
from decentwork.network.models import Region
from decentwork.pagination import LongListPaginator
from decentwork.recommendations.adapter import SEEKER_GROUP_OF
from decentwork.recommendations.batch import AbsenceReport, explain_absence
from decentwork.recommendations.inputs import chunk_seekers, run_matchers
from decentwork.recommendations.models import (
    MatchingRun,
    NoCloseMatch,
    Recommendation,
    RunChunk,
    RunStatus,
)
from decentwork.seekers.access import (
    Sensitive,
    access_seeker,
    read_sensitive_for_matching,
    seekers_for,
)
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker, SeekerStatus

# What an employer may see of a candidate's explanation: the fit of skills,
# occupation and experience. Distance (and its score component) would tell
# where the person lives.
EMPLOYER_EXPLANATION_KEYS = ("essential_total", "matched_essential", "matched_optional",
                             "missing_essential", "occupation_level", "experience_years")
EMPLOYER_COMPONENTS = ("essential_skills", "optional_skills", "occupation", "experience")


def regions_for(user: User) -> QuerySet[Region]:
    """Regions whose matching runs the user may see: staff their office's region,
    administrators their site's (or every) region."""
    scope = scope_of(user)
    if scope.is_staff_of_office and scope.region_id is not None:
        return Region.objects.filter(pk=scope.region_id)
    if scope.is_administrator:
        regions = Region.objects.all()
        return regions if scope.site_id is None else regions.filter(site_id=scope.site_id)
    return Region.objects.none()


def access_region(user: User, region_id: int) -> Region:
    try:
        return regions_for(user).get(pk=region_id)
    except Region.DoesNotExist:
        raise Http404("No such region") from None


def runs_for(user: User) -> QuerySet[MatchingRun]:
    return MatchingRun.objects.filter(region__in=regions_for(user))


def access_run(user: User, run_id: int) -> MatchingRun:
    try:
        return runs_for(user).select_related("region").get(pk=run_id)
    except MatchingRun.DoesNotExist:
        raise Http404("No such matching run") from None


def latest_done_run(region_id: int) -> MatchingRun | None:
    return (MatchingRun.objects.filter(region_id=region_id, status=RunStatus.DONE)
            .order_by("-id").first())


@dataclass(frozen=True)
class ListFreshness:
    """A seeker's list was made before their profile last changed: when it
    changed, when the list was made, and a run of the region already under way
    that will read the change (else it comes with the next run: none is planned
    ahead, so the page can only name the last one)."""

    changed_at: dt.datetime
    made_at: dt.datetime
    run_under_way: MatchingRun | None


def list_freshness(seeker: JobSeeker, run: MatchingRun | None) -> ListFreshness | None:
    """Whether ``run``'s list for ``seeker`` predates a change to what matching
    reads (``JobSeeker.profile_changed_at``); ``None`` when it does not, or when
    there is no list yet (the page already says lists are made for everyone)."""
    changed = seeker.profile_changed_at
    if run is None or changed is None or changed <= run.created_at:
        # A run reads profiles after it is created, so a change before that is in.
        return None
    under_way = (MatchingRun.objects.filter(
        region_id=run.region_id, status__in=[RunStatus.PENDING, RunStatus.RUNNING])
        # Not prepared yet, or started after the change: it reads the new profile.
        .filter(Q(prepared_at__isnull=True) | Q(created_at__gte=changed))
        .order_by("id").first())
    return ListFreshness(changed, run.created_at, under_way)


@dataclass
class SeekerRecommendations:
    seeker: JobSeeker
    run: MatchingRun | None
    items: list[Recommendation]
    # When the run found nothing above the relevance floor: the nearest occupations
    # with open vacancies (``NoCloseMatch.nearest_occupations``), nearest first.
    nearest_occupations: list[dict[str, Any]] = field(default_factory=list)
    # Their example vacancies that the reader may open, by id.
    example_vacancies: dict[int, Vacancy] = field(default_factory=dict)


def recommendations_for_seeker(user: User, seeker_id: int) -> SeekerRecommendations:
    """The seeker's list from the latest finished run of their region, best first.

    Vacancies that closed or filled since the run are left out: nobody should be
    sent to a job that is gone. With nothing above the relevance floor, the run's
    nearest occupations for the person come instead (ADR 0008).
    """
    seeker = access_seeker(user, seeker_id)
    run = latest_done_run(seeker.office.region_id)
    if run is None:
        return SeekerRecommendations(seeker, None, [])
    items = list(
        Recommendation.objects.filter(
            run=run, seeker=seeker,
            vacancy__in=Vacancy.objects.open_on(timezone.localdate()))
        .select_related("vacancy", "vacancy__employer").order_by("rank"))
    if items:
        return SeekerRecommendations(seeker, run, items)
    nearest = (NoCloseMatch.objects.filter(run=run, seeker=seeker)
               .values_list("nearest_occupations", flat=True).first()) or []
    examples = vacancies_for(user).filter(
        pk__in=[entry["vacancy"] for entry in nearest]).in_bulk()
    return SeekerRecommendations(seeker, run, items, nearest, examples)


@dataclass
class Candidate:
    """A proposed seeker as the reader may see them."""

    first_name: str
    score: float
    explanation: dict[str, Any]
    # What the candidates page acts on ("Invite to apply"): an employer never
    # gets the seeker's id, only the id of the recommendation that proposed them.
    recommendation_id: int
    # The seeker's application to this vacancy that is still open, if any.
    open_application: Application | None = None
    # Staff only: employers get neither the record's id nor the full name.
    seeker_id: int | None = None
    full_name: str | None = None


@dataclass
class VacancyCandidates:
    vacancy: Vacancy
    run: MatchingRun | None
    candidates: list[Candidate]
    for_employer: bool
    # The page shown, when one was asked for (``candidates`` then holds its rows).
    page: Page[Recommendation] | None = None


# A popular vacancy of a large region is in tens of thousands of lists.
CANDIDATES_PAGE_SIZE = 50


def candidates_for_vacancy(user: User, vacancy_id: int, *,
                           page: int | str | None = None) -> VacancyCandidates:
    """Consenting, still active seekers whose list holds the vacancy, best fit first;
    all of them, or ``CANDIDATES_PAGE_SIZE`` at a time from ``page``.

    The employer sees them all (first names only); counsellors and
    administrators see those of the seekers they may open anyway.
    """
    scope = scope_of(user)
    if not (scope.is_employer_user or scope.is_staff_of_office or scope.is_administrator):
        raise Http404("No such vacancy")
    vacancy = access_vacancy(user, vacancy_id)
    run = latest_done_run(vacancy.region_id)
    for_employer = scope.is_employer_user
    if run is None:
        return VacancyCandidates(vacancy, None, [], for_employer)
    found = (_proposable(Recommendation.objects.filter(run=run, vacancy=vacancy))
             .select_related("seeker").order_by("-score", "seeker_id"))
    if not for_employer:
        found = found.filter(seeker__in=seekers_for(user))
    shown = None
    if page is not None:
        shown = LongListPaginator(
            found, CANDIDATES_PAGE_SIZE,
            count_key=f"recommendations.candidates:{run.pk}:{vacancy.pk}:{user.pk}",
        ).get_page(page)
    rows = list(shown if shown is not None else found)
    applied = {application.seeker_id: application for application in
               applications_of_vacancy(user, vacancy.pk).filter(
                   seeker_id__in={row.seeker_id for row in rows}, state__in=OPEN_STATES)}
    candidates = [
        Candidate(first_name=row.seeker.first_name, score=row.score,
                  explanation=_for_employer(row.explanation), recommendation_id=row.pk,
                  open_application=applied.get(row.seeker_id))
        if for_employer else
        Candidate(first_name=row.seeker.first_name, score=row.score,
                  explanation=row.explanation, recommendation_id=row.pk,
                  open_application=applied.get(row.seeker_id), seeker_id=row.seeker_id,
                  full_name=row.seeker.full_name)
        for row in rows
    ]
    return VacancyCandidates(vacancy, run, candidates, for_employer, shown)


def _proposable(rows: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Only the rows of active seekers who consent to being proposed to employers."""
    proposable = Consent.objects.filter(seeker=OuterRef("seeker_id"), withdrawn_at__isnull=True,
                                        scope=ConsentScope.PROPOSAL_TO_EMPLOYERS)
    return rows.filter(seeker__status=SeekerStatus.ACTIVE).filter(Exists(proposable))


def _for_employer(explanation: dict[str, Any]) -> dict[str, Any]:
    shown = {key: explanation[key] for key in EMPLOYER_EXPLANATION_KEYS if key in explanation}
    shown["components"] = {name: value for name, value in explanation["components"].items()
                           if name in EMPLOYER_COMPONENTS}
    return shown


# Reasons that the run's inputs cannot answer, decided here.
NOT_OPEN_ON_RUN_DAY = "not_open_on_run_day"
OTHER_REGION = "other_region"
SEEKER_NOT_IN_RUN = "seeker_not_in_run"
NO_RUN_YET = "no_run_yet"


@dataclass
class AbsenceAnswer:
    """Why a vacancy is not in a seeker's list: the engine's report when the
    run can answer, otherwise one reason code decided from the records."""

    seeker: JobSeeker
    vacancy: Vacancy
    run: MatchingRun | None
    report: AbsenceReport | None = None
    reason: str | None = None


def explain_absence_for(user: User, seeker_id: int, vacancy_id: int) -> AbsenceAnswer:
    """Answer "why is vacancy V not shown to seeker S?" against the latest run.

    It reads the seeker's sealed snapshot (which may hold consented target
    groups, used by the fairness reservations), so each answer is audited.
    """
    seeker = access_seeker(user, seeker_id)
    vacancy = access_vacancy(user, vacancy_id)
    run = latest_done_run(seeker.office.region_id)
    answer = AbsenceAnswer(seeker, vacancy, run)
    if vacancy.region_id != seeker.office.region_id:
        answer.reason = OTHER_REGION
        return answer
    if run is None:
        answer.reason = NO_RUN_YET
        return answer
    if not vacancy.is_open(run.as_of):
        answer.reason = NOT_OPEN_ON_RUN_DAY
        return answer
    chunk = (RunChunk.objects.filter(run=run, first_seeker_id__lte=seeker.pk,
                                     last_seeker_id__gte=seeker.pk).first())
    seekers = chunk_seekers(chunk) if chunk is not None else None
    if seekers is None or seeker.pk not in set(seekers.seeker_ids.tolist()):
        answer.reason = SEEKER_NOT_IN_RUN
        return answer
    matchers, adjustment = run_matchers(run)
    try:
        answer.report = explain_absence(matchers, seekers, seeker.pk, vacancy.pk, adjustment)
    except KeyError:
        # Open on the day by today's record but not in the snapshot: it changed since.
        answer.reason = NOT_OPEN_ON_RUN_DAY
        return answer
    record(user, "recommendations.explain_absence", seeker, vacancy=vacancy.pk, run=run.pk)
    return answer


def read_run_sensitive(run: MatchingRun, *, target_groups: bool) -> dict[int, Sensitive]:
    """What the run may use of its region's job seekers' target groups (with
    ``target_groups``) and accommodation needs, each under its consent (ADR 0004).

    One audit entry for the whole run counts the people read; the values go no
    further than the run's sealed snapshots.
    """
    return read_sensitive_for_matching(
        run.created_by, run, JobSeeker.objects.filter(office__region_id=run.region_id,
                                                      status=SeekerStatus.ACTIVE),
        target_groups=target_groups)


# A region's page shows its latest runs; older ones stay in the database as history.
RECENT_RUNS = 20
# The engine names groups by its own codes; readers know them by the programme's words.
GROUP_LABELS = {group.code: TargetGroup(target).label
                for target, group in SEEKER_GROUP_OF.items()}
GROUP_ORDER = [group.code for group in SEEKER_GROUP_OF.values()]


@dataclass(frozen=True)
class GroupMeasure:
    """What a run's fit measured for one group (``exposure_ratio`` is ``None`` when
    no member had comparable job seekers outside the group).

    ``status`` is the engine's :class:`~decentwork.matching.congestion.FairnessStatus`
    value; runs stored before it was recorded have ``None`` there and in the
    fields after it.
    """

    label: str
    exposure_ratio: float | None
    reservation: float | None
    status: str | None = None
    ratio_before: float | None = None
    reservation_bound: float | None = None
    fit_ratio: float | None = None
    structural_gap: bool = False
    ratio_plain: float | None = None
    # Below what plain top-k gave the group (up to parity), after the fit.
    below_plain: bool = False

    @property
    def reserved(self) -> bool:
        return self.reservation is not None and self.reservation > 1.0

    @property
    def at_bound(self) -> bool:
        return (self.reserved and self.reservation is not None
                and self.reservation_bound is not None
                and self.reservation >= self.reservation_bound * (1 - 1e-6))

    # Where the fit left the group, for the runs page's sentences.
    @property
    def within_band(self) -> bool:
        return self.status == FairnessStatus.WITHIN_BAND

    @property
    def above_band(self) -> bool:
        return self.status == FairnessStatus.ABOVE_BAND

    @property
    def below_band_at_bound(self) -> bool:
        return self.status == FairnessStatus.BELOW_BAND_AT_BOUND

    @property
    def below_band_no_gain(self) -> bool:
        return self.status == FairnessStatus.BELOW_BAND_NO_GAIN

    @property
    def no_reservation_possible(self) -> bool:
        # A bound of 1: no more seekers than places, so nothing to reserve (ADR 0009).
        return self.reservation_bound is not None and self.reservation_bound <= 1.0

    @property
    def no_comparison(self) -> bool:
        return self.status == FairnessStatus.NO_COMPARISON or self.exposure_ratio is None


@dataclass(frozen=True)
class RunRow:
    run: MatchingRun
    chunks_total: int
    chunks_done: int
    recommendations: int
    # Its lists are the ones seekers, counsellors and employers see now.
    in_use: bool
    # A later run finished, which removed this run's lists.
    superseded: bool
    congestion: bool
    fairness: bool
    measured: bool
    priced_vacancies: int | None
    groups: list[GroupMeasure]
    # The band of exposure ratios the fairness fit aimed at.
    band: tuple[float, float]

    @property
    def in_progress(self) -> bool:
        return self.run.status in {RunStatus.PENDING, RunStatus.RUNNING}


def regions_with_latest_run(user: User) -> list[tuple[Region, MatchingRun | None]]:
    """The regions whose runs the user follows, each with its newest run (if any)."""
    regions = list(regions_for(user).select_related("site"))
    newest = MatchingRun.objects.filter(region=OuterRef("pk")).order_by("-id").values("pk")[:1]
    latest = {run.region_id: run for run in runs_for(user).filter(
        pk__in=regions_for(user).annotate(latest=Subquery(newest)).values("latest"))}
    return [(region, latest.get(region.pk)) for region in regions]


def recent_runs(region: Region) -> list[RunRow]:
    """The region's latest runs with their progress, in four queries however many.

    The caller has already read the region through :func:`access_region`.
    """
    runs = list(MatchingRun.objects.filter(region=region).select_related("created_by")
                .order_by("-id")[:RECENT_RUNS])
    in_use = latest_done_run(region.pk)
    chunks = {run_id: (total, done) for run_id, total, done in
              RunChunk.objects.filter(run__in=runs).order_by().values("run")
              .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
              .values_list("run", "total", "done")}
    written = dict(Recommendation.objects.filter(run__in=runs).order_by().values("run")
                   .annotate(rows=Count("pk")).values_list("run", "rows"))
    rows = []
    for run in runs:
        total, done = chunks.get(run.pk, (0, 0))
        settings = run.parameters.get("settings", {})
        market: dict[str, Any] = run.parameters.get("market") or {}
        rows.append(RunRow(
            run=run, chunks_total=total, chunks_done=done,
            recommendations=written.get(run.pk, 0),
            in_use=in_use is not None and run.pk == in_use.pk,
            superseded=(in_use is not None and run.pk < in_use.pk
                        and run.status in {RunStatus.DONE, RunStatus.FAILED}),
            congestion=bool(settings.get("congestion")), fairness=bool(settings.get("fairness")),
            measured=bool(market), priced_vacancies=market.get("priced_vacancies"),
            groups=_group_measures(market), band=_exposure_band(run)))
    return rows


def _group_measures(market: dict[str, Any]) -> list[GroupMeasure]:
    ratios: dict[str, float | None] = market.get("exposure_ratios") or {}
    reservations: dict[str, float] = market.get("reservations") or {}
    # Per group, where the fit stopped and why (ADR 0009), for runs since it is stored.
    fairness: dict[str, dict[str, Any]] = market.get("group_fairness") or {}
    codes = sorted(ratios.keys() | reservations.keys() | fairness.keys(),
                   key=lambda code: (GROUP_ORDER.index(code) if code in GROUP_ORDER
                                     else len(GROUP_ORDER), code))
    measures = []
    for code in codes:
        report = fairness.get(code, {})
        measures.append(GroupMeasure(
            label=str(GROUP_LABELS.get(code, code)), exposure_ratio=ratios.get(code),
            reservation=reservations.get(code, report.get("reservation")),
            status=report.get("status"), ratio_before=report.get("ratio_before"),
            reservation_bound=report.get("reservation_bound"),
            fit_ratio=report.get("fit_ratio"),
            structural_gap=bool(report.get("structural_gap")),
            ratio_plain=report.get("ratio_plain"),
            below_plain=bool(report.get("below_plain"))))
    return measures


# Acting on a recommendation: applying, referring, inviting. Each reads the row
# from the list in use (the latest finished run of the region: rows of a later
# run still in progress are not shown to anyone yet), with the same 404 for a
# row that is missing, not the reader's, or no longer in use.


def _in_use(rows: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    latest = (MatchingRun.objects.filter(region=OuterRef("run__region"), status=RunStatus.DONE)
              .order_by("-id").values("pk")[:1])
    return (rows.filter(run=Subquery(latest))
            .select_related("run", "seeker", "seeker__office", "vacancy", "vacancy__employer"))


def _one(rows: QuerySet[Recommendation], recommendation_id: int) -> Recommendation:
    try:
        return _in_use(rows).get(pk=recommendation_id)
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation") from None


def access_own_recommendation(user: User, recommendation_id: int) -> Recommendation:
    """A vacancy in the signed-in job seeker's own list, to apply from."""
    scope = scope_of(user)
    if not scope.is_job_seeker:
        raise Http404("No such recommendation")
    return _one(Recommendation.objects.filter(seeker_id=scope.seeker_id), recommendation_id)


def access_caseload_recommendation(user: User, recommendation_id: int) -> Recommendation:
    """A vacancy in the list of a seeker the staff member may open, to refer them."""
    scope = scope_of(user)
    if not (scope.is_staff_of_office or scope.is_administrator):
        raise Http404("No such recommendation")
    return _one(Recommendation.objects.filter(seeker__in=seekers_for(user)), recommendation_id)


def access_proposed_candidate(user: User, recommendation_id: int) -> Recommendation:
    """A candidate proposed for one of the employer user's vacancies, to invite them:
    only a row their candidates page shows (active, consenting to be proposed)."""
    if not scope_of(user).is_employer_user:
        raise Http404("No such candidate")
    return _one(_proposable(Recommendation.objects.filter(vacancy__in=vacancies_for(user))),
                recommendation_id)


def open_applications_by_vacancy(user: User, seeker: JobSeeker,
                                 vacancies: list[Vacancy]) -> dict[int, Application]:
    """The seeker's open application to each of these vacancies, in one query."""
    return {application.vacancy_id: application for application in
            applications_of_seeker(user, seeker.pk).filter(vacancy__in=vacancies,
                                                           state__in=OPEN_STATES)}


# The relevance report (ADR 0008, "Relevance floor"): how close the shown lists are to
# what each person has done, can do or wants, for office managers and administrators.

# Occupation levels that lie in the seeker's own or target ISCO minor group, or closer.
CLOSE_OCCUPATION_LEVELS = ("same_occupation", "same_unit_group", "same_minor_group")
# Bands of the score distribution table: fifths of the score's [0, 1] range.
SCORE_BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))


@dataclass(frozen=True)
class ScoreBandCount:
    low: float
    high: float
    count: int


@dataclass(frozen=True)
class GroupExposure:
    """A group's exposure ratio in the run and whether it is inside the band."""

    label: str
    exposure_ratio: float | None
    in_band: bool | None


@dataclass(frozen=True)
class RelevanceReport:
    """The figures of a region's latest finished run; counts, so that shares can be
    checked by hand. ``run`` is ``None`` when the region has no finished run."""

    region: Region
    run: MatchingRun | None
    recommendations: int = 0
    with_essential_skill: int = 0
    in_occupational_group: int = 0
    relevant: int = 0
    seekers: int = 0
    seekers_without_close_match: int = 0
    lowest_score: float | None = None
    median_score: float | None = None
    highest_score: float | None = None
    score_bands: tuple[ScoreBandCount, ...] = ()
    groups: tuple[GroupExposure, ...] = ()
    exposure_band: tuple[float, float] = (0.0, 0.0)
    minimum_score: float | None = None

    @property
    def with_essential_skill_share(self) -> float | None:
        return _share(self.with_essential_skill, self.recommendations)

    @property
    def in_occupational_group_share(self) -> float | None:
        return _share(self.in_occupational_group, self.recommendations)

    @property
    def relevant_share(self) -> float | None:
        return _share(self.relevant, self.recommendations)

    @property
    def without_close_match_share(self) -> float | None:
        return _share(self.seekers_without_close_match, self.seekers)

    # Percentages for the page (a template cannot multiply).
    @property
    def with_essential_skill_percent(self) -> float | None:
        return _percent(self.with_essential_skill_share)

    @property
    def in_occupational_group_percent(self) -> float | None:
        return _percent(self.in_occupational_group_share)

    @property
    def relevant_percent(self) -> float | None:
        return _percent(self.relevant_share)

    @property
    def without_close_match_percent(self) -> float | None:
        return _percent(self.without_close_match_share)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def access_region_report(user: User, region_id: int) -> Region:
    """A region whose relevance report the user may read: its office managers and
    its site's administrators; the same 404 for everyone else."""
    region = access_region(user, region_id)
    if not scope_of(user).manages_region(region.pk, region.site_id):
        raise Http404("No such region")
    return region


def relevance_report(region: Region) -> RelevanceReport:
    """The relevance figures of the region's latest finished run, in a few queries
    whatever its size (counts in the database, no row loaded).

    The caller has read the region through :func:`access_region_report` (or is the
    command line). A shown recommendation is a stored row of the run.
    """
    run = latest_done_run(region.pk)
    if run is None:
        return RelevanceReport(region, None)
    rows = Recommendation.objects.filter(run=run)
    holds_essential = Q(explanation__matched_essential__0__isnull=False)
    close = Q(explanation__occupation_level__in=CLOSE_OCCUPATION_LEVELS)
    bands = {f"band_{number}": Count("pk", filter=Q(score__gte=low) & (
        Q(score__lte=high) if number == len(SCORE_BANDS) - 1 else Q(score__lt=high)))
             for number, (low, high) in enumerate(SCORE_BANDS)}
    counted = rows.aggregate(
        shown=Count("pk"), holds_essential=Count("pk", filter=holds_essential),
        close=Count("pk", filter=close), relevant=Count("pk", filter=holds_essential | close),
        seekers_listed=Count("seeker", distinct=True), lowest=Min("score"),
        highest=Max("score"), **bands)
    shown: int = counted["shown"]
    median = None
    if shown:
        # The middle row (the lower of the two middle ones for an even count).
        median = rows.order_by("score").values_list("score", flat=True)[(shown - 1) // 2]
    seekers = int(run.parameters.get("seekers", 0))
    settings = run.parameters.get("settings", {})
    band = _exposure_band(run)
    return RelevanceReport(
        region, run, recommendations=shown, with_essential_skill=counted["holds_essential"],
        in_occupational_group=counted["close"], relevant=counted["relevant"],
        seekers=seekers,
        seekers_without_close_match=max(seekers - counted["seekers_listed"], 0),
        lowest_score=counted["lowest"], median_score=median, highest_score=counted["highest"],
        score_bands=tuple(ScoreBandCount(low, high, counted[f"band_{number}"])
                          for number, (low, high) in enumerate(SCORE_BANDS)),
        groups=tuple(GroupExposure(
            measure.label, measure.exposure_ratio,
            None if measure.exposure_ratio is None
            else band[0] <= measure.exposure_ratio <= band[1])
            for measure in _group_measures(run.parameters.get("market") or {})),
        exposure_band=band, minimum_score=settings.get("relevance_floor"))


def _exposure_band(run: MatchingRun) -> tuple[float, float]:
    """The band the run's fairness fit aimed at (stored since the relevance report;
    older runs used the reranker's default)."""
    stored = (run.parameters.get("market") or {}).get("exposure_band")
    if stored:
        return float(stored[0]), float(stored[1])
    low, high = CongestionAwareReranker().exposure_bounds
    return float(low), float(high)
