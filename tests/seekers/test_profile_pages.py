"""The person's own profile: a hub in plain words, and a page to change each part.
The counsellors of the office reach the same pages for their seekers; nobody else."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.audit.models import AuditEntry
from decentwork.controlled_lists import Accommodation, ContractType, Hours
from decentwork.seekers.access import read_sensitive
from decentwork.seekers.actions import set_accommodation_needs
from decentwork.seekers.factories import WorkExperienceFactory
from decentwork.seekers.models import JobSeeker, SeekerSkill, SpokenLanguage, WorkExperience
from decentwork.taxonomy.link_service import find_skills, link_texts
from decentwork.taxonomy.models import Concept, LinkFeedback, Verdict
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World

EDIT_PAGES = ["add_experience", "edit_skills", "edit_languages", "edit_preferences",
              "edit_accommodations", "consents"]


def _checked_value(page: str, name: str) -> str | None:
    """The value of the checked radio button called ``name``."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else None
    return None


def test_the_hub_shows_each_part_with_a_link_to_change_it(world: World) -> None:
    SpokenLanguage.objects.create(seeker=world.sam, language="ar",
                                  level=SpokenLanguage.Level.NATIVE)
    set_accommodation_needs(world.sam_user, world.sam, [Accommodation.QUIET_WORKSPACE])
    page = world.client_for(world.sam_user).get(reverse("seekers:my_profile"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Your profile</h1>" in html
    for name in EDIT_PAGES[:-1]:
        assert reverse(f"seekers:{name}", args=[world.sam.pk]) in html
    assert reverse("seekers:my_consents") in html
    assert "Arabic — Mother tongue" in html
    assert "Quiet workspace" in html
    assert "hemşire yardımcısı" in html  # the job in the person's own words


def test_the_hub_is_only_for_job_seekers(world: World) -> None:
    for persona in (world.alice, world.erin, world.ivan):
        assert world.client_for(persona).get(reverse("seekers:my_profile")).status_code == 404


def test_the_counsellor_sees_the_same_parts_with_the_same_links(world: World) -> None:
    html = world.client_for(world.alice).get(
        reverse("seekers:seeker_detail", args=[world.sam.pk])).content.decode()
    for name in EDIT_PAGES:
        assert reverse(f"seekers:{name}", args=[world.sam.pk]) in html


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_the_person_and_their_counsellors_open_every_edit_page(world: World, name: str) -> None:
    url = reverse(f"seekers:{name}", args=[world.sam.pk])
    for persona in (world.sam_user, world.alice, world.bob, world.judy):
        # The person gives and withdraws consents on pages of their own
        # (seekers:my_consents, privacy:consents); this one is the office's.
        expected = 404 if name == "consents" and persona == world.sam_user else 200
        assert world.client_for(persona).get(url).status_code == expected, persona


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_outsiders_get_404_on_every_edit_page(world: World, name: str) -> None:
    url = reverse(f"seekers:{name}", args=[world.sam.pk])
    for persona in (world.charlie, world.dana, world.erin, world.frank, world.ivan):
        assert world.client_for(persona).get(url).status_code == 404, persona
        assert world.client_for(persona).post(url, {}).status_code == 404, persona
    # Another seeker of the same office is an outsider too.
    tess_url = reverse(f"seekers:{name}", args=[world.tess.pk])
    assert world.client_for(world.sam_user).get(tess_url).status_code == 404
    assert world.client_for(None).get(url).status_code == 302  # to the sign-in page


# Work experience: confirm the suggestion, pick another, or keep the words only.

def _describe(client: object, url: str, **fields: str) -> tuple[str, list[tuple[str, str]]]:
    page = client.post(url, {"title": "hemşire yardımcısı", "language": "tr", "years": "3",  # type: ignore[attr-defined]
                             "suggest": "", **fields})
    assert page.status_code == 200
    return page.content.decode(), page.context["form"].fields["occupation"].choices


def test_the_suggested_occupation_comes_ticked_and_one_press_confirms_it(
        demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.sam_user)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    html, choices = _describe(client, url)
    best_uri, best_label = choices[0]
    assert str(best_label).lower() == "nurse assistant"
    assert f"We think this job is: “{best_label}”" in html
    assert _checked_value(html, "occupation") == best_uri
    response = client.post(url, {"title": "hemşire yardımcısı", "language": "tr", "years": "3",
                                 "occupation": best_uri, "save": ""})
    assert response.status_code == 302 and response["Location"] == reverse("seekers:my_profile")
    experience = WorkExperience.objects.get(seeker=world.sam, years=Decimal(3))
    assert experience.occupation is not None and experience.occupation.uri == best_uri
    assert list(LinkFeedback.objects.values_list("concept__uri", "verdict")) == [
        (best_uri, Verdict.CONFIRMED)]


def test_picking_another_suggestion_links_it_and_teaches_the_linker(
        demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.sam_user)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    _html, choices = _describe(client, url)
    (best_uri, _label), (other_uri, _other) = choices[0], choices[1]
    client.post(url, {"title": "hemşire yardımcısı", "language": "tr", "years": "3",
                      "occupation": other_uri, "save": ""})
    experience = WorkExperience.objects.get(seeker=world.sam, years=Decimal(3))
    assert experience.occupation is not None and experience.occupation.uri == other_uri
    assert set(LinkFeedback.objects.values_list("concept__uri", "verdict")) == {
        (other_uri, Verdict.CONFIRMED), (best_uri, Verdict.REJECTED)}


def test_keeping_the_own_words_only_saves_no_link(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.sam_user)
    url = reverse("seekers:add_experience", args=[world.sam.pk])
    client.post(url, {"title": "hemşire yardımcısı", "language": "tr", "years": "3",
                      "occupation": "none", "save": ""})
    experience = WorkExperience.objects.get(seeker=world.sam, years=Decimal(3))
    assert experience.occupation is None
    assert not LinkFeedback.objects.exists()  # "not sure" teaches the linker nothing


def test_an_unlinked_job_is_linked_later_then_removed(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    experience = WorkExperienceFactory(seeker=world.sam, title="barista", language="en")
    client = world.client_for(world.sam_user)
    url = reverse("seekers:edit_experience", args=[world.sam.pk, experience.pk])
    page = client.get(url)
    html = page.content.decode()
    choices = page.context["form"].fields["occupation"].choices
    assert str(choices[0][1]) == "barista" and choices[-1][0] == "none"
    assert _checked_value(html, "occupation") == choices[0][0]  # the suggestion, ticked
    assert client.post(url, {"occupation": choices[0][0]}).status_code == 302
    experience.refresh_from_db()
    assert experience.occupation is not None and experience.occupation.uri == choices[0][0]
    # Linked now: the page ticks the link, and "none" unlinks it.
    assert _checked_value(client.get(url).content.decode(), "occupation") == choices[0][0]
    client.post(url, {"occupation": "none"})
    experience.refresh_from_db()
    assert experience.occupation is None
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not WorkExperience.objects.filter(pk=experience.pk).exists()
    assert AuditEntry.objects.filter(action="seekers.remove_work_experience",
                                     actor=world.sam_user).exists()


def test_another_seekers_job_is_not_found(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    tess_job = WorkExperienceFactory(seeker=world.tess)
    url = reverse("seekers:edit_experience", args=[world.sam.pk, tess_job.pk])
    assert world.client_for(world.sam_user).get(url).status_code == 404
    assert world.client_for(world.alice).post(url, {"remove": "1"}).status_code == 404
    assert WorkExperience.objects.filter(pk=tess_job.pk).exists()


# Skills: found in the person's words, ticked, removable one by one.

def test_skills_are_found_in_own_words_ticked_and_removed(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    client = world.client_for(world.sam_user)
    url = reverse("seekers:edit_skills", args=[world.sam.pk])
    words = {"text": "yemek pişirmek, araba kullanmak", "language": "tr"}
    page = client.post(url, {**words, "suggest": ""})
    suggestions = dict(page.context["suggestions"])
    cook = next(uri for uri, label in suggestions.items() if label == "cook meals")
    assert 'type="checkbox"' in page.content.decode()
    response = client.post(url, {**words, "skills": [cook], "add": ""})
    assert response.status_code == 302
    held = SeekerSkill.objects.get(seeker=world.sam)
    assert held.skill.uri == cook and held.source == SeekerSkill.Source.LINKED
    # Already held skills are not suggested again.
    again = client.post(url, {**words, "suggest": ""}).context["suggestions"]
    assert cook not in dict(again)
    html = client.get(url).content.decode()
    assert f'name="remove" value="{cook}"' in html
    assert client.post(url, {"remove": cook}).status_code == 302
    assert not SeekerSkill.objects.filter(seeker=world.sam).exists()


def test_adding_without_ticking_names_the_field(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    url = reverse("seekers:edit_skills", args=[world.sam.pk])
    page = world.client_for(world.alice).post(
        url, {"text": "cooking", "language": "en", "add": ""})
    html = page.content.decode()
    assert "skills" in page.context["form"].errors
    assert 'role="alert"' in html and 'href="#id_skills_0"' in html
    assert 'id="id_skills-error"' in html


def test_a_skill_of_another_site_cannot_be_added(demo_taxonomy: World) -> None:
    world = demo_taxonomy
    skill = Concept.objects.filter(kind="skill").first()
    assert skill is not None
    url = reverse("seekers:edit_skills", args=[world.sam.pk])
    # A uri that was not among the suggestions is refused as a choice.
    page = world.client_for(world.sam_user).post(
        url, {"text": "cooking", "language": "en", "skills": ["http://example.org/x"], "add": ""})
    assert "skills" in page.context["form"].errors
    assert not SeekerSkill.objects.filter(seeker=world.sam).exists()


# Spoken languages: by name, never by code.

def test_languages_are_added_by_name_and_removed(world: World) -> None:
    client = world.client_for(world.sam_user)
    url = reverse("seekers:edit_languages", args=[world.sam.pk])
    form_page = client.get(url).content.decode()
    assert '<option value="ar">Arabic (العربيّة)</option>' in form_page
    assert '<option value="ps">Pashto (پښتو)</option>' in form_page  # one Django cannot name
    assert client.post(url, {"language": "ar", "level": "native"}).status_code == 302
    html = client.get(url).content.decode()
    assert "Arabic — Mother tongue" in html
    # Adding it again changes the level.
    client.post(url, {"language": "ar", "level": "proficient"})
    assert SpokenLanguage.objects.get(seeker=world.sam, language="ar").level == "proficient"
    client.post(url, {"language": "tsm", "level": "basic"})
    assert "Turkish Sign Language — Basic" in client.get(
        reverse("seekers:my_profile")).content.decode()
    assert client.post(url, {"remove": "ar"}).status_code == 302
    assert list(SpokenLanguage.objects.filter(seeker=world.sam)
                .values_list("language", flat=True)) == ["tsm"]


def test_an_unknown_language_is_refused_on_its_field(world: World) -> None:
    page = world.client_for(world.sam_user).post(
        reverse("seekers:edit_languages", args=[world.sam.pk]), {"language": "xx"})
    html = page.content.decode()
    assert set(page.context["form"].errors) == {"language", "level"}
    assert 'aria-describedby="id_language-error"' in html and 'href="#id_language"' in html
    assert 'href="#id_level_0"' in html
    assert not SpokenLanguage.objects.filter(seeker=world.sam).exists()


# Preferences and accommodation needs.

def test_preferences_are_saved_through_the_action(world: World) -> None:
    client = world.client_for(world.alice)
    url = reverse("seekers:edit_preferences", args=[world.sam.pk])
    response = client.post(url, {"preferred_hours": Hours.PART_TIME,
                                 "accepted_contracts": [ContractType.PERMANENT,
                                                        ContractType.FIXED_TERM],
                                 "commute_radius_km": "25"})
    assert response.status_code == 302
    assert response["Location"] == reverse("seekers:seeker_detail", args=[world.sam.pk])
    sam = JobSeeker.objects.get(pk=world.sam.pk)
    assert (sam.preferred_hours, sam.commute_radius_km, sam.accepts_remote) == (
        Hours.PART_TIME, 25, False)
    assert sam.accepted_contracts == [ContractType.FIXED_TERM, ContractType.PERMANENT]
    assert AuditEntry.objects.filter(action="seekers.update_preferences",
                                     actor=world.alice).exists()


def test_a_distance_out_of_range_is_tied_to_its_input(world: World) -> None:
    url = reverse("seekers:edit_preferences", args=[world.sam.pk])
    page = world.client_for(world.sam_user).post(
        url, {"preferred_hours": Hours.FULL_TIME, "commute_radius_km": "900"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'aria-describedby="id_commute_radius_km-help id_commute_radius_km-error"' in html
    assert 'href="#id_commute_radius_km"' in html
    assert JobSeeker.objects.get(pk=world.sam.pk).commute_radius_km == 15


def test_accommodation_needs_with_plain_help_for_each(world: World) -> None:
    client = world.client_for(world.sam_user)
    url = reverse("seekers:edit_accommodations", args=[world.sam.pk])
    html = client.get(url).content.decode()
    assert "without steps, for example in a wheelchair" in html
    # Each checkbox is described by its own sentence.
    checkboxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert len(checkboxes) == len(Accommodation.values)
    for tag in checkboxes:
        own = re.search(r'id="([^"]+)"', tag)
        assert own is not None and f'aria-describedby="{own.group(1)}-help' in tag
    client.post(url, {"accommodation_needs": [Accommodation.STEP_FREE_ACCESS,
                                              Accommodation.JOB_COACH]})
    assert _needs(world) == (Accommodation.JOB_COACH, Accommodation.STEP_FREE_ACCESS)
    client.post(url, {})
    assert _needs(world) == ()


def _needs(world: World) -> tuple[str, ...]:
    seeker = JobSeeker.objects.get(pk=world.sam.pk)
    return read_sensitive(world.alice, seeker, purpose="test").accommodation_needs


def test_the_hub_lists_its_parts_in_a_fixed_number_of_queries(
        world: World, django_assert_max_num_queries: object) -> None:
    for n in range(6):
        WorkExperienceFactory(seeker=world.sam, title=f"job {n}")
    client = world.client_for(world.sam_user)
    client.get(reverse("seekers:my_profile"))  # warm the session
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        client.get(reverse("seekers:my_profile"))


# In a real browser: keyboard only, axe (WCAG 2.2 AA), and a 360 px wide phone.

NARROW = {"width": 360, "height": 740}


def _warm_linker(world: World) -> None:
    """The site's linker builds its index on first use: not within a page's timeout."""
    link_texts(world.sam_user, ["cook"], kind="occupation", language="en", k=1,
               display_language="en")
    link_texts(world.sam_user, ["cook"], kind="skill", language="en", k=1, display_language="en")
    find_skills(world.sam_user, "I cook", language="en", display_language="en")


def _fits_narrow_screen(page: Page) -> None:
    page.set_viewport_size(NARROW)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 8)""")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 360px: {wide}"


@pytest.mark.browser
def test_every_profile_page_fits_a_phone_and_passes_axe(
        page: Page, log_in: Callable[[str, str], None], demo_taxonomy: World) -> None:
    world = demo_taxonomy
    SpokenLanguage.objects.create(seeker=world.sam, language="ar",
                                  level=SpokenLanguage.Level.NATIVE)
    experience = WorkExperience.objects.get(seeker=world.sam)
    _warm_linker(world)
    log_in("sam", TEST_PASSWORD)
    urls = [reverse("seekers:my_profile"), reverse("seekers:my_consents"),
            reverse("seekers:edit_experience", args=[world.sam.pk, experience.pk]),
            *(reverse(f"seekers:{name}", args=[world.sam.pk]) for name in EDIT_PAGES)]
    for url in urls:
        page.goto(url)
        _fits_narrow_screen(page)
        assert_accessible(page)


@pytest.mark.browser
def test_a_skill_is_found_ticked_and_added_with_the_keyboard_alone(
        page: Page, log_in: Callable[[str, str], None], demo_taxonomy: World) -> None:
    world = demo_taxonomy
    _warm_linker(world)
    log_in("sam", TEST_PASSWORD)
    page.set_viewport_size(NARROW)
    page.goto(reverse("seekers:edit_skills", args=[world.sam.pk]))
    words = page.get_by_label("What can you do?")
    words.focus()
    page.keyboard.type("cooking")
    page.get_by_role("button", name="Find skills in these words").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    cook = page.get_by_role("checkbox", name="cook meals")
    cook.focus()
    page.keyboard.press("Space")
    expect(cook).to_be_checked()
    page.get_by_role("button", name="Add the ticked skills").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Skills added: 1.")
    remove = page.get_by_role("button", name="Remove cook meals")
    _fits_narrow_screen(page)
    assert_accessible(page)
    remove.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not SeekerSkill.objects.filter(seeker=world.sam).exists()


@pytest.mark.browser
def test_the_error_summary_is_announced_and_leads_to_the_field(
        page: Page, log_in: Callable[[str, str], None], world: World) -> None:
    log_in("sam", TEST_PASSWORD)
    page.goto(reverse("seekers:edit_preferences", args=[world.sam.pk]))
    distance = page.get_by_label("How far can you travel to work, in kilometres?")
    distance.fill("900")
    with page.expect_navigation():
        distance.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("How far can you travel to work")
    link = summary.get_by_role("link")
    link.focus()
    page.keyboard.press("Enter")
    expect(distance).to_be_focused()
    expect(distance).to_have_attribute("aria-invalid", "true")
    _fits_narrow_screen(page)
    assert_accessible(page)


@pytest.mark.browser
def test_the_counsellors_pages_fit_a_phone_and_pass_axe(
        page: Page, log_in: Callable[[str, str], None], world: World) -> None:
    log_in("alice", TEST_PASSWORD)
    for url in (reverse("seekers:caseload"),
                reverse("seekers:seeker_detail", args=[world.tess.pk]),
                reverse("seekers:invite_existing", args=[world.tess.pk]),
                reverse("seekers:consents", args=[world.tess.pk])):
        page.goto(url)
        _fits_narrow_screen(page)
        assert_accessible(page)
