"""Reading and validating an official ESCO CSV release (a folder or a zip).

No Django here: this module turns files into validated rows, and
:mod:`decentwork.taxonomy.actions` writes them. A release is a set of files named
``<name>_<language>.csv`` (``occupations_en.csv``, ``skills_zh.csv`` ...), in one
folder (or its subfolders) or one zip. Several languages may sit side by side; each
language's concept files carry labels of the same concepts.

Every problem is a :class:`ReleaseError` naming the file, the row and the column,
so that whoever prepared the file can find and fix it. Rows are counted as a
spreadsheet shows them: the header is row 1, the first data row is row 2, and a
quoted cell spanning several lines is still one row.

Files must be UTF-8 text without NUL characters, and stay within
:class:`ReadingLimits` (a file's size, a cell's length); a file beyond them is
refused before it is read, or as soon as its reading reaches the problem, so that
a huge cell never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

# Values of decentwork.taxonomy.models.ConceptKind / LabelKind / Relevance, kept as
# plain strings so that this module stays free of Django.
OCCUPATION, SKILL, ISCO_GROUP, SKILL_GROUP = "occupation", "skill", "isco_group", "skill_group"
PREFERRED, ALTERNATIVE, HIDDEN = "preferred", "alternative", "hidden"
RELEVANCES = frozenset({"essential", "optional"})

# ESCO's type column values (conceptType, broaderType) -> our concept kinds.
KIND_OF_ESCO_TYPE = {
    "Occupation": OCCUPATION,
    "ISCOGroup": ISCO_GROUP,
    "KnowledgeSkillCompetence": SKILL,
    "SkillGroup": SKILL_GROUP,
}

# Column widths of the taxonomy models; checked here so that SQLite (which does not
# enforce them) and PostgreSQL (which does) reject the same files.
MAX_URI, MAX_LABEL, MAX_CODE, MAX_ISCO, MAX_TYPE, MAX_STATUS, MAX_LANGUAGE = (
    255, 500, 40, 4, 40, 20, 10)

# A URI is "scheme:rest" (http://..., urn:decentwork:demo:skill:...), without spaces.
URI_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
ISCO_CODE_PATTERN = re.compile(r"\d{1,4}")
FILENAME_PATTERN = re.compile(
    r"(?P<name>[A-Za-z]+)_(?P<language>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.csv")


@dataclass(frozen=True)
class ReadingLimits:
    """How large a release file and one of its cells may be.

    Defaults: 200 MB a file (the largest official files, skills and
    occupationSkillRelations, take a few tens of MB) and 20,000 characters a cell (the
    longest cell read from the English v1.2.0 release is an ISCO group description
    of 3,853; the one larger cell, conceptSchemes_en.csv's list of every skill URI,
    is in a file that is not read). Environment: ``ESCO_MAX_FILE_MB`` and
    ``ESCO_MAX_CELL_CHARS``; the import command takes ``--max-file-mb`` and
    ``--max-cell-chars``.
    """

    file_bytes: int = 200 * 1024 * 1024
    cell_chars: int = 20_000

    @classmethod
    def from_environment(cls) -> ReadingLimits:
        default = cls()
        return cls(file_bytes=_env_count("ESCO_MAX_FILE_MB", default.file_bytes // 2**20) * 2**20,
                   cell_chars=_env_count("ESCO_MAX_CELL_CHARS", default.cell_chars))

    def line_chars(self, columns: int) -> int:
        """The longest physical line a file of ``columns`` columns can hold with every
        cell within the limit, quoted and made only of doubled quotes. A longer line
        has a cell over the limit or too many cells, so it is refused after reading
        this much of it."""
        return (2 * self.cell_chars + 3) * max(columns, 1)


def _env_count(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ReleaseError(f"{name} must be a positive whole number, got {raw!r}")
    return int(raw)


_limits: ContextVar[ReadingLimits | None] = ContextVar("esco_reading_limits", default=None)


def reading_limits() -> ReadingLimits:
    """The limits in force: those of :func:`limited_to`, else the environment's."""
    return _limits.get() or ReadingLimits.from_environment()


@contextmanager
def limited_to(limits: ReadingLimits) -> Iterator[None]:
    """Read releases within ``limits`` inside the ``with`` block (the command's options)."""
    token = _limits.set(limits)
    try:
        yield
    finally:
        _limits.reset(token)


# A header is read before its number of columns is known; real ones have 4 to 14.
HEADER_COLUMNS_BOUND = 64

Role = Literal["concepts", "collection", "broader", "occupation_skills", "ignored"]


class ReleaseError(Exception):
    """A release that cannot be imported, with where the problem is."""

    def __init__(self, problem: str, *, filename: str = "", row: int | None = None,
                 column: str = "") -> None:
        self.problem = problem
        self.filename = filename
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.filename] if self.filename else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


@dataclass(frozen=True)
class FileSpec:
    """What one kind of release file holds and which of its columns we need."""

    name: str
    role: Role
    kind: str = ""
    required: tuple[str, ...] = ()
    # Language-independent files (URIs only) repeat identically in every language's
    # folder; they are imported once per import.
    per_language: bool = True
    # Where the labels and descriptions also come from the main file, a collection
    # only fills in when that main file is not part of the import.
    main_file: str = ""
    ignore_reason: str = ""


SPECS: tuple[FileSpec, ...] = (
    FileSpec("ISCOGroups", "concepts", ISCO_GROUP, ("conceptUri", "code", "preferredLabel")),
    FileSpec("occupations", "concepts", OCCUPATION, ("conceptUri", "preferredLabel")),
    FileSpec("skillGroups", "concepts", SKILL_GROUP, ("conceptUri", "preferredLabel")),
    FileSpec("skills", "concepts", SKILL, ("conceptUri", "preferredLabel")),
    # Collections (digitalSkillsCollection, researchOccupationsCollection, ...) are
    # matched by suffix below; these two stand for all of them.
    FileSpec("SkillsCollection", "collection", SKILL, ("conceptUri", "preferredLabel"),
             main_file="skills"),
    FileSpec("OccupationsCollection", "collection", OCCUPATION,
             ("conceptUri", "preferredLabel"), main_file="occupations"),
    FileSpec("broaderRelationsOccPillar", "broader", "",
             ("conceptType", "conceptUri", "broaderType", "broaderUri"), per_language=False),
    FileSpec("broaderRelationsSkillPillar", "broader", "",
             ("conceptType", "conceptUri", "broaderType", "broaderUri"), per_language=False),
    FileSpec("occupationSkillRelations", "occupation_skills", "",
             ("occupationUri", "relationType", "skillUri"), per_language=False),
    FileSpec("skillSkillRelations", "ignored",
             ignore_reason="skill-to-skill relations are not part of our model"),
    FileSpec("skillsHierarchy", "ignored",
             ignore_reason="the same tree comes from skillGroups and broaderRelationsSkillPillar"),
    FileSpec("conceptSchemes", "ignored", ignore_reason="concept schemes are not imported"),
)
_SPEC_BY_NAME = {spec.name.casefold(): spec for spec in SPECS}
# The files a complete release has in each language; an import reports which are absent.
EXPECTED = ("ISCOGroups", "occupations", "skillGroups", "skills", "broaderRelationsOccPillar",
            "broaderRelationsSkillPillar", "occupationSkillRelations")
# Dependencies first: concepts before the relations that point at them, main concept
# files before the collections that only fill gaps.
_ORDER = {name: rank for rank, name in enumerate(
    ("ISCOGroups", "occupations", "skillGroups", "skills", "SkillsCollection",
     "OccupationsCollection", "broaderRelationsOccPillar", "broaderRelationsSkillPillar",
     "occupationSkillRelations"))}


def spec_for(name: str) -> FileSpec | None:
    spec = _SPEC_BY_NAME.get(name.casefold())
    if spec is not None:
        return spec
    for suffix in ("SkillsCollection", "OccupationsCollection"):
        if name.casefold().endswith(suffix.casefold()):
            return _SPEC_BY_NAME[suffix.casefold()]
    return None


@dataclass(frozen=True)
class ReleaseFile:
    """One CSV file of a release, in a folder or inside a zip."""

    filename: str
    name: str
    language: str
    spec: FileSpec
    location: str
    archive: zipfile.ZipFile | None = field(default=None, compare=False, repr=False)

    @property
    def size(self) -> int:
        """Bytes, uncompressed (a zip member is never read past its stated size)."""
        if self.archive is not None:
            return self.archive.getinfo(self.location).file_size
        return os.path.getsize(self.location)

    @contextmanager
    def open(self) -> Iterator[TextIO]:
        # utf-8-sig: a byte-order mark, which spreadsheet programs add, is not part
        # of the first column's name. surrogateescape: a byte that is not UTF-8 is
        # read as a stand-in character, which the table reports with its row and
        # column, where a decoding error would only say "somewhere in this file".
        if self.archive is not None:
            with self.archive.open(self.location) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape",
                                       newline="")
        else:
            with open(self.location, encoding="utf-8-sig", errors="surrogateescape",
                      newline="") as text:
                yield text


@dataclass
class EscoRelease:
    """The files of a release found at ``source``, in the order they must be imported."""

    source: str
    languages: list[str]
    files: list[ReleaseFile]
    absent: list[str]
    ignored: dict[str, str]


@contextmanager
def open_release(path: str | Path, languages: Sequence[str] | None = None,
                 ) -> Iterator[EscoRelease]:
    """Find the files of the release at ``path``: a folder, a ``.zip``, or a single
    release file (``skills_en.csv``) to import on its own.

    ``languages`` restricts the import to those languages; by default every language
    found is imported. Files of other names are not release files and are passed over.
    """
    path = Path(path)
    if not path.exists():
        raise ReleaseError(f"{path}: no such file or folder")
    archive: zipfile.ZipFile | None = None
    try:
        if path.is_dir():
            locations = [str(p) for p in sorted(path.rglob("*.csv")) if p.is_file()]
        elif path.suffix.lower() == ".csv":
            locations = [str(path)]
        elif zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            locations = sorted(n for n in archive.namelist() if n.endswith(".csv"))
        else:
            raise ReleaseError(f"{path}: neither a folder, a zip file nor a CSV file")
        yield _survey(str(path), locations, archive, languages)
    finally:
        if archive is not None:
            archive.close()


def _survey(source: str, locations: list[str], archive: zipfile.ZipFile | None,
            wanted: Sequence[str] | None) -> EscoRelease:
    found: dict[tuple[str, str], ReleaseFile] = {}
    for location in locations:
        filename = location.replace("\\", "/").rsplit("/", 1)[-1]
        match = FILENAME_PATTERN.fullmatch(filename)
        spec = spec_for(match["name"]) if match else None
        if match is None or spec is None:
            continue
        key = (match["name"].casefold(), match["language"])
        if key in found:
            raise ReleaseError(f"{filename} is there twice: {found[key].location} and {location}")
        found[key] = ReleaseFile(filename, match["name"], match["language"], spec, location,
                                 archive)
    present = sorted({f.language for f in found.values()})
    if wanted:
        languages = list(dict.fromkeys(wanted))
        missing = [lang for lang in languages if lang not in present]
        if missing:
            raise ReleaseError(f"{source}: no release files in {', '.join(missing)} "
                               f"(found: {', '.join(present) or 'none'})")
    else:
        # English first: it is the language the other languages translate.
        languages = sorted(present, key=lambda lang: (lang != "en", lang))
    if not languages:
        raise ReleaseError(f"{source}: no ESCO release files (<name>_<language>.csv) found")
    for language in languages:
        if len(language) > MAX_LANGUAGE:
            raise ReleaseError(f"language code {language!r} is longer than {MAX_LANGUAGE}")

    chosen = [f for f in found.values() if f.language in languages]
    files: list[ReleaseFile] = []
    ignored: dict[str, str] = {}
    imported_once: dict[str, ReleaseFile] = {}
    names_by_language = {(f.spec.name, f.language) for f in chosen}
    for f in sorted(chosen, key=lambda f: (languages.index(f.language), f.filename)):
        if f.spec.role == "ignored":
            ignored[f.filename] = f.spec.ignore_reason
        elif not f.spec.per_language and f.name.casefold() in imported_once:
            ignored[f.filename] = (f"same relations as {imported_once[f.name.casefold()].filename}"
                                   ", which is imported")
        elif f.spec.main_file and (f.spec.main_file, f.language) in names_by_language:
            ignored[f.filename] = (f"labels come from {f.spec.main_file}_{f.language}.csv, "
                                   "which is imported")
        else:
            imported_once.setdefault(f.name.casefold(), f)
            files.append(f)
    files.sort(key=lambda f: (_ORDER[f.spec.name], languages.index(f.language), f.filename))
    # Every file is measured before any is imported: an oversized one is refused
    # before anything of the release is written.
    limit = reading_limits().file_bytes
    for f in files:
        if f.size > limit:
            raise ReleaseError(f"{f.size:,} bytes, over the limit of {limit:,} bytes a file "
                               "(ESCO_MAX_FILE_MB, or --max-file-mb of import_esco)",
                               filename=f.filename)

    absent: list[str] = []
    for name in EXPECTED:
        spec = _SPEC_BY_NAME[name.casefold()]
        if spec.per_language:
            absent += [f"{name}_{lang}.csv" for lang in languages
                       if (name, lang) not in names_by_language]
        elif not any((name, lang) in names_by_language for lang in languages):
            absent.append(f"{name}_{languages[0]}.csv")
    return EscoRelease(source, languages, files, absent, ignored)


# ---------------------------------------------------------------------------
# Rows


@dataclass
class ConceptRow:
    row: int
    uri: str
    kind: str
    code: str = ""
    isco_code: str = ""
    skill_type: str = ""
    reuse_level: str = ""
    status: str = ""
    labels: list[tuple[str, str]] = field(default_factory=list)  # (label kind, text)
    description: str = ""


@dataclass
class BroaderRow:
    row: int
    narrower_uri: str
    narrower_kind: str
    broader_uri: str
    broader_kind: str


@dataclass
class OccupationSkillRow:
    row: int
    occupation_uri: str
    skill_uri: str
    relevance: str
    skill_type: str


class _Cells:
    """One data row, read by column name, with errors that say where."""

    def __init__(self, filename: str, row: int, header: dict[str, int], cells: list[str]):
        self.filename, self.row, self.header, self.cells = filename, row, header, cells

    def __getitem__(self, column: str) -> str:
        index = self.header.get(column)
        return self.cells[index].strip() if index is not None else ""

    def error(self, column: str, problem: str) -> ReleaseError:
        return ReleaseError(problem, filename=self.filename, row=self.row, column=column)

    def uri(self, column: str) -> str:
        value = self[column]
        if not value:
            raise self.error(column, "empty, a URI is needed")
        if not URI_PATTERN.fullmatch(value):
            raise self.error(column, f"not a URI: {value[:80]!r}")
        if len(value) > MAX_URI:
            raise self.error(column, f"URI longer than {MAX_URI} characters")
        return value

    def text(self, column: str, max_length: int) -> str:
        value = self[column]
        if len(value) > max_length:
            raise self.error(column, f"longer than {max_length} characters: {value[:80]!r}")
        return value

    def kind(self, column: str) -> str:
        value = self[column]
        if value not in KIND_OF_ESCO_TYPE:
            raise self.error(column, f"unknown concept type {value[:80]!r} "
                             f"(expected one of {', '.join(KIND_OF_ESCO_TYPE)})")
        return KIND_OF_ESCO_TYPE[value]

    def labels(self, column: str, label_kind: str, separator: re.Pattern[str]
               ) -> list[tuple[str, str]]:
        texts = [t.strip() for t in separator.split(self[column])]
        for text in texts:
            if len(text) > MAX_LABEL:
                raise self.error(column, f"label longer than {MAX_LABEL} characters: "
                                 f"{text[:80]!r}")
        return [(label_kind, text) for text in dict.fromkeys(texts) if text]


_NEWLINES = re.compile(r"\r?\n")
_PIPES_OR_NEWLINES = re.compile(r"\s\|\s|\r?\n")


class _Table:
    """The data rows of a file, after checking its header and its quoting; ``columns``
    holds the header once iteration has started."""

    def __init__(self, release_file: ReleaseFile) -> None:
        self.release_file = release_file
        self.columns: list[str] = []

    def __iter__(self) -> Iterator[_Cells]:
        limits = reading_limits()
        # csv stops a cell at the limit even when it spans many lines; the limit is
        # process-wide, so it is put back afterwards.
        previous_limit = csv.field_size_limit(limits.cell_chars)
        try:
            yield from self._rows(limits)
        finally:
            csv.field_size_limit(previous_limit)

    def _rows(self, limits: ReadingLimits) -> Iterator[_Cells]:
        filename = self.release_file.filename
        with self.release_file.open() as text:
            tap = _LineTap(text, limits.line_chars(HEADER_COLUMNS_BOUND))
            reader = csv.reader(tap, strict=True)
            header_cells = _next_record(reader, tap, filename, 1, [], limits)
            if header_cells is None:
                raise ReleaseError("empty file, no header row", filename=filename, row=1)
            names = self.columns = [name.strip() for name in header_cells]
            tap.max_chars = limits.line_chars(len(names))
            header = {name: index for index, name in enumerate(names) if name}
            for column in self.release_file.spec.required:
                if column not in header:
                    raise ReleaseError("required column is missing from the header row",
                                       filename=filename, row=1, column=column)
            row = 1
            while True:
                row += 1
                cells = _next_record(reader, tap, filename, row, names, limits)
                if cells is None:
                    return
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(names):
                    column = (names[len(cells)] if len(cells) < len(names)
                              else f"{len(cells)} (the header has {len(names)} columns)")
                    raise ReleaseError(f"the row has {len(cells)} cells, the header "
                                       f"{len(names)}", filename=filename, row=row,
                                       column=column)
                yield _Cells(filename, row, header, cells)


def _next_record(reader: Iterator[list[str]], tap: _LineTap, filename: str, row: int,
                 names: list[str], limits: ReadingLimits) -> list[str] | None:
    tap.lines.clear()
    first_line = tap.count + 1

    def error(problem: str, field_index: int) -> ReleaseError:
        column = names[field_index] if field_index < len(names) else str(field_index + 1)
        return ReleaseError(problem, filename=filename, row=row, column=column)

    try:
        return next(reader)
    except StopIteration:
        return None
    except _UnreadableTextError as unreadable:
        record = "".join(tap.lines)
        index = len(_field_lengths(record[:len(record) - unreadable.from_end])) - 1
        raise error(unreadable.problem, index) from None
    except _LineTooLongError:
        lengths = _field_lengths("".join(tap.lines))
        long_cells = [i for i, length in enumerate(lengths) if length > limits.cell_chars]
        if long_cells:
            raise error(_cell_too_long(limits), long_cells[0]) from None
        raise error(f"line {tap.count} is longer than {tap.max_chars:,} characters, more "
                    f"than {len(names) or HEADER_COLUMNS_BOUND} cells within the limit can "
                    "take", len(lengths) - 1) from None
    except csv.Error as csv_error:
        record = "".join(tap.lines)
        if str(csv_error).startswith("field larger than field limit"):
            lengths = _field_lengths(record)
            index = next((i for i, length in enumerate(lengths)
                          if length > limits.cell_chars), len(lengths) - 1)
            raise error(_cell_too_long(limits), index) from None
        raise error(f"broken quoting ({csv_error}) in the row starting on line {first_line}",
                    _field_of_quoting_error(record)) from None


def _cell_too_long(limits: ReadingLimits) -> str:
    return (f"cell longer than the limit of {limits.cell_chars:,} characters "
            "(ESCO_MAX_CELL_CHARS, or --max-cell-chars of import_esco)")


class _LineTooLongError(Exception):
    pass


class _UnreadableTextError(Exception):
    """A line holds text that must not be imported; ``from_end`` counts the characters
    after the culprit on the line, to locate its cell."""

    def __init__(self, problem: str, from_end: int) -> None:
        super().__init__(problem)
        self.problem, self.from_end = problem, from_end


# surrogateescape reads a byte that is not UTF-8 as U+DC80..U+DCFF.
_UNREADABLE = re.compile("[\x00\udc80-\udcff]")


class _LineTap:
    """Hands csv one physical line at a time, never longer than ``max_chars`` (so a
    huge cell is never read whole), refuses NUL and bytes that are not UTF-8 (which
    PostgreSQL would refuse and SQLite would store), and keeps the lines of the
    record being parsed to locate problems."""

    def __init__(self, text: TextIO, max_chars: int) -> None:
        self.text = text
        self.max_chars = max_chars
        self.lines: list[str] = []
        self.count = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.max_chars + 1)
        if not line:
            raise StopIteration
        self.lines.append(line)
        self.count += 1
        if len(line) > self.max_chars:
            raise _LineTooLongError
        culprit = _UNREADABLE.search(line)
        if culprit is not None:
            char = culprit.group()
            problem = ("a NUL character (byte 0x00): this is not a text file, or it is not "
                       "UTF-8 (UTF-16?); save it as CSV in UTF-8" if char == "\x00" else
                       f"byte 0x{ord(char) - 0xDC00:02X} is not UTF-8 (a Latin-1 or Windows "
                       "file?); save the file as CSV in UTF-8")
            raise _UnreadableTextError(problem, len(line) - culprit.start())
        return line


def _field_lengths(record: str) -> list[int]:
    """The number of characters of each cell of a record's text, as csv counts them
    (enclosing quotes left out, a doubled quote counted once); the last cell may be
    cut short where the text ends."""
    lengths, in_quotes, at_field_start, i = [0], False, True, 0
    while i < len(record):
        char = record[i]
        if in_quotes:
            if char == '"':
                if record[i + 1:i + 2] == '"':
                    lengths[-1] += 1
                    i += 2
                    continue
                in_quotes = False
            else:
                lengths[-1] += 1
        elif char == '"' and at_field_start:
            in_quotes = True
        elif char == ",":
            lengths.append(0)
            at_field_start = True
            i += 1
            continue
        elif char not in "\r\n":
            lengths[-1] += 1
        at_field_start = False
        i += 1
    return lengths


def _field_of_quoting_error(record: str) -> int:
    """Index of the field where quoting goes wrong: a closing quote followed by
    something other than a comma or line end, or a quote that never closes."""
    index, in_quotes, at_field_start, i = 0, False, True, 0
    while i < len(record):
        char = record[i]
        if in_quotes:
            if char == '"':
                if record[i + 1:i + 2] == '"':
                    i += 2
                    continue
                in_quotes = False
                if record[i + 1:i + 2] not in ("", ",", "\r", "\n"):
                    return index
        elif char == '"' and at_field_start:
            in_quotes = True
        elif char == ",":
            index += 1
            at_field_start = True
            i += 1
            continue
        at_field_start = False
        i += 1
    return index


@dataclass
class ConceptTable:
    """The concepts of one file, and which kinds of label the file carries: a file
    without a hiddenLabels column says nothing about hidden labels."""

    rows: list[ConceptRow]
    label_kinds: tuple[str, ...]


def read_concepts(release_file: ReleaseFile) -> ConceptTable:
    """The concepts of a concept file or a collection, with their labels in the file's
    language. Alternative labels are separated by newlines in the main files and by
    " | " in the collections."""
    spec = release_file.spec
    separator = _PIPES_OR_NEWLINES if spec.role == "collection" else _NEWLINES
    rows: list[ConceptRow] = []
    first_row: dict[str, int] = {}
    table = _Table(release_file)
    for cells in table:
        uri = cells.uri("conceptUri")
        if uri in first_row:
            raise cells.error("conceptUri", f"{uri} is already on row {first_row[uri]}")
        first_row[uri] = cells.row
        concept = ConceptRow(
            row=cells.row, uri=uri, kind=spec.kind,
            code=cells.text("code", MAX_CODE),
            skill_type=cells.text("skillType", MAX_TYPE),
            reuse_level=cells.text("reuseLevel", MAX_TYPE),
            status=cells.text("status", MAX_STATUS),
            description=cells["description"],
        )
        isco_column = "code" if spec.kind == ISCO_GROUP else "iscoGroup"
        isco_code = cells[isco_column]
        if isco_code and not ISCO_CODE_PATTERN.fullmatch(isco_code):
            raise cells.error(isco_column, f"not an ISCO-08 code: {isco_code[:80]!r}")
        concept.isco_code = isco_code
        concept.labels = (cells.labels("preferredLabel", PREFERRED, _NEWLINES)[:1]
                          + cells.labels("altLabels", ALTERNATIVE, separator)
                          + cells.labels("hiddenLabels", HIDDEN, separator))
        rows.append(concept)
    label_kinds = tuple(kind for kind, column in ((PREFERRED, "preferredLabel"),
                                                  (ALTERNATIVE, "altLabels"),
                                                  (HIDDEN, "hiddenLabels"))
                        if column in table.columns)
    return ConceptTable(rows, label_kinds)


def read_broader(release_file: ReleaseFile) -> list[BroaderRow]:
    """Hierarchy links (narrower -> broader); occupations and ISCO groups share one
    file, skills and skill groups another."""
    rows: list[BroaderRow] = []
    for cells in _Table(release_file):
        rows.append(BroaderRow(
            row=cells.row,
            narrower_uri=cells.uri("conceptUri"), narrower_kind=cells.kind("conceptType"),
            broader_uri=cells.uri("broaderUri"), broader_kind=cells.kind("broaderType"),
        ))
    return rows


def read_occupation_skills(release_file: ReleaseFile) -> list[OccupationSkillRow]:
    """Essential and optional skills of occupations."""
    rows: list[OccupationSkillRow] = []
    for cells in _Table(release_file):
        relevance = cells["relationType"]
        if relevance not in RELEVANCES:
            raise cells.error("relationType", f"{relevance[:80]!r} is neither essential "
                              "nor optional")
        rows.append(OccupationSkillRow(
            row=cells.row, occupation_uri=cells.uri("occupationUri"),
            skill_uri=cells.uri("skillUri"), relevance=relevance,
            skill_type=cells.text("skillType", MAX_TYPE),
        ))
    return rows
