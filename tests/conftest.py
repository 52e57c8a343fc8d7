"""Personas shared by the tenancy tests (healthchecks-style):

* ``alice`` counsellor at office A (the owner of seeker ``sam``),
* ``bob`` counsellor at office A too (a colleague: sees the same caseload),
* ``dana`` counsellor at office A2, same region as A (sees A's vacancies, not its seekers),
* ``charlie`` counsellor at office B on another site (an outsider to everything of A),
* ``erin`` employer user of employer E (owner of vacancy ``v_a``), ``frank`` of another employer,
* ``sam`` job seeker at office A with a login, ``tess`` another seeker at A,
* ``ivan`` programme analyst of site A, ``judy`` platform administrator.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.middleware import LAST_ACTIVITY_SESSION_KEY, wall_clock_now
from decentwork.accounts.models import Role, User
from decentwork.accounts.second_factor import authenticator_of, needs_second_factor
from decentwork.employers.factories import (
    EmployerFactory,
    EmployerMembershipFactory,
    VacancyFactory,
)
from decentwork.employers.models import Vacancy
from decentwork.network.factories import (
    OfficeFactory,
    RegionFactory,
    SiteFactory,
    SiteMembershipFactory,
    StaffMembershipFactory,
)
from decentwork.network.models import Office
from decentwork.seekers.factories import JobSeekerFactory, WorkExperienceFactory
from decentwork.seekers.models import JobSeeker


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Password hashing by design takes ~100 ms; tests log in dozens of personas
    # (tests/accounts/test_passwords.py checks the production list hashes with Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run in-process unless a test starts real workers (the killed-worker test
    # switches this off for itself); nothing is left queued in Redis by other tests.
    from decentwork.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    # Never touch the developer's own linking index under var/.
    settings.LINKING_INDEX_DIR = Path(tempfile.mkdtemp(prefix="decentwork-test-index-")) / "index"


def authenticator_for(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, set up now if they need one and have
    none (what the enrolment page would do); ``None`` for roles without a second factor."""
    if not needs_second_factor(user):
        return None
    return authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name="authenticator app", confirmed=True)


def pass_second_factor(client: Client, user: User) -> None:
    """After ``client.force_login(user)``: what the second-factor step leaves in the
    session (``django_otp.login``), as ``force_login`` itself skips the password step."""
    device = authenticator_for(user)
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LAST_ACTIVITY_SESSION_KEY] = wall_clock_now()  # as the sign-in page sets it
    session.save()


def sign_in(client: Client, username: str, password: str) -> bool:
    """Sign in through the sign-in form, as a person would (django-axes needs the
    request that ``Client.login`` does not give it); whether the password was taken."""
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings: Any) -> None:
    """Each test counts its own calls: rate-limit counters live in the cache, which
    outlives a test (and user ids repeat from one test to the next)."""
    settings.RATE_LIMIT_KEY_PREFIX = f"ratelimit-test-{uuid.uuid4().hex}"


@dataclass
class World:
    office_a: Office
    office_a2: Office
    office_b: Office
    alice: User
    bob: User
    dana: User
    charlie: User
    erin: User
    frank: User
    sam_user: User
    ivan: User
    judy: User
    sam: JobSeeker
    tess: JobSeeker
    seeker_b: JobSeeker
    v_a: Vacancy
    v_b: Vacancy

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
            pass_second_factor(client, user)
        return client

    def tess_user(self) -> User:
        """Tess has no login among the personas; tests of people's own pages give her one."""
        if self.tess.user is None:
            self.tess.user = UserFactory(username="tess", role=Role.JOB_SEEKER)
            self.tess.save(update_fields=["user"])
        return self.tess.user

    def persona(self, name: str) -> User:
        """A persona by name; "tess_user" is Tess with a login."""
        if name == "tess_user":
            return self.tess_user()
        user: User = getattr(self, name)
        return user


def _staff(username: str, office: Office, role: str = Role.COUNSELLOR) -> User:
    user = UserFactory(username=username, role=role)
    StaffMembershipFactory(user=user, office=office)
    return user


@pytest.fixture
def world(db: None) -> World:
    site_a, site_b = SiteFactory(name="Istanbul"), SiteFactory(name="Hangzhou", country="CN")
    region_a = RegionFactory(site=site_a)
    office_a = OfficeFactory(region=region_a, name="Kadıköy")
    office_a2 = OfficeFactory(region=region_a, name="Üsküdar")
    office_b = OfficeFactory(region=RegionFactory(site=site_b), name="Xihu")
    employer_e = EmployerFactory(site=site_a)
    employer_f = EmployerFactory(site=site_a)
    erin = UserFactory(username="erin", role=Role.EMPLOYER)
    EmployerMembershipFactory(user=erin, employer=employer_e)
    frank = UserFactory(username="frank", role=Role.EMPLOYER)
    EmployerMembershipFactory(user=frank, employer=employer_f)
    sam_user = UserFactory(username="sam", role=Role.JOB_SEEKER)
    sam = JobSeekerFactory(office=office_a, user=sam_user, first_name="Sam")
    WorkExperienceFactory(seeker=sam)
    ivan = UserFactory(username="ivan", role=Role.ANALYST)
    SiteMembershipFactory(user=ivan, site=site_a)
    return World(
        office_a=office_a, office_a2=office_a2, office_b=office_b,
        alice=_staff("alice", office_a), bob=_staff("bob", office_a, Role.OFFICE_MANAGER),
        dana=_staff("dana", office_a2), charlie=_staff("charlie", office_b),
        erin=erin, frank=frank, sam_user=sam_user, ivan=ivan,
        judy=UserFactory(username="judy", role=Role.ADMINISTRATOR),
        sam=sam, tess=JobSeekerFactory(office=office_a, first_name="Tess"),
        seeker_b=JobSeekerFactory(office=office_b),
        v_a=VacancyFactory(employer=employer_e, region=region_a),
        v_b=VacancyFactory(employer=EmployerFactory(site=site_b), region=office_b.region),
    )


@pytest.fixture
def demo_taxonomy(world: World, settings: Any, tmp_path: Path) -> Iterator[World]:
    """The personas plus the project's own demo taxonomy, with a fresh linking index."""
    from decentwork.taxonomy.actions import import_esco_release
    from decentwork.taxonomy.link_index import forget_loaded_indexes

    settings.LINKING_INDEX_DIR = tmp_path / "index"
    forget_loaded_indexes()
    import_esco_release("decentwork/taxonomy/demo_release", progress=False)
    yield world
    forget_loaded_indexes()
