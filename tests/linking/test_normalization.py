from __future__ import annotations

import pytest

from decentwork.linking.normalization import (
    normalize_text,
    strip_gender_markers,
    word_tokens,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Boucher (h/f/x)", "boucher"),
        ("Verkäufer/in (m/w/d)", "verkaufer"),
        ("Lehrer*innen", "lehrer"),
        ("Mitarbeiter:in", "mitarbeiter"),
        ("camarero/a", "camarero"),
        ("empregado(a)", "empregado"),
        ("infirmier(ère)", "infirmier"),
        ("employé·e", "employe"),
        ("Kok (m/v/x)", "kok"),
        ("Sprzedawca (k/m)", "sprzedawca"),
        ("HEMŞİRE YARDIMCISI", "hemsire yardimcisi"),
        ("Łódź spawacz", "lodz spawacz"),
        ("gerente de ventas (all genders)", "gerente de ventas"),
    ],
)
def test_gender_markers_case_and_latin_accents_are_folded(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    ["медицинска сестра", "ช่างเชื่อม", "नर्स सहायक", "缝纫工", "ممرضة"],
)
def test_non_latin_scripts_keep_their_marks_and_letters(text: str) -> None:
    assert normalize_text(text) == text


def test_arabic_optional_vowel_marks_are_dropped() -> None:
    assert normalize_text("مُمَرِّضَة") == "ممرضة"


def test_slashes_that_are_not_gender_markers_survive() -> None:
    assert normalize_text("A/B testing") == "a b testing"
    assert strip_gender_markers("TV/radio technician") == "TV/radio technician"


def test_garbage_normalises_to_nothing() -> None:
    assert normalize_text("🙂🙂 \x00\x07 ¡¿ \u200b") == ""


def test_chinese_is_segmented_and_thai_covered_by_ngrams() -> None:
    assert "缝纫工" in word_tokens("我在工厂做缝纫工")
    assert "เชื" in word_tokens(normalize_text("ช่างเชื่อม"))
