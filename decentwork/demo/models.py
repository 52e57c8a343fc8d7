"""Which users are the demo's own accounts.

``load_demo`` marks every login it prints with a :class:`DemoAccount` row. The rows
are the marker that "the demo is loaded" (no setting to keep in step with the
database) and the list the login page shows while ``DEBUG`` is on
(:func:`decentwork.demo.access.demo_logins`). Deleting a user deletes its row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoAccount(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, primary_key=True,
                                related_name="demo_account")

    class Meta:
        verbose_name = _("demo account")
        verbose_name_plural = _("demo accounts")

    def __str__(self) -> str:
        return str(self.user_id)
