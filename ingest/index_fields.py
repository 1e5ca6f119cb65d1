"""Turn analyzer tokens into the pre-analyzed field values the index mapping expects.

The ``stacked`` analyzer in index_mappings/passages.json splits on whitespace (one
position per word) and then on ``|`` (several terms at the same position). So
``"과학기술|과학|科学 기술"`` indexes 과학기술, 과학 and 科学 at position 0 and 기술 at 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzers.tokens import Origin, Token

SURFACE_ORIGINS = frozenset({Origin.SURFACE})


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


def token_spans(tokens: Sequence[Token]) -> dict[str, list[int]]:
    """Term → its offsets (start, end, start, end, …) in the passage, so highlights need no re-analysis.

    Keyed by term so that a search fetches only the query's terms (``_source`` includes
    ``spans.<term>``), not the whole table.
    """
    table: dict[str, list[int]] = {}
    seen: set[tuple[str, int, int]] = set()
    for tok in tokens:
        key = (tok.term, tok.start, tok.end)
        if key in seen or tok.end <= tok.start:
            continue
        seen.add(key)
        table.setdefault(tok.term, []).extend((tok.start, tok.end))
    return table


def span_paths(terms: Iterable[str]) -> list[str]:
    """``_source`` include paths that fetch the offsets of just these terms."""
    return [f"spans.{t}" for t in sorted(terms)]


def unpack_spans(spans: dict[str, list[int]] | None, wanted: set[str] | frozenset[str] | None = None,
                 ) -> list[tuple[str, int, int]]:
    """The stored (term, start, end) triples, only those of ``wanted`` terms when given."""
    if not spans:
        return []
    return [
        (term, offsets[i], offsets[i + 1])
        for term, offsets in spans.items()
        if wanted is None or term in wanted
        for i in range(0, len(offsets) - 1, 2)
    ]


def analyzed_fields(tokens: Sequence[Token]) -> dict[str, object]:
    return {
        "surf": stack_terms(tokens, SURFACE_ORIGINS),
        "all": stack_terms(tokens),
        "spans": token_spans(tokens),
    }
