"""The ``decentwork`` command: ``decentwork taxonomy import-esco PATH`` and, for
everything else, any ``manage.py`` command (``decentwork migrate``, ``decentwork
runserver``)."""

from __future__ import annotations

import os
import sys

# Friendly spellings for management commands: ("taxonomy", "import-esco") -> import_esco.
ALIASES = {("taxonomy", "import-esco"): "import_esco"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decentwork.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    command = ALIASES.get((args[0], args[1])) if len(args) >= 2 else None
    if command:
        args = [command, *args[2:]]
    execute_from_command_line(["decentwork", *args])
