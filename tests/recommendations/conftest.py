"""A small market beside the personas: skills, vacancies with essential skills,
seekers holding some of them, and helpers to run matching in-process or eagerly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, sync_playwright

from decentwork.accounts.models import User
from decentwork.celery import app
from decentwork.employers.models import Employer, Vacancy, VacancySkill
from decentwork.network.models import Office, Region
from decentwork.recommendations.models import Recommendation
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker, SeekerSkill
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from decentwork.taxonomy.models import Concept, Relevance

# A fresh page and the login form, for test_pages_in_browser (on the browser below).
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, log_in, page  # noqa: F401


def skill(name: str) -> Concept:
    concept = ConceptFactory(uri=f"http://data.europa.eu/esco/skill/{name.replace(' ', '-')}",
                             kind="skill", isco_code="")
    if not concept.labels.exists():
        LabelFactory(concept=concept, text=name)
    return concept


def vacancy(employer: Employer, region: Region, *, essential: Sequence[str],
            optional: Sequence[str] = (), title: str = "Care assistant", **fields: object
            ) -> Vacancy:
    defaults: dict[str, object] = {"opens_on": timezone.localdate() - dt.timedelta(days=3),
                                   "latitude": 41.0, "longitude": 29.0}
    created = Vacancy.objects.create(employer=employer, region=region, title=title,
                                     **{**defaults, **fields})
    VacancySkill.objects.bulk_create(
        [VacancySkill(vacancy=created, skill=skill(name), relevance=Relevance.ESSENTIAL)
         for name in essential]
        + [VacancySkill(vacancy=created, skill=skill(name), relevance=Relevance.OPTIONAL)
           for name in optional])
    return created


def seeker(office: Office, *, skills: Sequence[str], proposable: bool = True,
           first_name: str = "Ayşe", recorded_by: User | None = None,
           accommodation_needs: Sequence[str] = (), **fields: object) -> JobSeeker:
    defaults: dict[str, object] = {"last_name": "Yılmaz", "latitude": 41.0, "longitude": 29.0,
                                   "registered_on": dt.date(2026, 1, 5)}
    created = JobSeeker.objects.create(office=office, first_name=first_name,
                                       **{**defaults, **fields})
    give_skills(created, skills)
    if accommodation_needs:
        state_needs(created, accommodation_needs)
    if proposable:
        consent(created, ConsentScope.PROPOSAL_TO_EMPLOYERS, recorded_by)
    return created


def give_skills(person: JobSeeker, names: Sequence[str]) -> None:
    SeekerSkill.objects.bulk_create([SeekerSkill(seeker=person, skill=skill(name))
                                     for name in names])


def state_needs(person: JobSeeker, needs: Sequence[str]) -> None:
    """Needs as ``set_accommodation_needs`` leaves them: in the encrypted value, with
    the consent to match on them."""
    person.sensitive = {**(person.sensitive or {}), "accommodation_needs": sorted(needs)}
    person.save(update_fields=["sensitive"])
    consent(person, ConsentScope.ACCOMMODATION_MATCHING)


def consent(person: JobSeeker, scope: str, recorded_by: User | None = None) -> Consent:
    return Consent.objects.create(seeker=person, scope=scope, granted_at=timezone.now(),
                                  recorded_by=recorded_by)


def listed(run_id: int) -> set[tuple[int, int, int]]:
    """The (seeker, vacancy, rank) triples a run stored."""
    return set(Recommendation.objects.filter(run_id=run_id)
               .values_list("seeker_id", "vacancy_id", "rank"))


@pytest.fixture
def eager_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run Celery tasks in this process, as the embedded default does, even when
    REDIS_URL is set for the suite; errors surface in the test."""
    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Chromium for the browser tests of this folder.

    Playwright's sync API allows one instance per thread, and tests/browser keeps
    one open for the whole session: when it is open, use it; otherwise open one
    for this module only, so that it is closed before tests/browser needs its own.
    """
    running = _open_session_browser(request)
    if running is not None:
        yield running
        return
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run scripts/install-browser to enable browser tests")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open_session_browser(request: pytest.FixtureRequest) -> Browser | None:
    # pytest has no public look-up of another folder's fixture value; its
    # definitions cache what they yielded while they are active.
    definitions = request._fixturemanager._arg2fixturedefs.get("browser", ())
    for definition in definitions:
        cached = getattr(definition, "cached_result", None)
        if cached and isinstance(cached[0], Browser) and cached[0].is_connected():
            return cached[0]
    return None
