"""Skills follow from work experience: an experience linked to an ESCO occupation
brings the occupation's essential and optional skills onto the profile as
*inferred*, until the person or a counsellor confirms or removes each of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.models import User
from decentwork.audit.models import AuditEntry
from decentwork.seekers import actions
from decentwork.seekers.factories import WorkExperienceFactory
from decentwork.seekers.models import JobSeeker, SeekerSkill, SkillInference, WorkExperience
from decentwork.taxonomy.factories import ConceptFactory, LabelFactory
from decentwork.taxonomy.models import Concept, OccupationSkill, Relevance
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World

INFERRED = SeekerSkill.Source.INFERRED


@dataclass
class Care:
    """Two occupations sharing skills: a nurse assistant needs personal hygiene,
    vital signs and moving patients, and sometimes first aid or helping patients
    eat; a kitchen helper needs personal hygiene and washing dishes, and first aid."""

    nurse_assistant: Concept
    kitchen_helper: Concept
    skills: dict[str, Concept]


def _concept(kind: str, name: str, isco: str = "") -> Concept:
    concept = ConceptFactory(uri=f"http://data.europa.eu/esco/{kind}/{name.replace(' ', '-')}",
                             kind=kind, isco_code=isco)
    LabelFactory(concept=concept, text=name)
    return concept


@pytest.fixture
def care(world: World) -> Care:
    names = ["personal hygiene", "take vital signs", "move patients", "first aid",
             "help patients eat", "wash dishes"]
    skills = {name: _concept("skill", name) for name in names}
    nurse = _concept("occupation", "nurse assistant", "5321")
    kitchen = _concept("occupation", "kitchen helper", "9412")
    relations = [(nurse, "personal hygiene", Relevance.ESSENTIAL),
                 (nurse, "take vital signs", Relevance.ESSENTIAL),
                 (nurse, "move patients", Relevance.ESSENTIAL),
                 (nurse, "first aid", Relevance.OPTIONAL),
                 (nurse, "help patients eat", Relevance.OPTIONAL),
                 (kitchen, "personal hygiene", Relevance.ESSENTIAL),
                 (kitchen, "wash dishes", Relevance.ESSENTIAL),
                 (kitchen, "first aid", Relevance.ESSENTIAL)]
    OccupationSkill.objects.bulk_create([
        OccupationSkill(occupation=occupation, skill=skills[name], relevance=relevance)
        for occupation, name, relevance in relations])
    return Care(nurse, kitchen, skills)


def _profile(seeker: JobSeeker) -> dict[str, tuple[str, str]]:
    """Each skill on the profile by label: (source, relevance if inferred)."""
    return {row.skill.label(): (row.source, row.inferred_relevance)
            for row in SeekerSkill.objects.filter(seeker=seeker).select_related("skill")}


def _nurse_experience(world: World, care: Care, actor: User | None = None) -> WorkExperience:
    return actions.add_work_experience(actor or world.sam_user, world.sam,
                                       title="hemşire yardımcısı", language="tr",
                                       occupation=care.nurse_assistant, years=Decimal(3))


# Actions ---------------------------------------------------------------------------


def test_a_linked_experience_brings_essential_and_optional_skills_as_inferred(
        world: World, care: Care) -> None:
    experience = _nurse_experience(world, care)
    assert _profile(world.sam) == {
        "personal hygiene": (INFERRED, Relevance.ESSENTIAL),
        "take vital signs": (INFERRED, Relevance.ESSENTIAL),
        "move patients": (INFERRED, Relevance.ESSENTIAL),
        "first aid": (INFERRED, Relevance.OPTIONAL),
        "help patients eat": (INFERRED, Relevance.OPTIONAL),
    }
    entry = AuditEntry.objects.get(action="seekers.add_work_experience")
    assert entry.details == {"experience": experience.pk, "inferred_skills": 5}
    assert JobSeeker.objects.get(pk=world.sam.pk).profile_changed_at is not None


def test_an_experience_without_an_occupation_infers_nothing(world: World, care: Care) -> None:
    actions.add_work_experience(world.sam_user, world.sam, title="helped my neighbour")
    assert _profile(world.sam) == {}


def test_confirmed_skills_are_never_touched(world: World, care: Care) -> None:
    actions.add_skills(world.sam_user, world.sam, [care.skills["take vital signs"]],
                       source=SeekerSkill.Source.LINKED)
    experience = _nurse_experience(world, care)
    assert _profile(world.sam)["take vital signs"] == (SeekerSkill.Source.LINKED, "")
    actions.remove_work_experience(world.alice, experience)
    assert _profile(world.sam) == {"take vital signs": (SeekerSkill.Source.LINKED, "")}


def test_removing_or_relinking_takes_away_only_what_that_experience_alone_implied(
        world: World, care: Care) -> None:
    nurse = _nurse_experience(world, care)
    kitchen = actions.add_work_experience(world.alice, world.sam, title="bulaşıkçı",
                                          occupation=care.kitchen_helper)
    # First aid is optional for the one and essential for the other: essential wins.
    assert _profile(world.sam)["first aid"] == (INFERRED, Relevance.ESSENTIAL)
    actions.link_work_experience(world.alice, kitchen, occupation=None, suggested=None)
    assert _profile(world.sam)["first aid"] == (INFERRED, Relevance.OPTIONAL)
    assert "wash dishes" not in _profile(world.sam)
    actions.link_work_experience(world.alice, kitchen, occupation=care.kitchen_helper,
                                 suggested=None)
    nurse_id = nurse.pk
    actions.remove_work_experience(world.sam_user, nurse)
    assert _profile(world.sam) == {
        "personal hygiene": (INFERRED, Relevance.ESSENTIAL),
        "wash dishes": (INFERRED, Relevance.ESSENTIAL),
        "first aid": (INFERRED, Relevance.ESSENTIAL),
    }
    entry = AuditEntry.objects.filter(action="seekers.remove_work_experience").latest("at")
    assert entry.details == {"experience": nurse_id, "uninferred_skills": 3}


def test_a_removed_skill_is_not_inferred_again_from_the_same_experience(
        world: World, care: Care) -> None:
    nurse = _nurse_experience(world, care)
    actions.remove_skill(world.sam_user, world.sam, care.skills["move patients"])
    assert "move patients" not in _profile(world.sam)
    # Confirming the link again, or changing it and back, does not bring it back.
    actions.link_work_experience(world.sam_user, nurse, occupation=care.nurse_assistant,
                                 suggested=None)
    actions.link_work_experience(world.sam_user, nurse, occupation=care.kitchen_helper,
                                 suggested=None)
    actions.link_work_experience(world.sam_user, nurse, occupation=care.nurse_assistant,
                                 suggested=None)
    assert "move patients" not in _profile(world.sam)
    assert SkillInference.objects.get(experience=nurse, skill=care.skills["move patients"]
                                      ).declined
    # Another job of the same kind is new evidence.
    _nurse_experience(world, care)
    assert _profile(world.sam)["move patients"] == (INFERRED, Relevance.ESSENTIAL)


def test_removing_a_confirmed_skill_is_remembered_too(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    actions.confirm_skill(world.sam_user, world.sam, care.skills["first aid"])
    actions.remove_skill(world.alice, world.sam, care.skills["first aid"])
    actions.add_work_experience(world.alice, world.sam, title="bulaşıkçı",
                                occupation=care.kitchen_helper)
    # The kitchen job is new evidence; the nurse job's inference stays declined.
    assert _profile(world.sam)["first aid"] == (INFERRED, Relevance.ESSENTIAL)
    assert list(SkillInference.objects.filter(skill=care.skills["first aid"])
                .order_by("id").values_list("declined", flat=True)) == [True, False]


def test_confirming_makes_a_skill_the_persons_or_the_counsellors(
        world: World, care: Care) -> None:
    experience = _nurse_experience(world, care)
    before = JobSeeker.objects.get(pk=world.sam.pk).profile_changed_at
    assert before is not None
    actions.confirm_skill(world.sam_user, world.sam, care.skills["take vital signs"])
    actions.confirm_skill(world.alice, world.sam, care.skills["first aid"])
    profile = _profile(world.sam)
    assert profile["take vital signs"] == (SeekerSkill.Source.SELF, "")
    assert profile["first aid"] == (SeekerSkill.Source.COUNSELLOR, "")
    assert JobSeeker.objects.get(pk=world.sam.pk).profile_changed_at > before  # type: ignore[operator]
    with pytest.raises(ValidationError) as twice:
        actions.confirm_skill(world.sam_user, world.sam, care.skills["take vital signs"])
    assert "skill" in twice.value.message_dict
    with pytest.raises(ValidationError):
        actions.confirm_skill(world.sam_user, world.sam, care.skills["wash dishes"])
    # A confirmed skill stays when the experience goes.
    actions.remove_work_experience(world.sam_user, experience)
    assert set(_profile(world.sam)) == {"take vital signs", "first aid"}
    entry = AuditEntry.objects.filter(action="seekers.confirm_skill").latest("at")
    assert entry.actor == world.alice and entry.details["source"] == "counsellor"


def test_stating_an_inferred_skill_confirms_it(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    added = actions.add_skills(world.sam_user, world.sam, [care.skills["move patients"]],
                               source=SeekerSkill.Source.LINKED)
    assert added == 1
    assert _profile(world.sam)["move patients"] == (SeekerSkill.Source.LINKED, "")
    with pytest.raises(ValidationError):
        actions.add_skills(world.sam_user, world.sam, [care.skills["wash dishes"]],
                           source=INFERRED)


def test_confirming_an_older_link_infers_its_skills(world: World, care: Care) -> None:
    # An experience recorded before skills were inferred (the demo's, say).
    older = WorkExperienceFactory(seeker=world.tess, occupation=care.kitchen_helper)
    assert _profile(world.tess) == {}
    actions.link_work_experience(world.alice, older, occupation=care.kitchen_helper,
                                 suggested=None)
    assert set(_profile(world.tess)) == {"personal hygiene", "wash dishes", "first aid"}
    assert JobSeeker.objects.get(pk=world.tess.pk).profile_changed_at is not None




def test_others_may_not_confirm_or_remove(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    skill = care.skills["take vital signs"]
    for outsider in (world.tess_user(), world.dana, world.charlie, world.erin, world.ivan):
        with pytest.raises(PermissionDenied):
            actions.confirm_skill(outsider, world.sam, skill)
        with pytest.raises(PermissionDenied):
            actions.remove_skill(outsider, world.sam, skill)
    assert _profile(world.sam)["take vital signs"] == (INFERRED, Relevance.ESSENTIAL)


# Pages -----------------------------------------------------------------------------


def test_the_profile_lists_inferred_skills_to_confirm_or_remove(world: World, care: Care) -> None:
    actions.add_skills(world.sam_user, world.sam, [care.skills["wash dishes"]])
    _nurse_experience(world, care)
    html = world.client_for(world.sam_user).get(reverse("seekers:my_profile")).content.decode()
    assert ("Skills that usually come with your work as nurse assistant — confirm or remove"
            in html)
    hygiene = care.skills["personal hygiene"].uri
    assert f'name="confirm" value="{hygiene}"' in html
    assert f'name="remove" value="{hygiene}"' in html
    assert "Confirm<span class=\"visually-hidden\"> personal hygiene</span>" in html
    # The confirmed skill is among "What you can do", not among those to confirm.
    assert 'name="confirm" value="{}"'.format(care.skills["wash dishes"].uri) not in html


def test_the_counsellor_sees_the_same_on_the_seekers_page(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    client = world.client_for(world.alice)
    html = client.get(reverse("seekers:seeker_detail", args=[world.sam.pk])).content.decode()
    assert "Skills that usually come with work as nurse assistant — confirm or remove" in html
    first_aid = care.skills["first aid"].uri
    assert f'name="confirm" value="{first_aid}"' in html
    response = client.post(reverse("seekers:edit_skills", args=[world.sam.pk]),
                           {"confirm": first_aid, "back": "profile"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("seekers:seeker_detail",
                                                     args=[world.sam.pk])
    page = response.content.decode()
    assert "“first aid” was confirmed. The recommendations will change at the next matching run." in page
    assert _profile(world.sam)["first aid"] == (SeekerSkill.Source.COUNSELLOR, "")


def test_the_person_confirms_and_removes_from_the_skills_page(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    client = world.client_for(world.sam_user)
    url = reverse("seekers:edit_skills", args=[world.sam.pk])
    assert "Skills that usually come with your work as nurse assistant" in client.get(
        url).content.decode()
    page = client.post(url, {"confirm": care.skills["move patients"].uri}, follow=True)
    assert page.redirect_chain[-1][0] == url
    assert ("“move patients” was confirmed. Your recommendations will change at the next "
            "matching run.") in page.content.decode()
    client.post(url, {"remove": care.skills["help patients eat"].uri, "back": "profile"})
    profile = _profile(world.sam)
    assert profile["move patients"] == (SeekerSkill.Source.SELF, "")
    assert "help patients eat" not in profile
    # A second press (another tab) changes nothing and breaks nothing.
    again = client.post(url, {"confirm": care.skills["move patients"].uri})
    assert again.status_code == 302


def test_adding_an_experience_says_the_recommendations_change_later(
        demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.sam_user)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    words = {"title": "healthcare assistant", "language": "en", "years": "2"}
    chosen = client.post(url, {**words, "suggest": ""}).context["form"]["occupation"].value()
    page = client.post(url, {**words, "occupation": chosen, "save": ""}, follow=True)
    html = page.content.decode()
    assert ("The work experience was added. Your recommendations will change at the next "
            "matching run.") in html
    assert "Skills that usually come with your work as healthcare assistant" in html
    assert SeekerSkill.objects.filter(seeker=world.sam, source=INFERRED).count() >= 4


def test_outsiders_get_404_from_the_skills_page(world: World, care: Care) -> None:
    _nurse_experience(world, care)
    url = reverse("seekers:edit_skills", args=[world.sam.pk])
    uri = care.skills["take vital signs"].uri
    for outsider in (world.tess_user(), world.dana, world.charlie, world.erin, world.ivan):
        client = world.client_for(outsider)
        assert client.post(url, {"confirm": uri}).status_code == 404
        assert client.post(url, {"remove": uri}).status_code == 404
        html = client.get(reverse("seekers:seeker_detail", args=[world.sam.pk]))
        assert html.status_code == 404
    assert _profile(world.sam)["take vital signs"] == (INFERRED, Relevance.ESSENTIAL)


# In a real browser: keyboard alone, axe, a 360 px phone.


@pytest.mark.browser
def test_inferred_skills_are_confirmed_and_removed_with_the_keyboard(
        page: Page, log_in: Callable[[str, str], None], world: World, care: Care) -> None:
    _nurse_experience(world, care)
    log_in("sam", TEST_PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("seekers:my_profile"))
    expect(page.get_by_role("heading", name="Skills that usually come with your work as "
                                            "nurse assistant — confirm or remove")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)
    confirm = page.get_by_role("button", name="Confirm take vital signs")
    confirm.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Your recommendations will change at the next matching run.")
    remove = page.get_by_role("button", name="Remove move patients")
    remove.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    profile = _profile(world.sam)
    assert profile["take vital signs"] == (SeekerSkill.Source.SELF, "")
    assert "move patients" not in profile
    assert page.url.endswith(reverse("seekers:my_profile"))
    page.goto(reverse("seekers:edit_skills", args=[world.sam.pk]))
    expect(page.get_by_role("button", name="Confirm personal hygiene")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)
