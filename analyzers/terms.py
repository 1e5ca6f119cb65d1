"""Term normalization shared by every module that emits or looks up terms."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s|]+")
_KEY_DROP = re.compile(r"[\s|・·･‧⋅∙ㆍ]+")


def term(text: str) -> str:
    """An index term: NFKC, casefolded, without whitespace or ``|`` (the indexer's stack separator)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _DROP.sub("", folded)


def key(text: str) -> str:
    """A lookup key for names: like ``term`` but middle dots are dropped too (内閣府・経産省 spelling)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _KEY_DROP.sub("", folded)
