"""People's names in the order their culture writes them.

We store a given name (``first_name``) and a family name (``last_name``), as most
registration forms ask; how they are put together depends on the person, not on
the reader: 王秀英 is Wang Xiuying on every page, whatever language the page is in.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

# Languages whose names are written family name first. Chinese, Japanese and Korean
# (王秀英, 山田花子, 김민준); Vietnamese (Nguyễn Văn An); Khmer (Hun Sen: Hun is the
# family name); Hungarian (Kovács Anna). Mongolian is left out on purpose: its first
# name is a patronymic, not a family name, and is usually shortened or dropped.
FAMILY_NAME_FIRST = frozenset({"zh", "ja", "ko", "vi", "km", "hu"})

# Scripts whose names are written without a space between family and given name.
_UNSPACED_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL")


class Named(Protocol):
    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str: ...

    @property
    def preferred_language(self) -> str: ...


def _written_in_cjk(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(
        unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS) for char in letters)


def family_name_first(language: str) -> bool:
    return language.split("-")[0].casefold() in FAMILY_NAME_FIRST


def display_name(first_name: str, last_name: str, language: str) -> str:
    """The full name in the person's order: ``language`` is the person's own
    language (their preferred language), not the reader's.

    A name written in Chinese characters, kana or hangul is family name first and
    unspaced whatever language the record names (a person from Hangzhou may read
    the service in English and still be 王秀英).
    """
    given, family = first_name.strip(), last_name.strip()
    if not given or not family:
        return given or family
    cjk = _written_in_cjk(given + family)
    if cjk or family_name_first(language):
        return f"{family}{'' if cjk else ' '}{given}"
    return f"{given} {family}"


def person_name(person: Named) -> str:
    """``display_name`` of anything with first, last name and preferred language
    (a job seeker, a user)."""
    return display_name(person.first_name, person.last_name, person.preferred_language)
