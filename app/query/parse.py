"""Parse a user's query string into clauses, taking anything malformed literally.

Grammar, deliberately small: words; ``"exact phrases"``; ``-word`` and ``-"phrase"``
to exclude; ``OR`` (upper case, between two clauses) to accept either. Clauses are
otherwise combined with AND-like semantics by the query builder. An unbalanced quote,
a lone ``-`` or a dangling ``OR`` is treated as ordinary text, never as an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Straight, curly and CJK quotation marks all open and close a phrase.
QUOTES = '"“”＂「」『』'
_TOKEN = re.compile(r'(-?)(["“”＂「」『』])(.*?)\2|(-?)[“「『](.*?)[”」』]|(\S+)', re.S)


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    phrase: bool = False


@dataclass(slots=True)
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of ORs
    excluded: list[Clause] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def positive_clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]


def _strip_quotes(text: str) -> str:
    return text.strip(QUOTES + " ")


def parse_query(raw: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    for m in _TOKEN.finditer(raw):
        neg_a, _q, body_a, neg_b, body_b, word = m.groups()
        if word is not None:
            if word == "OR" and parsed.groups and not pending_or:
                pending_or = True
                continue
            negative = word.startswith("-") and len(word) > 1
            text = _strip_quotes(word[1:] if negative else word)
            clause = Clause(text) if text else None
        else:
            negative = bool(neg_a or neg_b)
            body = body_a if body_a is not None else body_b
            text = " ".join(body.split())
            clause = Clause(text, phrase=True) if text else None
        if clause is None:
            continue
        if negative:
            parsed.excluded.append(clause)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(clause)
            pending_or = False
        else:
            parsed.groups.append([clause])
    return parsed
