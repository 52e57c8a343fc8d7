"""Writes of the network: the rules a site sets for its own casework."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.network.models import Site

# Outside these bounds a value is almost certainly a typing mistake.
EXIT_WINDOW_MONTHS = (1, 24)
CONTACT_GAP_DAYS = (7, 365)


@transaction.atomic
def set_casework_rules(actor: User, site: Site, *, exit_window_months: int,
                       contact_gap_days: int) -> Site:
    """Set how long after a placement leaving assistance counts as an exit, and after
    how many days without contact counsellors are reminded of a person."""
    if not scope_of(actor).administers_site(site.pk):
        raise PermissionDenied(_("Only the site's administrators may set its rules."))
    errors: dict[str, str] = {}
    low, high = EXIT_WINDOW_MONTHS
    if not low <= exit_window_months <= high:
        errors["exit_window_months"] = _("Enter a number of months from %(low)s to %(high)s.") % {
            "low": low, "high": high}
    low, high = CONTACT_GAP_DAYS
    if not low <= contact_gap_days <= high:
        errors["contact_gap_days"] = _("Enter a number of days from %(low)s to %(high)s.") % {
            "low": low, "high": high}
    if errors:
        raise ValidationError(errors)
    before = {"exit_window_months": site.exit_window_months,
              "contact_gap_days": site.contact_gap_days}
    site.exit_window_months = exit_window_months
    site.contact_gap_days = contact_gap_days
    site.save(update_fields=["exit_window_months", "contact_gap_days"])
    record(actor, "network.set_casework_rules", site, before=before,
           after={"exit_window_months": exit_window_months, "contact_gap_days": contact_gap_days})
    return site
