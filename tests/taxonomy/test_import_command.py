"""``decentwork taxonomy import-esco PATH`` and its management command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from decentwork.taxonomy.models import Concept
from tests.taxonomy.esco_files import OCCUPATION_COLUMNS, TECH_DIRECTOR, occupation, write_csv


@pytest.mark.django_db
def test_command_prints_counts_absent_files_and_time(release: Path) -> None:
    (release / "skills_en.csv").unlink()
    out = io.StringIO()

    call_command("import_esco", str(release), "--no-progress", stdout=out)

    printed = out.getvalue()
    assert "occupations_en.csv" in printed
    assert "absent: skills_en.csv" in printed
    assert "Imported 6 files in" in printed
    total = next(line for line in printed.splitlines() if line.startswith("total"))
    assert total.split()[1:3] == ["28", "17"]  # rows read, concepts created
    assert Concept.objects.count() == 17


@pytest.mark.django_db
def test_command_reports_a_bad_file_without_traceback(release: Path) -> None:
    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS,
              [occupation("not a uri", "2654", "technical director")])
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_esco", str(release), "--no-progress", stdout=out)

    assert str(caught.value).startswith("occupations_en.csv, row 2, column conceptUri: "
                                        "not a URI")
    assert "Nothing from occupations_en.csv was imported." in str(caught.value)
    assert "ISCOGroups_en.csv" in out.getvalue()  # what was imported before the error


def test_console_script_end_to_end(release: Path, tmp_path: Path) -> None:
    # A subprocess on its own SQLite file: the console script as an operator runs it,
    # including pass-through of ordinary manage.py commands.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    script = [sys.executable, "-c", "from decentwork.cli import main; main()"]

    def decentwork(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*script, *args], env=env, capture_output=True, text=True,
                              check=False, timeout=300)

    assert decentwork("migrate", "-v", "0").returncode == 0
    imported = decentwork("taxonomy", "import-esco", str(release), "--language", "en")
    assert imported.returncode == 0, imported.stderr
    assert "Imported 7 files" in imported.stdout

    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS,
              [occupation(TECH_DIRECTOR, "2654", "technical director"),
               occupation(TECH_DIRECTOR, "2654", "technical director")])
    failed = decentwork("taxonomy", "import-esco", str(release))
    assert failed.returncode == 1
    assert "occupations_en.csv, row 3, column conceptUri" in failed.stderr
    assert "Traceback" not in failed.stderr
