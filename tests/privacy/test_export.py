"""The person downloads everything held about them, and nothing about anyone else."""

from __future__ import annotations

import json

from django.urls import reverse

from decentwork.audit.models import AuditEntry
from decentwork.personal_data import AnonymisedRows, DeletedRows, Subject
from decentwork.privacy.declarations import DECLARATIONS, model_of
from decentwork.privacy.export import SENSITIVE_SECTION
from tests.privacy.conftest import People

EXPORT_API = "/api/privacy/me/export"

# Rows a job seeker's history cannot have: staff and employer memberships, staff
# invitations and second factors, the demo's marker, runs started by staff.
NOT_A_SEEKERS = {"network.SiteMembership", "network.StaffMembership",
                 "employers.EmployerMembership", "staff.StaffInvitation", "demo.DemoAccount",
                 "recommendations.MatchingRun", "otp_totp.TOTPDevice", "otp_static.StaticDevice",
                 "otp_static.StaticToken", "privacy.ErasureRequest",
                 "privacy.ErasureTransition"}


def _sections(document: dict) -> dict[str, set[object]]:
    return {s["model"]: {row["id"] for row in s["rows"]} for s in document["sections"]}


def _ids(people: People, declaration: DeletedRows | AnonymisedRows, *, sam: bool) -> set[object]:
    world = people.world
    seeker, user = (world.sam, world.sam_user) if sam else (world.tess, people.tess_user)
    key = seeker.pk if declaration.of is Subject.SEEKER else user.pk
    return set(model_of(declaration)._default_manager.filter(**{declaration.path: key})
               .values_list("pk", flat=True))


def test_the_file_holds_every_declared_row_of_the_person_and_none_of_another(
        people: People) -> None:
    response = people.world.client_for(people.world.sam_user).get(EXPORT_API)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    text = response.content.decode()
    document = json.loads(text)
    sections = _sections(document)
    for declaration in DECLARATIONS:
        if not isinstance(declaration, DeletedRows | AnonymisedRows):
            continue
        theirs = _ids(people, declaration, sam=True)
        if declaration.model not in NOT_A_SEEKERS:
            assert theirs, f"the history has no {declaration.model}: the test would prove nothing"
        # The export is read after the audit entries it writes: those are not in it.
        assert sections[declaration.model] >= theirs - _after(declaration), declaration.model
        assert not sections[declaration.model] & _ids(people, declaration, sam=False), (
            declaration.model)
    assert "SAMMARK" in text and "TESSMARK" not in text
    sensitive = next(s for s in document["sections"] if s["model"] == SENSITIVE_SECTION)
    assert sensitive["rows"][0]["target_groups"] == ["refugee"]


def _after(declaration: DeletedRows | AnonymisedRows) -> set[object]:
    if declaration.model != "audit.AuditEntry":
        return set()
    return set(AuditEntry.objects.filter(action__in=["privacy.export", "seekers.read_sensitive"])
               .values_list("pk", flat=True))


def test_each_export_is_audited_and_the_sensitive_read_names_its_purpose(
        people: People) -> None:
    client = people.world.client_for(people.world.sam_user)
    client.get(reverse("privacy:export"))
    client.get(reverse("privacy:export_json"))
    client.get(EXPORT_API)
    exports = AuditEntry.objects.filter(action="privacy.export", actor=people.world.sam_user)
    assert exports.count() == 3
    assert set(exports.values_list("details__rows", flat=True)) != {0}
    reads = AuditEntry.objects.filter(action="seekers.read_sensitive",
                                      actor=people.world.sam_user)
    assert [r.details["purpose"] for r in reads] == ["export"] * 3


def test_the_page_reads_like_a_document_and_the_file_downloads(people: People) -> None:
    client = people.world.client_for(people.world.sam_user)
    html = client.get(reverse("privacy:export")).content.decode()
    assert "<h1>All your data</h1>" in html
    assert "Work experience" in html and "SAMMARK helper at the market" in html
    assert "Refugee" in html  # the group by its label, from the audited reader
    assert "TESSMARK" not in html
    assert reverse("privacy:export_json") in html
    response = client.get(reverse("privacy:export_json"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["seeker_id"] == people.world.sam.pk
