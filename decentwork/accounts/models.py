from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seeker")
    EMPLOYER = "employer", _("Employer")
    COUNSELLOR = "counsellor", _("Counsellor")
    OFFICE_MANAGER = "office_manager", _("Office manager")
    ANALYST = "analyst", _("Programme analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset({Role.COUNSELLOR, Role.OFFICE_MANAGER})
# Who must pass a second factor (TOTP) after the password, and whose sessions end after a
# short idle time: everyone who reads other people's records or the site's figures.
SECOND_FACTOR_ROLES = frozenset({Role.COUNSELLOR, Role.OFFICE_MANAGER, Role.ANALYST,
                                 Role.ADMINISTRATOR})


class User(AbstractUser):
    """Anyone who logs in. Where a user belongs (office, site, employer, seeker record)
    lives in the owning app's membership row, so that this app depends on no other."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
