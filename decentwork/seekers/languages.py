"""Languages a person speaks: codes as stored, names as read.

Spoken languages are not interface languages: refugees and migrant workers speak
Pashto, Tigrinya or a sign language that no page is translated into. Django
names about a hundred languages; the ones it lacks that an inclusive service meets
every day are named here, in English for the translators and in their own words
for the reader who may not read the page's language.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Code (ISO 639-1, or 639-3 where there is no two-letter one) -> (name, own name).
LANGUAGES_DJANGO_LACKS: dict[str, tuple[Promise, str]] = {
    "am": (_("Amharic"), "አማርኛ"),
    "fil": (_("Filipino"), "Filipino"),
    "ha": (_("Hausa"), "Hausa"),
    "kmr": (_("Kurdish (Kurmanji)"), "Kurmancî"),
    "ln": (_("Lingala"), "Lingála"),
    "lo": (_("Lao"), "ລາວ"),
    "om": (_("Oromo"), "Afaan Oromoo"),
    "prs": (_("Dari"), "دری"),
    "ps": (_("Pashto"), "پښتو"),
    "rw": (_("Kinyarwanda"), "Ikinyarwanda"),
    "si": (_("Sinhala"), "සිංහල"),
    "so": (_("Somali"), "Soomaali"),
    "ti": (_("Tigrinya"), "ትግርኛ"),
    "wo": (_("Wolof"), "Wolof"),
    "yo": (_("Yoruba"), "Yorùbá"),
    "zh": (_("Chinese"), "中文"),
    # Sign languages are languages a person speaks, and a reason to offer an interpreter.
    "ase": (_("American Sign Language"), "ASL"),
    "bfi": (_("British Sign Language"), "BSL"),
    "csl": (_("Chinese Sign Language"), "中国手语"),
    "dse": (_("Dutch Sign Language"), "Nederlandse Gebarentaal"),
    "fsl": (_("French Sign Language"), "Langue des signes française"),
    "ils": (_("International Sign"), "International Sign"),
    "tsm": (_("Turkish Sign Language"), "Türk İşaret Dili"),
}


def _django_language(code: str) -> dict[str, str] | None:
    # Regional and script variants ("pt-br", "zh-hans") are ways of writing, not
    # languages spoken; entries with a fallback are aliases of another entry.
    info: dict[str, str] | None = LANG_INFO.get(code)
    if info is None or "-" in code or "fallback" in info:
        return None
    return info


def is_spoken_language(code: str) -> bool:
    return code in LANGUAGES_DJANGO_LACKS or _django_language(code) is not None


def spoken_language_name(code: str) -> str:
    """The language's name in the page's language; the code itself if unknown
    (a record imported from elsewhere may hold a code we have no name for)."""
    if code in LANGUAGES_DJANGO_LACKS:
        return str(LANGUAGES_DJANGO_LACKS[code][0])
    info = _django_language(code) or LANG_INFO.get(code)
    if info is None or "name" not in info:
        return code
    # Django's own catalogues translate the names it knows.
    return gettext(info["name"])


def spoken_language_own_name(code: str) -> str:
    if code in LANGUAGES_DJANGO_LACKS:
        return LANGUAGES_DJANGO_LACKS[code][1]
    info = LANG_INFO.get(code) or {}
    return str(info.get("name_local", code))


def spoken_language_choices() -> list[tuple[str, str]]:
    """Every language we can name, by its name in the page's language, with its
    own name beside it when that differs ("Arabic (العربية)")."""
    codes = [code for code in LANG_INFO if _django_language(code) is not None]
    codes += list(LANGUAGES_DJANGO_LACKS)
    choices = []
    for code in codes:
        name, own = spoken_language_name(code), spoken_language_own_name(code)
        choices.append((code, name if own.casefold() == name.casefold() else f"{name} ({own})"))
    return sorted(choices, key=lambda choice: choice[1].casefold())
