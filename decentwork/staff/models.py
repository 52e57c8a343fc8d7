"""Invitations that bring staff onto the platform. A staff member's account is an
``accounts.User``; where they work is a ``network`` membership row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from decentwork.accounts.models import Role
from decentwork.network.models import Office, Site


class StaffRole(models.TextChoices):
    """The roles an administrator gives: staff of an office, or of a site."""

    COUNSELLOR = Role.COUNSELLOR.value, Role.COUNSELLOR.label
    OFFICE_MANAGER = Role.OFFICE_MANAGER.value, Role.OFFICE_MANAGER.label
    ANALYST = Role.ANALYST.value, Role.ANALYST.label
    ADMINISTRATOR = Role.ADMINISTRATOR.value, Role.ADMINISTRATOR.label


# Who works at one office (the others belong to a site, or to the whole platform).
OFFICE_ROLES = frozenset({StaffRole.COUNSELLOR.value, StaffRole.OFFICE_MANAGER.value})


class StaffInvitation(models.Model):
    """A link an administrator sends so that a person takes a staff account with the
    role and the office or site chosen for them."""

    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    # The site the account will belong to (the office's, for office roles); none for
    # a platform administrator.
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="staff_invitations")
    office = models.ForeignKey(Office, verbose_name=_("office"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="staff_invitations")
    # Only a hash of the token is stored: the link itself is the secret.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                                blank=True, on_delete=models.SET_NULL,
                                related_name="staff_invitation")

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "accepted_at"])]

    def __str__(self) -> str:
        return self.email
