"""Term normalization shared by every module that emits or looks up terms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s|]+")
# names are compared on letters and digits only: 新エネルギー・産業技術総合開発機構, Society 5.0, J-PEAKS
_KEY_DROP = re.compile(r"[\W_]+")


@lru_cache(maxsize=262144)
def term(text: str) -> str:
    """An index term: NFKC, casefolded, without whitespace or ``|`` (the indexer's stack separator)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _DROP.sub("", folded)


@lru_cache(maxsize=262144)
def key(text: str) -> str:
    """A lookup key for names: like ``term`` but only letters and digits are kept (spaces, dots, dashes,
    commas and ``&`` vary between spellings of one name)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _KEY_DROP.sub("", folded)
