"""The token model shared by the analyzers, the indexer and the highlighter."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

Mode = Literal["index", "query"]


class Origin(StrEnum):
    """Where a term came from; the query builder weights surface matches above the rest."""

    SURFACE = "surface"  # the word as written (or its normalized / dictionary form)
    SUBUNIT = "subunit"  # a part of a compound (Kiwi noun parts, Sudachi mode A units)
    READING = "reading"  # Sino-Korean Hangul reading of a kanji word or part
    ALIAS = "alias"  # another spelling of the same entity (glossary or mined pair)
    SOUND = "sound"  # a Japanese name as Korean writes its sound (岸田 -> 기시다), from Sudachi's reading
    # a Japanese common noun's sound (寄席 -> 요세): Korean writes a few by sound (the ones Korean has no
    # word for), so a passage carries it for Korean questions; a Japanese question does not ask for it,
    # since Korean text says nearly every common noun by its reading or in its own word
    COMMON_SOUND = "common_sound"
    NAME = "name"  # a Korean name written in kanji, read as Korean reads names (金泳三 -> 김영삼)
    PHONETIC = "phonetic"  # the consonant key shared by kana and Hangul spellings (analyzers.phonetic)


class Script(StrEnum):
    HANGUL = "hangul"
    JAPANESE = "japanese"  # kana, or kana mixed with kanji
    HAN = "han"  # kanji standing alone (no kana in the run)
    LATIN = "latin"
    DIGIT = "digit"
    OTHER = "other"


class Token(NamedTuple):
    """One index or query term.

    ``position`` counts the finest units (compound parts, Sudachi mode A units).
    A token covering several units (a whole compound, a mode C word) sits at the
    position of its first unit and has ``span`` > 1, as Lucene's positionLength.
    Readings and aliases sit at the position of the word they expand, with the
    same span. ``start``/``end`` are character offsets into the text given to
    ``analyze`` (before any normalization), so highlights can point into it.
    ``term`` is lower-cased, NFKC-normalized and never contains whitespace or ``|``.
    A named tuple rather than a dataclass: an analysis makes hundreds of thousands of them, and a
    tuple is several times cheaper to create, pickle and compare.
    """

    term: str
    position: int
    start: int
    end: int
    script: Script
    origin: Origin
    span: int = 1
