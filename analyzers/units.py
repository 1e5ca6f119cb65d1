"""Intermediate word structure produced by the language analyzers and turned into Tokens by the pipeline.

A word is split in two: its ``Shape`` (what the word is: forms, parts, readings, all with offsets
relative to the word's start) and a ``Word`` (where it occurs). The language analyzers hand out the
same ``Shape`` object for every occurrence of the same morpheme or compound, so the work of
analysing it (mode A splits, readings, term normalization) is done once per vocabulary item,
not once per occurrence: Japanese and Korean report vocabulary repeats heavily.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analyzers.tokens import Origin, Script


@dataclass(frozen=True, slots=True)
class Part:
    """One finest unit: a compound part, a Sudachi mode A unit, or the whole of a one-part word.

    Offsets are relative to the start of the word.
    """

    start: int
    end: int
    terms: tuple[str, ...]  # the part as written, plus normalized / dictionary forms
    readings: tuple[str, ...] = ()  # Sino-Korean readings of a kanji part
    extra: tuple[str, ...] = ()  # the bare stem of an affixed part (효율 in 효율적)
    # this part glued to a one-kanji suffix after it (競争+力 -> 競争力 / 경쟁력), spanning both parts
    glued: tuple[str, ...] = ()
    glued_readings: tuple[str, ...] = ()
    glued_end: int = 0


@dataclass(eq=False, slots=True)
class Shape:
    """What a word is, independent of where it occurs: one position per part; the whole sits at the
    first part's position. Shared between occurrences, so never mutate it after creation."""

    length: int  # characters from the word's start to its end
    surfaces: tuple[str, ...]  # whole-word forms (SURFACE)
    parts: tuple[Part, ...]
    script: Script
    readings: tuple[str, ...] = ()  # Sino-Korean readings of the whole word
    # other spellings of the whole word and where they come from (SOUND, NAME, PHONETIC)
    others: tuple[tuple[str, Origin], ...] = ()
    person: bool = False  # Sudachi tags the word as (part of) a person's name, or does not know it
    # > 0: an overlay, not a word of its own: a compound of the next ``covers`` words (閣議 + 決定),
    # emitted at their first position with their total span ``covers_span``, taking no position itself
    covers: int = 0
    covers_span: int = 0
    # a kanji word of two or more characters with a reading: adjacent ones also form an overlay
    kanji: bool = False
    # (alias index state, token plan, the plan's tokens that spell or begin a name), computed by the
    # pipeline on first use (see pipeline._compile)
    plan: Any = None
    positions: int = field(init=False)  # positions the word takes (an overlay takes none)

    def __post_init__(self) -> None:
        self.positions = 0 if self.covers else max(1, len(self.parts))


@dataclass(slots=True)
class Word:
    """One occurrence of a shape at ``start`` (an offset into the text given to the language analyzer)."""

    start: int
    shape: Shape

    @property
    def end(self) -> int:
        return self.start + self.shape.length
