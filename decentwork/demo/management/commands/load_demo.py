from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from decentwork.demo.actions import DEFAULT_SEED, DEMO_PASSWORD, DemoAlreadyLoadedError, load_demo


class Command(BaseCommand):
    help = "Load the demo taxonomy and the synthetic city (2 sites, 4 offices, 500 job seekers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing (and succeed) when the demo is already loaded.")
        parser.add_argument("--force", action="store_true",
                            help="Allow loading the demo while DEBUG is off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to load demo users into a DEBUG=0 deployment "
                               "(use --force if you really mean it).")
        try:
            report = load_demo(seed=options["seed"], say=self.stdout.write)
        except DemoAlreadyLoadedError as exc:
            if options["if_empty"]:
                self.stdout.write(f"{exc} Nothing to do.")
                return
            raise CommandError(str(exc)) from None
        counts = ", ".join(f"{value} {name.replace('_', ' ')}"
                           for name, value in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {counts}."))
        self.stdout.write(f"\nSign in at http://127.0.0.1:8000/ with password "
                          f"'{DEMO_PASSWORD}' as:")
        width = max(len(role) for role, _, _ in report.logins)
        for role, username, where in report.logins:
            self.stdout.write(f"  {role:<{width}}  {username:<28} {where}")
