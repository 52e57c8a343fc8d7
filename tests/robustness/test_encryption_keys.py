"""Field-encryption keys: `check` refuses a key that cannot read the stored data, and
`rotate_encryption_key` moves every sealed value to the new key so the old one can go."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from decentwork.audit.models import AuditEntry
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.models import CaseNote
from decentwork.encryption import sealed_columns, token_bytes
from decentwork.recommendations.actions import prepare_matching_run, start_matching_run
from decentwork.recommendations.models import RunChunk
from decentwork.recommendations.snapshots import unseal_seekers
from decentwork.seekers.actions import declare_target_group
from decentwork.seekers.models import JobSeeker
from tests.conftest import World

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def sealed_under_a(settings: Any, request: pytest.FixtureRequest) -> World:
    """The personas with a target group, a case note and a prepared matching run,
    all sealed with key A alone."""
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    world: World = request.getfixturevalue("world")
    declare_target_group(world.alice, world.sam, "refugee")
    write_note(world.alice, world.sam, text="Looking after her mother", confidentiality="ordinary")
    run = start_matching_run(None, world.v_a.region, dispatch=False)
    prepare_matching_run(run, dispatch=False)
    assert RunChunk.objects.filter(seekers_sealed__isnull=False).exists()
    return world


def stored_tokens() -> dict[str, list[bytes]]:
    return {column.label: [token_bytes(token) for _pk, token in column.stored()]
            for column in sealed_columns()}


def rotate() -> str:
    out = io.StringIO()
    call_command("rotate_encryption_key", "--no-progress", "--batch-size", "1", stdout=out)
    return out.getvalue()


def test_every_sealed_column_is_found() -> None:
    labels = {column.label for column in sealed_columns()}
    assert {"seekers.JobSeeker.sensitive", "casenotes.CaseNote.text",
            "recommendations.RunChunk.seekers_sealed"} <= labels


@pytest.mark.django_db
def test_rotation_lets_the_old_key_go(sealed_under_a: World, settings: Any) -> None:
    world = sealed_under_a
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    output = rotate()

    assert "seekers.JobSeeker.sensitive" in output
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    call_command("check")  # no SystemCheckError: B alone reads the samples
    for label, tokens in stored_tokens().items():
        assert tokens, label
        for token in tokens:
            Fernet(KEY_B.encode()).decrypt(token)  # raises if any value was left under A
    sam = JobSeeker.objects.get(pk=world.sam.pk)
    assert sam.sensitive["target_groups"] == ["refugee"]
    assert CaseNote.objects.get(seeker=sam).text == "Looking after her mother"
    for chunk in RunChunk.objects.filter(seekers_sealed__isnull=False):
        assert chunk.seekers_sealed is not None
        assert world.sam.pk in unseal_seekers(chunk.seekers_sealed).seeker_ids
    entry = AuditEntry.objects.get(action="encryption.rotate_key")
    assert entry.details["columns"]["casenotes.CaseNote.text"] == {"rotated": 1, "current": 0}


@pytest.mark.django_db
def test_rotation_is_idempotent(sealed_under_a: World, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    before = stored_tokens()

    output = rotate()

    assert stored_tokens() == before  # nothing rewritten the second time
    assert "0 values re-encrypted" in output


@pytest.mark.django_db
def test_a_wrong_key_makes_check_fail_naming_each_field(sealed_under_a: World,
                                                        settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # A was replaced instead of rotated

    with pytest.raises(SystemCheckError) as refused:
        call_command("check")

    message = str(refused.value)
    for label in ("seekers.JobSeeker.sensitive", "casenotes.CaseNote.text",
                  "recommendations.RunChunk.seekers_sealed"):
        assert f"{label} of row" in message
    assert "FIELD_ENCRYPTION_KEY=new,old" in message


@pytest.mark.django_db
def test_rotation_without_the_old_key_stops_naming_the_row(sealed_under_a: World,
                                                           settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    with pytest.raises(CommandError, match=r"of row \d+ cannot be decrypted"):
        rotate()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    with pytest.raises(InvalidToken):  # nothing was sealed with B meanwhile
        Fernet(KEY_B.encode()).decrypt(stored_tokens()["casenotes.CaseNote.text"][0])


@pytest.mark.django_db
def test_a_malformed_key_is_refused(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(SystemCheckError, match="FIELD_ENCRYPTION_KEY must be"):
        call_command("check")


def test_check_passes_before_migrate(tmp_path: Path) -> None:
    """A new deployment runs `check` (and `migrate`) before any table exists."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "decentwork.W001" not in result.stderr + result.stdout
