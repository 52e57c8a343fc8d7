"""A site's administrators set its exit window and contact gap; nobody else may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role
from decentwork.audit.models import AuditEntry
from decentwork.network.actions import set_casework_rules
from decentwork.network.factories import SiteMembershipFactory
from decentwork.network.models import Site
from tests.conftest import World


def _site(world: World) -> Site:
    return Site.objects.get(pk=world.office_a.site_id)


def test_the_platform_administrator_sets_a_sites_rules_and_it_is_audited(world: World) -> None:
    set_casework_rules(world.judy, _site(world), exit_window_months=9, contact_gap_days=45)
    site = _site(world)
    assert (site.exit_window_months, site.contact_gap_days) == (9, 45)
    entry = AuditEntry.objects.get(action="network.set_casework_rules")
    assert entry.details["before"] == {"exit_window_months": 6, "contact_gap_days": 30}


def test_values_out_of_bounds_are_refused_naming_each_field(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        set_casework_rules(world.judy, _site(world), exit_window_months=0, contact_gap_days=400)
    assert set(refused.value.message_dict) == {"exit_window_months", "contact_gap_days"}
    assert _site(world).contact_gap_days == 30  # nothing written


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "erin", "ivan", "sam_user"])
def test_nobody_else_sets_them(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        set_casework_rules(world.persona(name), _site(world), exit_window_months=9,
                           contact_gap_days=45)
    assert world.persona(name) and world.client_for(world.persona(name)).get(
        "/casework/rules/").status_code == 404


def test_a_site_administrator_uses_the_page_for_their_own_site_only(world: World) -> None:
    admin = UserFactory(username="site-admin", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=admin, site=_site(world))
    client = world.client_for(admin)
    page = client.get("/casework/rules/")
    assert page.status_code == 200 and page.context["sites"] == [_site(world)]
    refused = client.post("/casework/rules/", {"exit_window_months": "30",
                                               "contact_gap_days": "30"})
    assert refused.status_code == 200
    assert "Enter a number of months from 1 to 24." in refused.content.decode()
    saved = client.post("/casework/rules/", {"exit_window_months": "12",
                                             "contact_gap_days": "60"})
    assert saved.status_code == 302
    assert (_site(world).exit_window_months, _site(world).contact_gap_days) == (12, 60)
    other = Site.objects.get(pk=world.office_b.site_id)
    response = client.post(f"/casework/rules/?site={other.pk}", {"exit_window_months": "3",
                                                                 "contact_gap_days": "10"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.exit_window_months, _site(world).exit_window_months) == (6, 12)
