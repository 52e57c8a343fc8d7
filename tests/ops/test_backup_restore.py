"""scripts/backup and scripts/restore on a small database (docs/backup.md): every row
of every table comes back, sealed values still open, and a restore that does not
match its backup, or would write over a database, says so and fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import Confidentiality
from decentwork.encryption import unseal
from tests.conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="pg_dump and pg_restore back up PostgreSQL databases"),
]

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


def _url(database: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"


def _run(script: str, *arguments: str, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPTS / script), *arguments],
                          env={**os.environ, "DATABASE_URL": database_url},
                          capture_output=True, text=True, timeout=300)


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = db.execute("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                            ).fetchall()
        return {name: db.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier(name))).fetchone()[0] for (name,) in tables}


@pytest.fixture
def target() -> Iterator[str]:
    """A database name no one uses, dropped afterwards whatever happened."""
    name = f"restore_test_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


@pytest.fixture
def backup(world: World, tmp_path: Path) -> Path:
    write_note(world.alice, world.sam, text="Needs a quiet workplace.",
               confidentiality=Confidentiality.CONFIDENTIAL)
    archive = tmp_path / "decentwork.dump"
    done = _run("backup", str(archive), database_url=_url(connection.settings_dict["NAME"]))
    assert done.returncode == 0, done.stderr
    return archive


def test_restore_brings_back_every_row_of_every_table(backup: Path, target: str) -> None:
    restored = _run("restore", str(backup), _url(target), database_url="")

    assert restored.returncode == 0, restored.stderr
    source = _counts(_url(connection.settings_dict["NAME"]))
    assert _counts(_url(target)) == source
    assert source["seekers_jobseeker"] > 0 and source["casenotes_casenote"] == 1
    # Sealed at rest in the copy too, and opened by the same key.
    with psycopg.connect(_url(target)) as db:
        token = db.execute("SELECT text FROM casenotes_casenote").fetchone()[0]
    assert "quiet" not in token
    assert unseal(token) == "Needs a quiet workplace."


def test_the_backup_lists_the_rows_it_holds(backup: Path) -> None:
    manifest = json.loads(Path(f"{backup}.counts.json").read_text())

    assert manifest["tables"]["public.casenotes_casenote"] == 1
    assert manifest["tables"]["public.seekers_jobseeker"] == _counts(
        _url(connection.settings_dict["NAME"]))["seekers_jobseeker"]


def test_a_restore_that_differs_from_its_backup_fails_naming_the_table(
        backup: Path, target: str) -> None:
    manifest_path = Path(f"{backup}.counts.json")
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["public.seekers_jobseeker"] += 1
    manifest_path.write_text(json.dumps(manifest))

    restored = _run("restore", str(backup), _url(target), database_url="")

    assert restored.returncode == 1
    assert "public.seekers_jobseeker" in restored.stderr


def test_a_restore_never_writes_over_an_existing_database(backup: Path) -> None:
    before = _counts(_url(connection.settings_dict["NAME"]))

    restored = _run("restore", str(backup), _url(connection.settings_dict["NAME"]),
                    database_url="")

    assert restored.returncode != 0
    assert "exists already" in restored.stderr
    assert _counts(_url(connection.settings_dict["NAME"])) == before
