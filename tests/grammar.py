"""The grammar the tests parse with: one fresh analyzer for the test session, never the
process-wide default, so no test sees what another (or an ingest run) taught an analyzer."""

from __future__ import annotations

from functools import cache

from analyzers import Analyzer
from ingest.text.cleaning import Repair, TextRepair


@cache
def session_analyzer() -> Analyzer:
    return Analyzer()


def grammar(words: Repair | None = None) -> TextRepair:
    """Kiwi and Sudachi of the session analyzer mend the line breaks; ``words`` stands in for the
    joining of broken words when given (``str`` keeps them as they are)."""
    real = TextRepair.using(session_analyzer())
    return real if words is None else TextRepair(words, real.goes_on)
