"""The ESCO importer refuses files it must not store, naming file, row and column, the
same way on SQLite and PostgreSQL, and writes nothing of such a file: text that is
not UTF-8, NUL characters, cells and files beyond the documented limits. A huge cell
is refused without being read whole."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from decentwork.taxonomy.actions import ReleaseImportError, import_esco_release
from decentwork.taxonomy.esco_release import (
    ReadingLimits,
    ReleaseError,
    limited_to,
    open_release,
    read_concepts,
)
from decentwork.taxonomy.models import Concept, ConceptKind, Label
from tests.taxonomy.esco_files import write_english_release

pytestmark = pytest.mark.django_db

OCCUPATIONS = "occupations_en.csv"
# Row 4 of occupations_en.csv is the home care aide, whose alternative labels span
# two lines of one quoted cell: "home carer\nhome help".
CARE_AIDE_DESCRIPTION = "Home care aides help people at home."


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return write_english_release(tmp_path / "esco")


def corrupt(release: Path, change: Callable[[str], str], encoding: str = "utf-8") -> None:
    path = release / OCCUPATIONS
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_bytes(changed.encode(encoding))


def refused(release: Path) -> ReleaseError:
    with pytest.raises(ReleaseImportError) as caught:
        import_esco_release(release, progress=False)
    assert caught.value.filename == OCCUPATIONS
    # Nothing of the refused file was written (the ISCO groups before it stay).
    assert not Concept.objects.filter(kind=ConceptKind.OCCUPATION).exists()
    return caught.value


def where(error: ReleaseError) -> tuple[str, int | None, str]:
    return error.filename, error.row, error.column


def with_description(cell: str) -> Callable[[str], str]:
    """The care aide's description replaced by ``cell``, quoted as csv would."""
    quoted = f'"{cell}"' if "\n" in cell else cell
    return lambda text: text.replace(CARE_AIDE_DESCRIPTION, quoted)


def test_latin1_text_is_named_by_row_and_column(release: Path) -> None:
    corrupt(release, lambda text: text.replace("home care aide", "aide à domicile"),
            encoding="latin-1")

    error = refused(release)

    assert where(error) == (OCCUPATIONS, 4, "preferredLabel")
    assert str(error) == (
        "occupations_en.csv, row 4, column preferredLabel: byte 0xE0 is not UTF-8 (a Latin-1 "
        "or Windows file?); save the file as CSV in UTF-8")


def test_a_utf16_file_is_named_at_its_first_byte(release: Path) -> None:
    corrupt(release, lambda text: "\ufeff" + text, encoding="utf-16-le")

    error = refused(release)

    assert where(error) == (OCCUPATIONS, 1, "1")
    assert "byte 0xFF is not UTF-8" in str(error)


@pytest.mark.parametrize(("change", "row", "column"), [
    (lambda text: text.replace("lighting director", "lighting\x00director"), 3,
     "preferredLabel"),
    # On the second line of a quoted multi-line cell.
    (lambda text: text.replace("home help", "home\x00help"), 4, "altLabels"),
])
def test_a_nul_character_is_refused_on_every_database(release: Path, change: Callable[[str], str],
                                                      row: int, column: str) -> None:
    corrupt(release, change)

    error = refused(release)

    assert where(error) == (OCCUPATIONS, row, column)
    assert "a NUL character (byte 0x00)" in str(error)
    # Compared here: a query holding a NUL is itself refused by PostgreSQL.
    assert not any("\x00" in text for text in Label.objects.values_list("text", flat=True))


@pytest.mark.parametrize("cell", ["x" * 1001, "a line\n" * 143], ids=["one line", "many lines"])
def test_a_cell_over_the_limit_is_refused(release: Path, cell: str) -> None:
    corrupt(release, with_description(cell))
    with limited_to(ReadingLimits(cell_chars=1000)):
        error = refused(release)

    assert where(error) == (OCCUPATIONS, 4, "description")
    assert "cell longer than the limit of 1,000 characters" in str(error)


def test_a_cell_at_the_limit_is_read(release: Path) -> None:
    corrupt(release, with_description("x" * 1000))
    with limited_to(ReadingLimits(cell_chars=1000)):
        import_esco_release(release, progress=False)
    assert Concept.objects.filter(kind=ConceptKind.OCCUPATION).count() == 3


@pytest.mark.parametrize("piece", ["x" * 1_000_000, ("y" * 99 + "\n") * 10_000],
                         ids=["on one line", "over many lines"])
def test_a_50_mb_cell_is_refused_without_reading_it_whole(release: Path, piece: str) -> None:
    path = release / OCCUPATIONS
    before, after = path.read_text(encoding="utf-8").split(CARE_AIDE_DESCRIPTION)
    before, after = before + '"', '"' + after
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(before)
        for _ in range(50):
            out.write(piece)
        out.write(after)
    assert path.stat().st_size > 50_000_000

    tracemalloc.start()
    try:
        with open_release(path) as only_file, pytest.raises(ReleaseError) as caught:
            read_concepts(only_file.files[0])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert where(caught.value) == (OCCUPATIONS, 4, "description")
    assert "cell longer than the limit of 20,000 characters" in str(caught.value)
    assert peak < 10_000_000, f"{peak:,} bytes held while reading"


def test_a_file_over_the_limit_is_refused_before_anything_is_written(
        release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corrupt(release, lambda text: with_description("z" * 19_000)(text)
            + "".join(f"Occupation,http://data.europa.eu/esco/occupation/{n},5322,aide {n},"
                      f",,released,,,,,,{'z' * 19_000},\n" for n in range(60)))
    monkeypatch.setenv("ESCO_MAX_FILE_MB", "1")

    with pytest.raises(ReleaseError) as caught:
        import_esco_release(release, progress=False)

    assert caught.value.filename == OCCUPATIONS
    assert "over the limit of 1,048,576 bytes a file" in str(caught.value)
    assert not Concept.objects.exists()  # not even the ISCO groups before it


def test_the_command_takes_a_cell_limit(release: Path) -> None:
    corrupt(release, with_description("x" * 200))

    with pytest.raises(CommandError) as caught:
        call_command("import_esco", str(release), "--max-cell-chars", "150", "--no-index",
                     verbosity=0)

    assert str(caught.value).startswith(
        "occupations_en.csv, row 4, column description: cell longer than the limit of 150 "
        "characters")


def test_the_command_takes_a_file_limit(release: Path) -> None:
    path = release / "ISCOGroups_en.csv"
    with path.open("a", encoding="utf-8") as out:
        out.write("\n" * (1 << 20))  # blank lines: a valid file, only too large

    with pytest.raises(CommandError, match=r"ISCOGroups_en.csv: 1,050,588 bytes, over the limit of "
                       "1,048,576 bytes a file"):
        call_command("import_esco", str(path), "--max-file-mb", "1", "--no-index", verbosity=0)
    call_command("import_esco", str(path), "--max-file-mb", "2", "--no-index", verbosity=0)
    assert Concept.objects.filter(kind=ConceptKind.ISCO_GROUP).count() == 8


def test_a_bad_limit_in_the_environment_is_named(release: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCO_MAX_CELL_CHARS", "lots")
    with pytest.raises(CommandError, match="ESCO_MAX_CELL_CHARS must be a positive whole number"):
        call_command("import_esco", str(release), "--no-index", verbosity=0)
