"""``manage.py rotate_encryption_key``: re-seal every stored sensitive value with the
first key of FIELD_ENCRYPTION_KEY, so that the keys after it can be removed.

The sealed columns are found through the app registry (``decentwork.encryption``),
so this command imports no app and covers columns added later. It lives in the
audit app, the lowest one that can record its own audit entry.

One transaction per batch, not one for everything: each batch's rows are locked
only while they are rewritten, so the service keeps running during a rotation of
millions of rows. Stopping half-way is harmless: every value is readable with the
configured keys at every moment, values already under the first key are skipped,
and running the command again finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Case, Value, When
from tqdm import tqdm

from decentwork.audit.log import record
from decentwork.encryption import SealedColumn, cipher, newest_key, sealed_columns, token_bytes


@dataclass
class Counts:
    rotated: int = 0
    current: int = 0


class Command(BaseCommand):
    help = ("Re-encrypt every stored sensitive value with the first key of "
            "FIELD_ENCRYPTION_KEY (list the new key first, the old one after it). "
            "Afterwards the old key can be removed.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500,
                            help="rows re-encrypted per transaction (default 500)")
        parser.add_argument("--no-progress", action="store_true",
                            help="do not show progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        progress = not options["no_progress"] and options["verbosity"] > 0
        counts: dict[str, Counts] = {}
        for column in sealed_columns():
            counts[column.label] = self.rotate_column(column, options["batch_size"], progress)
        width = max([len(label) for label in counts] + [len("column")])
        self.stdout.write(f"{'column':<{width}} {'rotated':>9} {'current':>9}")
        for label, count in counts.items():
            self.stdout.write(f"{label:<{width}} {count.rotated:>9} {count.current:>9}")
        rotated = sum(c.rotated for c in counts.values())
        record(None, "encryption.rotate_key", None,
               columns={label: vars(count) for label, count in counts.items()})
        self.stdout.write(self.style.SUCCESS(
            f"{rotated} values re-encrypted with the first key; every stored value is now "
            "readable with it alone, and the other keys can be removed."))

    def rotate_column(self, column: SealedColumn, batch_size: int, progress: bool) -> Counts:
        counts = Counts()
        keys, newest = cipher(), newest_key()
        manager = column.model._default_manager.using(column.database)
        last_pk: Any = None
        # disable=None: tqdm stays quiet when stderr is not a terminal (jobs, logs, tests).
        with tqdm(total=column.stored().count(), desc=column.label, unit=" values",
                  disable=None if progress else True, dynamic_ncols=True) as bar:
            while True:
                with transaction.atomic(using=column.database):
                    rows = column.stored().select_for_update()
                    if last_pk is not None:
                        rows = rows.filter(pk__gt=last_pk)
                    batch = list(rows[:batch_size])
                    if not batch:
                        return counts
                    resealed: dict[Any, bytes] = {}
                    for pk, stored in batch:
                        token = token_bytes(stored)
                        try:
                            newest.decrypt(token)
                            counts.current += 1
                            continue
                        except InvalidToken:
                            pass
                        try:
                            resealed[pk] = keys.rotate(token)
                        except InvalidToken:
                            raise CommandError(
                                f"{column.label} of row {pk} cannot be decrypted with any key "
                                "in FIELD_ENCRYPTION_KEY: add the key it was written with "
                                "after the new one and run the command again.") from None
                    if resealed:
                        self.write(column, manager, resealed)
                        counts.rotated += len(resealed)
                    last_pk = batch[-1][0]
                bar.update(len(batch))

    @staticmethod
    def write(column: SealedColumn, manager: Any, resealed: dict[Any, bytes]) -> None:
        """One UPDATE for the batch, with the tokens written as they are: through
        the field itself they would be sealed a second time."""
        def stored_form(token: bytes) -> bytes | str:
            return token if column.is_binary else token.decode()

        new_value = Case(*[When(pk=pk, then=Value(stored_form(token), output_field=column.raw_type))
                           for pk, token in resealed.items()],
                         output_field=column.raw_type)
        manager.filter(pk__in=list(resealed)).update(**{column.field.name: new_value})
