"""Text normalisation and tokenisation for labels and free text in any script.

Job titles arrive as "Boucher (h/f/x)", "Verkäufer/in (m/w/d)", "camarero/a",
"HEMŞİRE YARDIMCISI", "我在工厂做缝纫工" or "ช่างเชื่อม". The functions here
make those comparable with taxonomy labels without destroying scripts that
are not Latin: accents are folded only on Latin letters (so Cyrillic "й",
Thai vowel signs and Devanagari matras survive), and scripts written without
spaces are segmented (Chinese with ``jieba``) or covered by character n-grams
(Thai, Lao, Khmer, Myanmar, Japanese kana).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Gender markers that job ads append to titles: "(h/f/x)", "(m/w/d)", "(m/v/x)",
# "(k/m)", "m/f", "(H/F)", "(all genders)". Slots are single letters from a closed set
# so that "A/B testing" or "TV/radio" survive.
_GENDER_SLOTS = re.compile(
    r"[\(\[]?\s*\b(?:[hfxmwdvki]\s*/\s*){1,3}[hfxmwdvki]\b\s*[\)\]]?"
    r"|[\(\[]\s*(?:alle?\s+genders?|all\s+genders?|tous\s+genres|divers)\s*[\)\]]",
    re.IGNORECASE,
)
# Feminine or plural endings written beside the base form: "Verkäufer/in", "Lehrer*in",
# "Lehrer:innen", "camarero/a", "empregado(a)", "infirmier(ère)", "employé·e", "employé.e".
_INFLECTION_SUFFIX = re.compile(
    r"(?<=[^\W\d_])(?:[/*:·.]-?|\(-?)"
    r"(?:innen|in|ière|iere|ère|ere|euse|rice|trice|essa|ssa|ne|nne|ka|ica|ina|as|os|es|a|o|e|s)"
    r"\)?(?![^\W\d_])",
    re.IGNORECASE,
)
_CONTROL_OR_FORMAT = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]"
)
_WHITESPACE = re.compile(r"\s+")
# Latin letters that do not decompose under NFD but are commonly typed without their mark.
_LATIN_FOLDS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ı": "i", "æ": "ae", "œ": "oe"})
# Arabic short-vowel marks (harakat) and tatweel are optional in writing; dropping them
# is the standard Arabic normalisation. Other scripts' combining marks carry meaning.
_ARABIC_OPTIONAL = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
# Letters plus the combining marks of scripts whose vowels are marks (Indic, Thai, Lao,
# Tibetan, Myanmar, Khmer), which ``\w`` alone would split words on.
WORD_PATTERN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0487\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3099\u309a])+"
)

_UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "HIRAGANA", "KATAKANA", "TIBETAN")
_MAX_MATCH_CHARS = 4096


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """Return the Unicode script family of one letter, from its character name.

    Parameters
    ----------
    char : str
        A single character.

    Returns
    -------
    str
        ``"LATIN"``, ``"CYRILLIC"``, ``"HAN"`` (CJK ideographs), ``"THAI"``…;
        ``""`` for characters that are not letters.
    """
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("CJK"):
        return "HAN"
    return name.split(" ", 1)[0]


def strip_gender_markers(text: str) -> str:
    """Remove gender and plural markers while keeping case, accents and words.

    Used for the dense encoder, which understands casing and accents but is
    distracted by "(h/f/x)"-style boilerplate.

    Parameters
    ----------
    text : str
        A label or job title.

    Returns
    -------
    str
        The text without markers such as "(m/w/d)" or "/in", whitespace collapsed.

    Examples
    --------
    >>> strip_gender_markers("Verkäufer/in (m/w/d)")
    'Verkäufer'
    >>> strip_gender_markers("Boucher (h/f/x)")
    'Boucher'
    """
    text = _CONTROL_OR_FORMAT.sub(" ", text)
    text = _GENDER_SLOTS.sub(" ", text)
    text = _INFLECTION_SUFFIX.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def _fold_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    base_is_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            # A mark on a Latin letter is an accent; on other scripts it is often a vowel.
            if not base_is_latin:
                kept.append(char)
            continue
        base_is_latin = char.isascii() or script_of(char) == "LATIN"
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def normalize_text(text: str) -> str:
    """Normalise text for lexical matching in any script.

    Applies NFKC (full-width forms, ligatures), drops control characters,
    emoji and punctuation, strips gender markers, case-folds, removes accents
    from Latin letters only and optional Arabic vowel marks. At most the
    first 4,096 characters are kept: no job title is longer, and this bounds
    the cost of pathological input.

    Parameters
    ----------
    text : str
        Raw text.

    Returns
    -------
    str
        Space-separated normalised words; ``""`` if nothing meaningful is left.

    Examples
    --------
    >>> normalize_text("HEMŞİRE Yardımcısı (m/w/d)")
    'hemsire yardimcisi'
    >>> normalize_text("Медицинска сестра")
    'медицинска сестра'
    """
    text = unicodedata.normalize("NFKC", text[:_MAX_MATCH_CHARS])
    text = strip_gender_markers(text)
    text = text.casefold().translate(_LATIN_FOLDS)
    if not text.isascii():
        text = _fold_marks(_ARABIC_OPTIONAL.sub("", text))
    return " ".join(WORD_PATTERN.findall(text))


def _character_ngrams(run: str, sizes: tuple[int, ...]) -> list[str]:
    grams = [run[i : i + n] for n in sizes for i in range(len(run) - n + 1)]
    return grams or [run]


def word_tokens(normalized: str) -> list[str]:
    """Split normalised text into word-level tokens, segmenting unspaced scripts.

    Chinese runs are segmented with ``jieba`` (keeping both words and their
    characters' bigrams, so "缝纫工" and "缝纫机操作员" share "缝纫"); Thai,
    Lao, Khmer, Myanmar and kana runs become character bigrams and trigrams.

    Parameters
    ----------
    normalized : str
        Output of :func:`normalize_text`.

    Returns
    -------
    list of str
        Tokens; empty for empty input.
    """
    tokens: list[str] = []
    for word in normalized.split():
        script = script_of(word[0])
        if script == "HAN":
            tokens.extend(piece for piece in jieba.lcut(word) if piece.strip())
            tokens.extend(_character_ngrams(word, (2,)) if len(word) > 2 else [])
        elif script in _UNSPACED_SCRIPTS and len(word) > 3:
            tokens.extend(_character_ngrams(word, (2, 3)))
        else:
            tokens.append(word)
    return tokens


def character_ngrams(normalized: str, sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    """Character n-grams of the whole normalised text, padded with a space at each end.

    N-grams run across word boundaries ("r de", "o de t"), so word order and
    multi-word titles count, not only the words' spellings.

    Parameters
    ----------
    normalized : str
        Output of :func:`normalize_text`.
    sizes : tuple of int, default=(3, 4, 5)
        The n-gram lengths.

    Returns
    -------
    list of str
        The n-grams; empty for empty input.
    """
    if not normalized:
        return []
    return _character_ngrams(f" {normalized} ", sizes)
