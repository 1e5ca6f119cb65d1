"""Turn analyzer tokens into the pre-analyzed field values the index mapping expects.

The ``stacked`` analyzer in index_mappings/passages.json splits on whitespace (one
position per word) and then on ``|`` (several terms at the same position). So
``"과학기술|과학|科学 기술"`` indexes 과학기술, 과학 and 科学 at position 0 and 기술 at 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzers.tokens import Origin, Token

SURFACE_ORIGINS = frozenset({Origin.SURFACE})
# How a word sounds in the other script: evidence of another kind than a spelling, kept in a field of its
# own so that it neither lengthens ``all`` (BM25 would score every spelling in it lower) nor meets phrases.
SOUND_ORIGINS = frozenset({Origin.SOUND, Origin.COMMON_SOUND, Origin.PHONETIC})
SPELLING_ORIGINS = frozenset(Origin) - SOUND_ORIGINS


def _clean(term: str) -> str:
    return "".join(ch for ch in term if ch != "|" and not ch.isspace())


def stack_terms(tokens: Iterable[Token], origins: frozenset[Origin] | None = None) -> str:
    """One whitespace-separated word per position, terms at the same position joined by ``|``.

    Positions with no term of the wanted origins are written as nothing, so phrase
    queries over the finest units still see consecutive positions in ``all``.
    """
    by_pos: dict[int, list[str]] = {}
    for tok in tokens:
        if origins is not None and tok.origin not in origins:
            continue
        term = _clean(tok.term)
        if not term:
            continue
        terms = by_pos.setdefault(tok.position, [])
        if term not in terms:
            terms.append(term)
    return " ".join("|".join(by_pos[p]) for p in sorted(by_pos))


def analyzed_fields(tokens: Sequence[Token]) -> dict[str, object]:
    return {
        "surf": stack_terms(tokens, SURFACE_ORIGINS),
        "all": stack_terms(tokens, SPELLING_ORIGINS),
        "sound": stack_terms(tokens, SOUND_ORIGINS),
    }
