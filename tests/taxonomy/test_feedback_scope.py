"""What people teach the linker shapes their own suggestions until staff confirm it
for the site (issue 18: one seeker made "welder" everyone's suggestion for an
assistant cook)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.network.factories import SiteMembershipFactory
from decentwork.taxonomy.actions import record_link_feedback, review_link_feedback
from decentwork.taxonomy.link_service import link_texts
from decentwork.taxonomy.models import Concept, FeedbackScope, LinkFeedback, Verdict
from decentwork.taxonomy.workflow import ReviewNotAllowed
from tests.conftest import World

ASSISTANT_COOK = "aşçı yardımcısı"


def _occupation(english_label: str) -> Concept:
    return Concept.objects.filter(kind="occupation", labels__text=english_label,
                                  labels__language="en").distinct().get()


def _top(user: User, text: str = ASSISTANT_COOK, language: str = "tr") -> str:
    matches = link_texts(user, [text], kind="occupation", language=language, k=3,
                         display_language="en")[0].matches
    return matches[0].concept.label("en") if matches else ""


def _teach_welder(world: World, user: User) -> None:
    """What the issue did through the API: welder confirmed, the cook rejected."""
    client = world.client_for(user)
    for uri, verdict in ((_occupation("welder").uri, "confirmed"),
                         (_occupation("cook").uri, "rejected")):
        response = client.post("/api/link/feedback", {
            "text": ASSISTANT_COOK, "language": "tr", "uri": uri, "verdict": verdict},
            content_type="application/json")
        assert response.status_code == 201, response.content


def test_a_seeker_teaches_only_their_own_suggestions_until_a_counsellor_confirms(
        demo_taxonomy: World) -> None:
    world = demo_taxonomy
    tess = world.tess_user()
    assert _top(world.sam_user) == _top(tess) == _top(world.alice) == "cook"

    _teach_welder(world, world.sam_user)

    assert _top(world.sam_user) == "welder"
    assert _top(tess) == "cook" and _top(world.alice) == "cook"
    assert set(LinkFeedback.objects.values_list("scope", flat=True)) == {FeedbackScope.PERSONAL}

    # Alice reviews both pieces on her page and confirms them for the site.
    page = world.client_for(world.alice)
    for feedback in LinkFeedback.objects.order_by("id"):
        response = page.post(reverse("taxonomy:feedback_review"),
                             {"feedback": feedback.pk, "review": "confirm_for_site"})
        assert response.status_code == 302

    assert _top(world.sam_user) == _top(tess) == _top(world.alice) == "welder"
    assert _top(world.charlie) == "cook"  # another site learned nothing
    confirmed = LinkFeedback.objects.first()
    assert confirmed is not None and confirmed.confirmed_by == world.alice
    assert AuditEntry.objects.filter(action="taxonomy.review_link_feedback").count() == 2


@pytest.mark.parametrize("persona", ["erin", "ivan"])
def test_employers_and_analysts_teach_only_themselves(demo_taxonomy: World,
                                                      persona: str) -> None:
    world = demo_taxonomy
    user = world.persona(persona)
    _teach_welder(world, user)
    assert _top(user) == "welder"
    assert _top(world.alice) == "cook"


@pytest.mark.parametrize("persona", ["alice", "bob", "dana"])
def test_staff_teach_the_whole_site_at_once(demo_taxonomy: World, persona: str) -> None:
    world = demo_taxonomy
    _teach_welder(world, world.persona(persona))
    assert _top(world.sam_user) == "welder"
    feedback = LinkFeedback.objects.first()
    assert feedback is not None and feedback.scope == FeedbackScope.SITE
    assert feedback.confirmed_by == world.persona(persona)


def test_a_colleague_takes_staff_teaching_back(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    _teach_welder(world, world.alice)
    for feedback in LinkFeedback.objects.all():
        review_link_feedback(world.dana, feedback, "withdraw")
    assert _top(world.sam_user) == "cook"
    assert _top(world.alice) == "welder"  # still her own words
    assert set(LinkFeedback.objects.values_list("scope", "declined_by")) == {
        (FeedbackScope.DECLINED, world.dana.pk)}


def test_declined_feedback_stays_its_authors_and_leaves_the_list(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    _teach_welder(world, world.sam_user)
    client = world.client_for(world.bob)
    for feedback in LinkFeedback.objects.all():
        answer = client.post(reverse("taxonomy:feedback_review"),
                             {"feedback": feedback.pk, "review": "decline"}, follow=True)
        assert "Declined for the site." in answer.content.decode()
    assert _top(world.sam_user) == "welder" and _top(world.alice) == "cook"
    html = client.get(reverse("taxonomy:feedback_review")).content.decode()
    assert ASSISTANT_COOK not in html
    assert "Nothing is waiting for a decision." in html


def test_the_second_reviewer_is_told_what_the_first_decided(world: World) -> None:
    concept = Concept.objects.create(uri="urn:test:cook", kind="occupation")
    feedback = record_link_feedback(world.sam_user, text="aşçı", language="tr",
                                    concept=concept, verdict=Verdict.CONFIRMED)
    review_link_feedback(world.alice, feedback, "decline")
    with pytest.raises(ReviewNotAllowed) as refused:
        review_link_feedback(world.bob, feedback, "confirm_for_site")
    assert "Declined for the site" in refused.value.message_dict["feedback"][0]
    feedback.refresh_from_db()
    assert feedback.scope == FeedbackScope.DECLINED and feedback.confirmed_by is None


def test_who_reviews(world: World) -> None:
    concept = Concept.objects.create(uri="urn:test:cook", kind="occupation")
    feedback = record_link_feedback(world.sam_user, text="aşçı", language="tr",
                                    concept=concept, verdict=Verdict.CONFIRMED)
    site_administrator = UserFactory(username="sita", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=site_administrator, site=world.office_a.site)
    url = reverse("taxonomy:feedback_review")
    for reviewer in (world.alice, world.bob, world.dana, site_administrator, world.judy):
        page = world.client_for(reviewer).get(url)
        assert page.status_code == 200 and "aşçı" in page.content.decode(), reviewer
    for outsider in (world.sam_user, world.erin, world.ivan, world.charlie):
        with pytest.raises(PermissionDenied):
            review_link_feedback(outsider, feedback, "confirm_for_site")
        page = world.client_for(outsider).get(url)
        if outsider == world.charlie:  # a reviewer of his own site, not of this one
            assert page.status_code == 200 and "aşçı" not in page.content.decode()
        else:
            assert page.status_code == 404
        response = world.client_for(outsider).post(
            url, {"feedback": feedback.pk, "review": "confirm_for_site"})
        assert response.status_code == 404
    feedback.refresh_from_db()
    assert feedback.scope == FeedbackScope.PERSONAL


def test_the_review_page_reads_in_a_fixed_number_of_queries(
        world: World, django_assert_max_num_queries) -> None:
    concept = Concept.objects.create(uri="urn:test:cook", kind="occupation")
    client = world.client_for(world.alice)
    url = reverse("taxonomy:feedback_review")
    client.get(url)  # the session and the scope
    for number in range(12):
        record_link_feedback(world.sam_user if number % 2 else world.erin,
                             text=f"aşçı {number}", language="tr", concept=concept,
                             verdict=Verdict.CONFIRMED)
        record_link_feedback(world.alice, text=f"ahçı {number}", language="tr",
                             concept=concept, verdict=Verdict.CONFIRMED)
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert "aşçı 11" in html and "ahçı 11" in html


def test_the_same_words_twice_are_stored_once_and_long_words_refused(world: World) -> None:
    concept = Concept.objects.create(uri="urn:test:cook", kind="occupation")
    first = record_link_feedback(world.sam_user, text=" aşçı ", language="tr",
                                 concept=concept, verdict=Verdict.CONFIRMED)
    again = record_link_feedback(world.sam_user, text="aşçı", language="tr",
                                 concept=concept, verdict=Verdict.CONFIRMED)
    assert first.pk == again.pk and LinkFeedback.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        record_link_feedback(world.sam_user, text="a" * 301, language="tr", concept=concept,
                             verdict=Verdict.CONFIRMED)
    assert "300" in refused.value.message_dict["text"][0]
