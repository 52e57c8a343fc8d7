"""``match_region --region <slug> | --all``: batch matching of labour-market regions.

On the embedded default (no broker) the chunks run here, one after the other;
with Redis the run is queued for the Celery workers and this command follows
its progress until it ends (``--no-wait`` to return at once).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from decentwork.network.models import Region
from decentwork.recommendations.actions import (
    DEFAULT_CHUNK_SIZE,
    MatchingRunInProgress,
    run_matching_in_process,
    start_matching_run,
)
from decentwork.recommendations.models import MatchingRun, Recommendation, RunChunk, RunStatus


class Command(BaseCommand):
    help = "Recommend vacancies to every active job seeker of a region (or of all regions)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--region", help="Region slug, or site-slug/region-slug when the "
                                            "slug is used by several sites.")
        which.add_argument("--all", action="store_true", help="Every region, one after another.")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)
        parser.add_argument("--no-congestion", action="store_true",
                            help="Plain top-k lists: do not spread attention over vacancies.")
        parser.add_argument("--no-fairness", action="store_true",
                            help="Do not balance exposure across target groups.")
        parser.add_argument("--no-wait", action="store_true",
                            help="With workers: queue the run and return.")
        parser.add_argument("--timeout", type=float, default=6 * 3600,
                            help="With workers: seconds to wait for a run (default 6 h).")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = (list(Region.objects.select_related("site").order_by("site__slug", "slug"))
                   if options["all"] else [self._region(options["region"])])
        for region in regions:
            self._match(region, options)

    def _region(self, spelling: str) -> Region:
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

    def _match(self, region: Region, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        label = f"{region.site.slug}/{region.slug}"
        kwargs = {"chunk_size": options["chunk_size"], "congestion": not options["no_congestion"],
                  "fairness": not options["no_fairness"]}
        with tqdm(desc=label, unit="chunk", disable=None, file=self.stderr) as bar:

            def advance(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                if settings.CELERY_TASK_ALWAYS_EAGER:
                    run = run_matching_in_process(None, region, on_chunk_done=advance,
                                                  **kwargs)
                else:
                    run = start_matching_run(None, region, **kwargs)
            except MatchingRunInProgress as busy:
                raise CommandError(busy.messages[0]) from None
            if not settings.CELERY_TASK_ALWAYS_EAGER:
                if options["no_wait"]:
                    self.stdout.write(f"{label}: run {run.pk} queued.")
                    return
                run = self._follow(run, options["timeout"], advance)
        rows = Recommendation.objects.filter(run=run).count()
        seconds = time.perf_counter() - started
        summary = (f"{label}: run {run.pk} {run.status}, {run.parameters.get('seekers', 0)} job "
                   f"seekers, {run.parameters.get('vacancies', 0)} open vacancies, {rows} "
                   f"recommendations in {seconds:.1f} s.")
        if run.status != RunStatus.DONE:
            raise CommandError(f"{summary} {run.error}".strip())
        self.stdout.write(self.style.SUCCESS(summary))

    def _follow(self, run: MatchingRun, timeout: float,
                advance: Callable[[int, int], None]) -> MatchingRun:
        deadline = time.monotonic() + timeout
        total = RunChunk.objects.filter(run=run).count()
        while True:
            run.refresh_from_db()
            advance(RunChunk.objects.filter(run=run, done_at__isnull=False).count(), total)
            if run.status in {RunStatus.DONE, RunStatus.FAILED}:
                return run
            if time.monotonic() > deadline:
                raise CommandError(f"Run {run.pk} is still {run.status} after {timeout:.0f} s; "
                                   "it goes on in the workers.")
            time.sleep(1.0)
