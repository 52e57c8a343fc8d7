"""``matching_report --region <slug>``: the relevance report of a region's latest run.

The same figures as the office managers' report page
(:func:`decentwork.recommendations.access.relevance_report`), printed for the
command line, the benchmarks and the README.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decentwork.network.models import Region
from decentwork.recommendations.access import RelevanceReport, relevance_report


class Command(BaseCommand):
    help = "How close the shown recommendations of a region's latest run are to each person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True,
                            help="Region slug, or site-slug/region-slug when the slug is "
                                 "used by several sites.")

    def handle(self, *args: Any, **options: Any) -> None:
        region = _region(options["region"])
        report = relevance_report(region)
        if report.run is None:
            raise CommandError(f"{region.site.slug}/{region.slug}: no finished matching run.")
        self.stdout.write("\n".join(report_lines(report)))


def _region(spelling: str) -> Region:
    site_slug, _, slug = spelling.rpartition("/")
    regions = Region.objects.select_related("site").filter(slug=slug)
    if site_slug:
        regions = regions.filter(site__slug=site_slug)
    found = list(regions)
    if not found:
        raise CommandError(f"No region {spelling!r}.")
    if len(found) > 1:
        choices = ", ".join(f"{r.site.slug}/{r.slug}" for r in found)
        raise CommandError(f"Region {spelling!r} is ambiguous; use one of: {choices}.")
    return found[0]


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f} %"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report_lines(report: RelevanceReport) -> list[str]:
    """The report as plain lines (English: an operator's tool, like the other commands)."""
    assert report.run is not None
    run = report.run
    floor = ("none (run made before the floor)" if report.minimum_score is None
             else f"{report.minimum_score:.2f}")
    lines = [
        f"{report.region.site.slug}/{report.region.slug}: run {run.pk} of {run.as_of}, "
        f"{report.seekers} job seekers, {report.recommendations} recommendations shown, "
        f"minimum score {floor}",
        f"hold an essential skill of the vacancy:        {report.with_essential_skill:>6}  "
        f"{_percent(report.with_essential_skill_share)}",
        f"in own or target ISCO minor group (or closer): {report.in_occupational_group:>6}  "
        f"{_percent(report.in_occupational_group_share)}",
        f"either (relevant):                             {report.relevant:>6}  "
        f"{_percent(report.relevant_share)}",
        f"job seekers with nothing above the floor:      "
        f"{report.seekers_without_close_match:>6}  {_percent(report.without_close_match_share)}",
        f"scores: lowest {_score(report.lowest_score)}, median {_score(report.median_score)}, "
        f"highest {_score(report.highest_score)}",
    ]
    lines += [f"  {band.low:.1f}–{band.high:.1f}: {band.count}" for band in report.score_bands]
    low, high = report.exposure_band
    lines.append(f"exposure ratio by group (band {low:.2f}–{high:.2f}):")
    if not report.groups:
        lines.append("  not measured (fairness off, or no group member in the run)")
    for group in report.groups:
        if group.exposure_ratio is None:
            lines.append(f"  {group.label}: no comparison possible")
        else:
            where = "in the band" if group.in_band else "OUTSIDE the band"
            lines.append(f"  {group.label}: {group.exposure_ratio:.2f} ({where})")
    return lines
