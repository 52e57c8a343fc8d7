"""A million job seekers for the load benchmark, grown from the demo city.

The demo (``load_demo``) makes 500 people with a year of history made through the
applications' actions: profiles, consents, applications, placements, assessments,
plans, appointments, case notes, assistance, follow-ups, recommendation lists.
Each of them is a *template*: the generator copies every template ``batches``
times, each copy with a new name drawn from the site's own name lists, a slightly
different home, and a registration moved back by up to a year, so that the
population keeps the demo's shape (statuses, groups, needs, how much casework
people have) at any size. Rows are streamed with ``COPY``, not the ORM.

A copy gets the whole history of its template in one batch in ``history_every``
(a realistic share: most registered people have had little casework yet); in the
other batches it gets the profile and the recommendation list only, and is
looking for work. Sealed fields (target groups, case-note texts) keep the
template's Fernet token, a valid token of the same value: each distinct value is
sealed once and reused, and pages decrypt it as they would any other.

Not copied: invitations (their token hash is unique), the audit log and the
inbox (no measured page reads them at that size).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import ForeignKey
from tqdm import tqdm

from decentwork.agenda.models import Appointment, AppointmentTransition
from decentwork.applications.models import Application, ApplicationTransition, Placement
from decentwork.assistance.models import AssistanceSpell
from decentwork.casenotes.models import CaseNote
from decentwork.casework.models import (
    ActionPlan,
    AssessedBarrier,
    Assessment,
    Participation,
    ParticipationTransition,
    PlanStep,
    PlanStepTransition,
)
from decentwork.demo.city import SITES
from decentwork.followup.models import FollowUp
from decentwork.recommendations.models import NoCloseMatch, Recommendation
from decentwork.seekers.models import (
    Consent,
    Gender,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    SkillInference,
    SpokenLanguage,
    StatusChange,
    WorkExperience,
)

# Copied in every batch, in an order where each model comes after what it points to.
PROFILE = [JobSeeker, SpokenLanguage, WorkExperience, SkillInference, SeekerSkill, Consent,
           Recommendation, NoCloseMatch]
# Copied in one batch in ``history_every``.
HISTORY = [StatusChange, Application, ApplicationTransition, Placement, FollowUp, Assessment,
           AssessedBarrier, ActionPlan, PlanStep, PlanStepTransition, Participation,
           ParticipationTransition, Appointment, AppointmentTransition, CaseNote,
           AssistanceSpell]


@dataclass
class Template:
    model: type[models.Model]
    columns: list[str]
    rows: list[list[Any]]
    index: dict[int, int]  # template id -> position
    base: int  # new ids start above this


def _templates(model: type[models.Model]) -> Template:
    # The table's columns as the database has them (the model may be mid-change
    # in a working tree; the migrated table is what is copied).
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = current_schema() AND table_name = %s "
                       "ORDER BY ordinal_position", [table])
        described = cursor.fetchall()
        columns = [name for name, _type in described]
        # JSON columns come back as text, which COPY writes back unchanged.
        selected = ", ".join(f'"{name}"::text' if kind in {"jsonb", "json"} else f'"{name}"'
                             for name, kind in described)
        cursor.execute(f'SELECT {selected} FROM "{table}" ORDER BY id')
        rows = [list(row) for row in cursor.fetchall()]
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
        base = cursor.fetchone()[0]
    if columns[0] != "id":
        raise RuntimeError(f"{table}: expected id as the first column, got {columns}")
    return Template(model, columns, rows, {row[0]: i for i, row in enumerate(rows)}, base)


def _remappers(model: type[models.Model], templates: dict[type[models.Model], Template]
               ) -> list[tuple[int, Template | None]]:
    """(column position, template of the model it points to) for each foreign key to
    a copied model; ``None`` for a key that a copy must leave empty (a login)."""
    columns = templates[model].columns
    remap: list[tuple[int, Template | None]] = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, ForeignKey) or field.column not in columns:
            continue
        position = columns.index(field.column)
        target = field.related_model
        if target in templates:
            remap.append((position, templates[target]))  # type: ignore[index]
        elif model is JobSeeker and field.name == "user":
            remap.append((position, None))
    return remap


def _new_id(template: Template, batch: int, old: int) -> int:
    return template.base + batch * len(template.rows) + template.index[old] + 1


@dataclass
class Generated:
    seekers: int
    rows: dict[str, int]
    seconds: float


def generate(*, total_seekers: int, history_every: int, seed: int,
             say: Callable[[str], None] = print) -> Generated:
    """Copy the demo's people until there are ``total_seekers``; returns the counts."""
    started = time.perf_counter()
    templates = {model: _templates(model) for model in [*PROFILE, *HISTORY]}
    seeker_template = templates[JobSeeker]
    batches = max(0, (total_seekers - len(seeker_template.rows)) // len(seeker_template.rows))
    say(f"{len(seeker_template.rows)} template seekers, {batches} copies each "
        f"(history in one copy in {history_every})")
    columns = {name: position for position, name in enumerate(seeker_template.columns)}
    office_site = _office_sites()
    sites = {plan.slug: plan for plan in SITES}
    seeker_site = {row[0]: sites[office_site[row[columns["office_id"]]]]
                   for row in seeker_template.rows}
    _say_not_copied(templates, say)
    with connection.cursor() as cursor:
        # Foreign keys are checked once per key at the end (``_check_foreign_keys``),
        # not by a trigger per copied row deferred to the commit (which took longer
        # than the copying itself). Needs a superuser: the benchmark's own cluster.
        cursor.execute("SET LOCAL session_replication_role = replica")
    counts: dict[str, int] = {}
    with_history = len(range(0, batches, history_every))
    progress = tqdm(total=sum(len(templates[m].rows) * (with_history if m in HISTORY else batches)
                              for m in templates), unit="row", unit_scale=True, mininterval=2)
    for model in [*PROFILE, *HISTORY]:
        template = templates[model]
        remap = _remappers(model, templates)
        owner = _seeker_column(template)
        table = model._meta.db_table
        progress.set_description(table)
        copied = 0
        quoted = ", ".join(f'"{c}"' for c in template.columns)
        with (connection.cursor() as cursor, cursor.connection.cursor() as raw,
              raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy):
            for batch in range(batches):
                has_history = batch % history_every == 0
                if model in HISTORY and not has_history:
                    continue
                # One draw per copy of a person (name, home, registration), seeded by
                # batch so that their consents see the same one.
                vary = (_variation(seed, batch, seeker_template, columns, seeker_site)
                        if model in (JobSeeker, Consent) else None)
                for row in _copy_rows(template, batch, remap, owner, vary, has_history, model):
                    copy.write_row(row)
                copied += len(template.rows)
                progress.update(len(template.rows))
        counts[table] = copied
    progress.close()
    for table, copied in counts.items():
        say(f"  {table}: {copied:,} rows")
    _reset_sequences([*PROFILE, *HISTORY])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")
    _check_foreign_keys([model._meta.db_table for model in templates], say)
    return Generated(len(seeker_template.rows) * (batches + 1), counts,
                     time.perf_counter() - started)


def _say_not_copied(templates: dict[type[models.Model], Template],
                    say: Callable[[str], None]) -> None:
    """Name the models that point to a copied one but are not copied themselves, so
    that a new table of personal data is noticed here rather than silently left out."""
    from django.apps import apps

    left_out = sorted(
        model._meta.label for model in apps.get_models() if model not in templates
        and any(isinstance(f, ForeignKey) and f.related_model in templates
                for f in model._meta.concrete_fields))
    say(f"Not copied (empty or not read by the measured pages): {', '.join(left_out)}")


def _office_sites() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT o.id, s.slug FROM network_office o "
                       "JOIN network_site s ON s.id = o.site_id")
        return dict(cursor.fetchall())


def _seeker_column(template: Template) -> int | None:
    for field in template.model._meta.concrete_fields:
        if isinstance(field, ForeignKey) and field.related_model is JobSeeker:
            return template.columns.index(field.column)
    return None


@dataclass
class Variation:
    """What differs between copies of one template seeker."""

    names: dict[int, tuple[str, str]]
    shift_days: dict[int, int]
    jitter: dict[int, tuple[float, float]]


def _variation(seed: int, batch: int, seekers: Template, columns: dict[str, int],
               site_of: dict[int, Any]) -> Variation:
    local = random.Random(f"{seed} {batch}")
    names, shift, jitter = {}, {}, {}
    for row in seekers.rows:
        plan = site_of[row[0]]
        given = (plan.given_names_men if row[columns["gender"]] == Gender.MAN
                 else plan.given_names_women)
        names[row[0]] = (local.choice(given), local.choice(plan.family_names))
        shift[row[0]] = local.randrange(0, 366)
        jitter[row[0]] = (local.uniform(-0.02, 0.02), local.uniform(-0.02, 0.02))
    return Variation(names, shift, jitter)


def _copy_rows(template: Template, batch: int, remap: list[tuple[int, Template | None]],
               owner: int | None, vary: Variation | None, has_history: bool,
               model: type[models.Model]) -> Iterator[list[Any]]:
    is_seeker = model is JobSeeker
    if is_seeker:
        columns = {name: position for position, name in enumerate(template.columns)}
    for source in template.rows:
        row = list(source)
        row[0] = _new_id(template, batch, source[0])
        for position, target in remap:
            if row[position] is not None:
                row[position] = None if target is None else _new_id(target, batch,
                                                                    row[position])
        if is_seeker and vary is not None:
            first, last = vary.names[source[0]]
            row[columns["first_name"]] = first
            row[columns["last_name"]] = last
            row[columns["registered_on"]] -= dt.timedelta(days=vary.shift_days[source[0]])
            north, east = vary.jitter[source[0]]
            if row[columns["latitude"]] is not None:
                row[columns["latitude"]] = round(row[columns["latitude"]] + north, 5)
                row[columns["longitude"]] = round(row[columns["longitude"]] + east, 5)
            if not has_history:
                # No history in this copy: registered, waiting, looking for work.
                row[columns["status"]] = SeekerStatus.ACTIVE
        elif model is Consent and owner is not None and vary is not None:
            granted = template.columns.index("granted_at")
            row[granted] -= dt.timedelta(days=vary.shift_days[source[owner]])
        yield row


def _check_foreign_keys(tables: list[str], say: Callable[[str], None]) -> None:
    """Every foreign key of the copied tables points to a row: one anti-join per key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, "
            "af.attname FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)", [tables])
        keys = cursor.fetchall()
        started = time.perf_counter()
        for table, column, parent, parent_column in keys:
            cursor.execute(f'SELECT count(*) FROM "{table}" c WHERE c."{column}" IS NOT NULL '
                           f'AND NOT EXISTS (SELECT 1 FROM "{parent}" p '
                           f'WHERE p."{parent_column}" = c."{column}")')
            dangling = cursor.fetchone()[0]
            if dangling:
                raise RuntimeError(f"{dangling} rows of {table}.{column} point to no "
                                   f"{parent} row")
    say(f"Checked {len(keys)} foreign keys in {time.perf_counter() - started:.0f} s")


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f"(SELECT coalesce(max(id), 1) FROM \"{table}\"))")
