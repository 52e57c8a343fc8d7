"""Names in the person's own order, on every page that shows them."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from decentwork.seekers.names import display_name
from tests.conftest import World


@pytest.mark.parametrize(("first", "last", "language", "expected"), [
    ("Ayşe", "Yılmaz", "tr", "Ayşe Yılmaz"),
    ("Sam", "Smith", "en", "Sam Smith"),
    ("Xiuying", "Wang", "zh-hans", "Wang Xiuying"),
    ("Văn An", "Nguyễn", "vi", "Nguyễn Văn An"),
    ("Anna", "Kovács", "hu", "Kovács Anna"),
    ("Sen", "Hun", "km", "Hun Sen"),
    ("민준", "김", "ko", "김민준"),
    # Chinese characters are family name first and unspaced, whatever the record says.
    ("秀英", "王", "zh-hans", "王秀英"),
    ("秀英", "王", "en", "王秀英"),
    ("花子", "山田", "ja", "山田花子"),
    ("Amal", "", "ar", "Amal"),
    ("", "Haddad", "ar", "Haddad"),
    ("  Omar ", " Al-Hamwi", "ar", "Omar Al-Hamwi"),
])
def test_display_name(first: str, last: str, language: str, expected: str) -> None:
    assert display_name(first, last, language) == expected


@pytest.mark.django_db
def test_the_filter_names_a_seeker_and_a_user_in_their_order(world: World) -> None:
    world.sam.first_name, world.sam.last_name = "秀英", "王"
    world.sam_user.first_name, world.sam_user.last_name = "An", "Nguyễn"
    world.sam_user.preferred_language = "vi"
    rendered = Template("{% load person_names %}{{ seeker|person_name }}/{{ user|person_name }}"
                        ).render(Context({"seeker": world.sam, "user": world.sam_user}))
    assert rendered == "王秀英/Nguyễn An"


@pytest.mark.django_db
def test_a_counsellor_sees_a_chinese_name_family_name_first(world: World) -> None:
    world.sam.first_name, world.sam.last_name = "秀英", "王"
    world.sam.preferred_language = "zh-hans"
    world.sam.save(update_fields=["first_name", "last_name", "preferred_language"])
    client = world.client_for(world.alice)
    caseload = client.get("/seekers/").content.decode()
    assert "王秀英" in caseload
    assert "秀英 王" not in caseload
    assert "<h1>王秀英</h1>" in client.get(f"/seekers/{world.sam.pk}/").content.decode()
