"""Group a query's tokens into units: one word as written, its other spellings and its parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from analyzers.phonetic import other_side
from analyzers.scripts import is_kana
from analyzers.tokens import Origin, Token


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str  # the word as analyzed (whole compound / mode C word)
    alternatives: tuple[str, ...]  # other forms at the same position: readings, aliases, lemma forms
    parts: tuple[str, ...]  # finest units in order (the surface itself when it has no parts)
    part_readings: tuple[str, ...]  # readings of the parts, where every part has one
    raw: str  # the characters of the query this unit came from
    # Hangul transcriptions of a kana word (コード: 고도 and 코드): guesses, one of which may be another
    # Korean word (고도, 高度), where a kanji word's Sino-Korean reading or an alias is not
    guesses: tuple[str, ...] = ()
    # the word's phonetic keys as the other script's words carry them (analyzers.phonetic): a sound-alike
    # in the other script, the weakest evidence that a passage says the word
    keys: tuple[str, ...] = ()
    # a Japanese proper noun as Korean writes its sound (岸田: 기시다): a guess, in the passages' ``sound``
    sounds: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """The word as a whole, however it is written: the surface and its other forms."""
        return (self.surface, *self.alternatives, *self.guesses)

    @property
    def terms(self) -> tuple[str, ...]:
        return (*self.spellings, *self.sounds, *self.keys, *self.parts, *self.part_readings)


_INNER_ORIGINS = (Origin.SOUND, Origin.NAME, Origin.PHONETIC)
# parts are handled apart; a common noun's sound is there for Korean questions only (see Origin)
_NOT_ASKED = (Origin.SUBUNIT, Origin.COMMON_SOUND)


@dataclass(slots=True)
class _Spellings:
    """A unit's other spellings, each in the list that says how far to trust it (see ``Unit``)."""

    transcribed: bool  # the word is kana: its Hangul readings are transcriptions, i.e. guesses
    alternatives: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    sounds: list[str] = field(default_factory=list)

    def add(self, t: Token) -> None:
        if t.origin is Origin.PHONETIC:
            if (key := other_side(t.term)) not in self.keys:
                self.keys.append(key)
        elif t.origin is Origin.SOUND:
            if t.term not in self.sounds:
                self.sounds.append(t.term)
        elif t.term not in self.alternatives and t.term not in self.guesses:
            guess = self.transcribed and t.origin is Origin.READING
            (self.guesses if guess else self.alternatives).append(t.term)


def to_units(text: str, tokens: Sequence[Token]) -> list[Unit]:
    by_pos: dict[int, list[Token]] = {}
    for tok in tokens:
        by_pos.setdefault(tok.position, []).append(tok)
    units: list[Unit] = []
    positions = sorted(by_pos)
    covered_until = -1
    for pos in positions:
        if pos <= covered_until:
            continue
        here = by_pos[pos]
        surfaces = [t for t in here if t.origin is Origin.SURFACE] or here
        head = max(surfaces, key=lambda t: (t.span, t.end - t.start))
        last = pos + max(head.span, 1) - 1
        covered_until = last
        other = _Spellings(transcribed=is_kana(head.term))
        for t in here:
            if t.span != head.span or t.term == head.term or t.origin in _NOT_ASKED:
                continue
            other.add(t)
        parts: list[str] = []
        readings: list[str] = []
        if head.span > 1:
            for q in range(pos, last + 1):
                at_q = by_pos.get(q, [])
                part = next((t for t in at_q if t.origin is Origin.SUBUNIT), None) or next(
                    (t for t in at_q if t.span == 1 and t.origin is Origin.SURFACE), None
                )
                if part is None:
                    continue
                parts.append(part.term)
                reading = next((t for t in at_q if t.origin is Origin.READING and t.span == 1), None)
                if reading is not None:
                    readings.append(reading.term)
        if len(readings) != len(parts):
            readings = []
        # The other-script spellings of a word inside a compound stand for the compound too: Korean
        # writes 岸田首相 as 기시다 총리 and アトランタオリンピック as 애틀랜타 올림픽, apart.
        for q in range(pos + 1 if head.span == 1 else pos, last + 1):
            for t in by_pos.get(q, []):
                if t.origin in _INNER_ORIGINS and not (q == pos and t.span == head.span) and q + t.span - 1 <= last:
                    other.add(t)
        units.append(
            Unit(
                surface=head.term,
                alternatives=tuple(other.alternatives),
                guesses=tuple(other.guesses),
                keys=tuple(other.keys),
                sounds=tuple(other.sounds),
                parts=tuple(parts) or (head.term,),
                part_readings=tuple(readings),
                raw=text[head.start : head.end],
            )
        )
    return units
