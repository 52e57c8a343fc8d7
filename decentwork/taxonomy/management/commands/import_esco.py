"""``decentwork taxonomy import-esco PATH`` (or ``manage.py import_esco PATH``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decentwork.taxonomy.actions import ImportReport, ReleaseImportError, import_esco_release
from decentwork.taxonomy.esco_release import ReadingLimits, ReleaseError, limited_to
from decentwork.taxonomy.tasks import refresh_linking_index


class Command(BaseCommand):
    help = ("Import an official ESCO CSV release (a folder or a zip with occupations_en.csv, "
            "skills_en.csv, ...). Re-importing updates in place.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="release folder or zip file")
        parser.add_argument(
            "--language", action="append", default=[], metavar="xx",
            help="import only this language (repeat, or separate with commas); "
                 "default: every language in the release")
        parser.add_argument("--no-progress", action="store_true",
                            help="do not show progress bars")
        parser.add_argument("--no-index", action="store_true",
                            help="do not rebuild the linking index afterwards")
        parser.add_argument(
            "--max-file-mb", type=int, metavar="MB",
            help="refuse a release file larger than this (default: ESCO_MAX_FILE_MB "
                 f"or {ReadingLimits().file_bytes // 2**20})")
        parser.add_argument(
            "--max-cell-chars", type=int, metavar="N",
            help="refuse a cell longer than this (default: ESCO_MAX_CELL_CHARS "
                 f"or {ReadingLimits().cell_chars})")

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code.strip() for value in options["language"]
                     for code in value.split(",") if code.strip()]
        try:
            with limited_to(self.limits(options)):
                report = import_esco_release(
                    options["path"], languages=languages or None,
                    progress=not options["no_progress"] and options["verbosity"] > 0)
        except ReleaseImportError as error:
            if error.report.files:
                self.print_report(error.report)
            raise CommandError(f"{error}\nNothing from {error.filename} was imported.") from None
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        self.print_report(report)
        if not options["no_index"]:
            result = refresh_linking_index.delay()
            if result.ready():
                self.stdout.write(f"Linking index rebuilt: {result.get()} concepts.")
            else:
                self.stdout.write("The linking index is being rebuilt by a worker.")

    @staticmethod
    def limits(options: dict[str, Any]) -> ReadingLimits:
        limits = ReadingLimits.from_environment()
        for option in ("max_file_mb", "max_cell_chars"):
            if options[option] is not None and options[option] < 1:
                raise CommandError(f"--{option.replace('_', '-')} must be at least 1")
        return ReadingLimits(
            file_bytes=(limits.file_bytes if options["max_file_mb"] is None
                        else options["max_file_mb"] * 2**20),
            cell_chars=(limits.cell_chars if options["max_cell_chars"] is None
                        else options["max_cell_chars"]))

    def print_report(self, report: ImportReport) -> None:
        self.stdout.write(f"ESCO release {report.source} ({', '.join(report.languages)})")
        columns = ("rows", "concepts_created", "concepts_updated", "labels_written",
                   "labels_removed", "descriptions_written", "relations_created",
                   "relations_updated", "relations_removed")
        headings = ("rows", "created", "updated", "labels+", "labels-", "descr.", "links+",
                    "links~", "links-", "seconds")
        width = max([len(f.filename) for f in report.files] + [len("total")])
        self.stdout.write(f"{'file':<{width}} " + " ".join(f"{h:>8}" for h in headings))
        for f in report.files:
            counts = " ".join(f"{getattr(f, c):>8}" for c in columns)
            self.stdout.write(f"{f.filename:<{width}} {counts} {f.seconds:>8.1f}")
        totals = " ".join(f"{report.total(c):>8}" for c in columns)
        self.stdout.write(f"{'total':<{width}} {totals} {report.seconds:>8.1f}")
        if report.absent:
            self.stdout.write(self.style.WARNING(f"absent: {', '.join(report.absent)}"))
        for filename, reason in report.ignored.items():
            self.stdout.write(f"not imported: {filename} ({reason})")
        self.stdout.write(self.style.SUCCESS(
            f"Imported {len(report.files)} files in {report.seconds:.1f} s."))
