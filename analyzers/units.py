"""Intermediate word structure produced by the language analyzers and turned into Tokens by the pipeline.

A ``Word`` covers ``len(parts)`` consecutive positions. Offsets are into the analysis text that was
given to the language analyzer; the pipeline maps them back to the caller's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzers.tokens import Script


@dataclass(slots=True)
class Part:
    """One finest unit: a compound part, a Sudachi mode A unit, or the whole of a one-part word."""

    start: int
    end: int
    terms: list[str]  # the part as written, plus normalized / dictionary forms
    readings: list[str] = field(default_factory=list)  # Sino-Korean readings of a kanji part
    extra: list[str] = field(default_factory=list)  # the bare stem of an affixed part (효율 in 효율적)
    # this part glued to a one-kanji suffix after it (競争+力 -> 競争力 / 경쟁력), spanning both parts
    glued: list[str] = field(default_factory=list)
    glued_readings: list[str] = field(default_factory=list)
    glued_end: int = 0


@dataclass(slots=True)
class Word:
    """A word as written: one position per part; the whole sits at the first part's position."""

    start: int
    end: int
    surfaces: list[str]  # whole-word forms (SURFACE)
    parts: list[Part]
    script: Script
    readings: list[str] = field(default_factory=list)  # Sino-Korean readings of the whole word
    # > 0: an overlay, not a word of its own: a compound of the next ``covers`` words (閣議 + 決定),
    # emitted at their first position with their total span, taking no position itself
    covers: int = 0
