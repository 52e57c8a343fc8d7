"""Candidate spans of longer texts (CV paragraphs, vacancy descriptions) for skill linking.

A skill is usually named by a short phrase inside one clause: "operated
industrial sewing machines", "Schweißen von Stahlkonstruktionen",
"会使用缝纫机". The text is cut into clauses at punctuation and common
conjunctions, and every window of one to ``max_words`` consecutive words
inside a clause becomes a candidate whose offsets point into the original text.
Chinese clauses are segmented with ``jieba``; Thai-like scripts without
spaces are windowed over characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jieba

from decentwork.linking.normalization import WORD_PATTERN, script_of

_CLAUSE_BREAK = re.compile(
    r"[.;:!?\n\r\t,()\[\]{}•·|/\u3002\uff0c\u3001\uff1b\uff1a\uff01\uff1f\u060c\u061b\u0e2f]"
    r"|\s(?:and|or|und|oder|et|ou|en|of|y|o|e|ve|veya|dan|atau|и|или)\s",
    re.IGNORECASE,
)
_UNSPACED = ("THAI", "LAO", "KHMER", "MYANMAR")
_MIN_SPAN_CHARS = 3


@dataclass(frozen=True, slots=True)
class CandidateSpan:
    """A window of the original text.

    Attributes
    ----------
    start, end : int
        Offsets into the original text.
    text : str
        ``original[start:end]``.
    n_words : int
        Number of words (or characters, for unspaced scripts) in the window.
    """

    start: int
    end: int
    text: str
    n_words: int


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    position = 0
    for separator in _CLAUSE_BREAK.finditer(text):
        bounds.append((position, separator.start()))
        position = separator.end()
    bounds.append((position, len(text)))
    return [(start, end) for start, end in bounds if text[start:end].strip()]


def _word_offsets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    offsets: list[tuple[int, int]] = []
    for word in WORD_PATTERN.finditer(text, start, end):
        script = script_of(word.group()[0])
        if script == "HAN":
            position = word.start()
            for piece in jieba.lcut(word.group()):
                offsets.append((position, position + len(piece)))
                position += len(piece)
        elif script in _UNSPACED:
            # Without a segmenter, windows of 2 to 8 characters stand in for words.
            offsets.extend(
                (word.start() + i, word.start() + i + 2) for i in range(0, len(word.group()) - 1, 2)
            )
        else:
            offsets.append((word.start(), word.end()))
    return offsets


def candidate_spans(text: str, max_words: int = 5) -> list[CandidateSpan]:
    """Cut text into clauses and list every window of 1 to ``max_words`` words.

    Parameters
    ----------
    text : str
        The longer text.
    max_words : int, default=5
        Longest window, in words.

    Returns
    -------
    list of CandidateSpan
        Windows in reading order; empty when the text has no words.

    Examples
    --------
    >>> [span.text for span in candidate_spans("welding, sewing", max_words=2)]
    ['welding', 'sewing']
    """
    spans: list[CandidateSpan] = []
    for clause_start, clause_end in _clauses(text):
        words = _word_offsets(text, clause_start, clause_end)
        for first in range(len(words)):
            for last in range(first, min(first + max_words, len(words))):
                start, end = words[first][0], words[last][1]
                if end - start < _MIN_SPAN_CHARS and script_of(text[start]) != "HAN":
                    # "in", "of", "I": too short to name a skill, and they attract noise.
                    continue
                spans.append(CandidateSpan(start, end, text[start:end], last - first + 1))
    return spans
