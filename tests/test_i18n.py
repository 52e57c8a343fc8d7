"""Every user-facing string is translatable, and the catalogues we ship are used.

The template check reads each template the way a translator's tool would: text in
``{% translate %}``/``{% blocktranslate %}`` is fine, variables are data, and anything
else with letters in it would reach a reader untranslated.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "decentwork"
TEMPLATES = sorted(p for p in TEMPLATE_ROOT.glob("**/templates/**/*.html"))
LOCALE_DIR = Path(settings.BASE_DIR) / "decentwork" / "locale"
OUR_LANGUAGES = ["tr", "zh_Hans", "ar", "nl", "id", "fr", "th", "vi"]

# Attributes a person reads or hears; their values must come from {% translate %}.
READ_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
# Placeholders that carry no letters, so that what is left can be searched for them.
TRANSLATED = "\x01"
DATA = "\x02"

TRANSLATION_BLOCK = re.compile(
    r"{%-?\s*blocktrans(?:late)?\b.*?%}.*?{%-?\s*endblocktrans(?:late)?\s*-?%}", re.S
)
TRANSLATION_TAG = re.compile(r"{%-?\s*trans(?:late)?\s.*?%}", re.S)
COMMENT_BLOCK = re.compile(r"{%-?\s*comment\b.*?%}.*?{%-?\s*endcomment\s*-?%}", re.S)
COMMENT = re.compile(r"{#.*?#}", re.S)
VARIABLE = re.compile(r"{{.*?}}", re.S)
OTHER_TAG = re.compile(r"{%.*?%}", re.S)
# A string literal in a filter argument (|default:"none") is shown as is unless _()'d.
FILTER_LITERAL = re.compile(r"""\|\s*(default|default_if_none)\s*:\s*(["'])(.*?)\2""")
LETTER = re.compile(r"[^\W\d_]")


def neutralise_template_syntax(source: str) -> str:
    """Template source with translations and variables replaced by letter-free marks."""
    source = COMMENT_BLOCK.sub("", COMMENT.sub("", source))
    source = TRANSLATION_BLOCK.sub(TRANSLATED, source)
    source = TRANSLATION_TAG.sub(TRANSLATED, source)
    source = VARIABLE.sub(DATA, source)
    return OTHER_TAG.sub("", source)


class UntranslatedText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw_text_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._raw_text_depth += 1
        values = dict(attrs)
        read = set(READ_ATTRIBUTES)
        if tag == "input" and values.get("type") in BUTTON_INPUT_TYPES:
            read.add("value")
        for name in read & values.keys():
            if LETTER.search(values[name] or ""):
                self.found.append(f'<{tag} {name}="{values[name]}">')

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._raw_text_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw_text_depth and LETTER.search(data):
            self.found.append(data.replace(TRANSLATED, "").replace(DATA, "").strip())


def untranslated_text(source: str) -> list[str]:
    """Text with letters, in a template, that no translation tag covers."""
    found = [f"|{m.group(1)}:{m.group(2)}{m.group(3)}{m.group(2)}"
             for m in FILTER_LITERAL.finditer(source) if LETTER.search(m.group(3))]
    parser = UntranslatedText()
    parser.feed(neutralise_template_syntax(source))
    parser.close()
    return found + parser.found


def test_templates_are_found() -> None:
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "login.html", "caseload.html", "vacancy_detail.html"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATE_ROOT)))
def test_template_has_no_text_outside_translation_tags(template: Path) -> None:
    assert untranslated_text(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("<p>Hello {{ name }}</p>", ["Hello"]),
    ('<nav aria-label="Main">', ['<nav aria-label="Main">']),
    ("<img alt='A chart' src='x.png'>", ["<img alt=\"A chart\">"]),
    ('<input type="submit" value="Send">', ['<input value="Send">']),
    ('{{ place|default:"unknown" }}', ['|default:"unknown"']),
    ("<td>{% if x %}yes{% endif %}</td>", ["yes"]),
    ("<p>{% translate 'Hello' %} · {{ name }} — 3/4 –</p>", []),
    ('<nav aria-label="{% translate "Main" %}">', []),
    ("<p>{% blocktranslate trimmed %}Hi {{ n }}{% plural %}Hi all{% endblocktranslate %}</p>",
     []),
    ("{# a note #}{% comment %}a longer note{% endcomment %}<p>{{ x|default:_('none') }}</p>",
     []),
    ('<a href="{% url \'home\' %}" class="brand" lang="{{ lang }}">{{ name }}</a>', []),
    ("<style>body { margin: 0; }</style>", []),
])
def test_the_template_check_finds_untranslated_text(source: str, expected: list[str]) -> None:
    assert untranslated_text(source) == expected


@pytest.mark.parametrize(("language", "sign_in", "user_name"), [
    ("tr", "Giriş yap", "Kullanıcı adı"),
    ("zh-hans", "登录", "用户名"),
    ("ar", "تسجيل الدخول", "اسم المستخدم"),
    ("nl", "Inloggen", "Gebruikersnaam"),
    ("id", "Masuk", "Nama pengguna"),
    ("fr", "Se connecter", "Nom d’utilisateur"),
])
def test_login_page_speaks_the_browsers_language(
    client: Client, language: str, sign_in: str, user_name: str
) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{sign_in}</h1>" in html
    assert f'<label for="id_username">{user_name}</label>' in html
    assert ">Sign in<" not in html


def test_language_cookie_wins_and_arabic_is_right_to_left(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="tr")

    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>تسجيل الدخول</h1>" in html


@pytest.mark.django_db
def test_wrong_password_error_is_translated(client: Client) -> None:
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x"},
                           HTTP_ACCEPT_LANGUAGE="tr")

    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Please enter a correct" not in html


def read_catalogue(po_file: Path) -> list[dict[str, str]]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr[n] and flags."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in [*po_file.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, literal = line.partition(" ")
            entry[key] = ast.literal_eval(literal)
    return [e for e in entries if e.get("msgid")]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("language", OUR_LANGUAGES)
def test_catalogue_is_complete_and_keeps_placeholders(language: str) -> None:
    entries = read_catalogue(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")

    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry.get("flags", ""), entry["msgid"]
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert all(translations), f"{language}: no translation of {entry['msgid']!r}"
        expected = placeholders(entry["msgid"]) | placeholders(entry.get("msgid_plural", ""))
        for translated in translations:
            assert placeholders(translated) == expected, (language, entry["msgid"], translated)


@pytest.mark.parametrize("language", OUR_LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    entries = read_catalogue(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")

    with translation.override(translation.to_language(language)):
        for entry in entries:
            if "msgid_plural" in entry:
                continue
            if "msgctxt" in entry:
                translated = translation.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                translated = translation.gettext(entry["msgid"])
            assert translated == entry["msgstr"], entry["msgid"]
