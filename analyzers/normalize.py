"""Text normalization with an offset map back to the original string.

NFKC (full/half width, compatibility forms), one middle dot, plain quotes and dashes,
no control / format characters. Every normalized character remembers the span of
original characters it came from, so tokens can point into the text the caller gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MIDDLE_DOT = "・"

# Applied after NFKC (so fullwidth / halfwidth variants are already folded).
_AFTER_NFKC = {
    # middle dots of every provenance -> one (Korean PDFs mix U+00B7, U+30FB, U+FF65 and U+318D)
    "·": MIDDLE_DOT,
    "‧": MIDDLE_DOT,
    "⋅": MIDDLE_DOT,
    "∙": MIDDLE_DOT,
    "ㆍ": MIDDLE_DOT,
    "\u119e": MIDDLE_DOT,  # NFKC(U+318D ARAEA); a standalone araea is used as a middle dot
    "ᐧ": MIDDLE_DOT,
    # curly / low quotes -> ASCII; corner brackets 「」『』 stay (they delimit quoted titles)
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "〝": '"',
    "〞": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "´": "'",
    # dashes and minus -> hyphen-minus
    "‐": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "\u2028": "\n",
    "\u2029": "\n",
    "\r": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\x85": "\n",
}


def _circled_number(ch: str) -> str | None:
    """①, ❶, ➀ ... -> "(1)": NFKC would glue a bare "1" onto the next word (①대학교 -> 1대학교)."""
    cp = ord(ch)
    for lo, hi in ((0x2460, 0x2473), (0x2776, 0x277F), (0x2780, 0x2789), (0x278A, 0x2793), (0x24EB, 0x24F4)):
        if lo <= cp <= hi:
            return f"({int(unicodedata.numeric(ch))})"
    if 0x3251 <= cp <= 0x325F or 0x32B1 <= cp <= 0x32BF:
        return f"({int(unicodedata.numeric(ch))})"
    return None


@lru_cache(maxsize=65536)
def map_char(ch: str) -> str:
    """Normalized replacement for one character ("" drops it)."""
    if ch in ("\n", "\t", " "):
        return ch
    circled = _circled_number(ch)
    if circled is not None:
        return circled
    if ch == "ㆍ":
        return MIDDLE_DOT
    cat = unicodedata.category(ch)
    if cat == "Cs":  # lone surrogate: cannot be encoded, downstream C++ analyzers would choke
        return ""
    if cat == "Cc" and ch not in _AFTER_NFKC:
        return ""
    if cat == "Cf":  # ZWSP, BOM, soft hyphen, bidi marks: invisible, split words if kept
        return ""
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1:
        return _AFTER_NFKC.get(out, out)
    return "".join(_AFTER_NFKC.get(c, c) for c in out if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


def _is_combining(ch: str) -> bool:
    """True for characters that NFKC may compose with the previous one."""
    cp = ord(ch)
    if cp < 0x300:
        return False
    if 0x1160 <= cp <= 0x11FF and cp != 0x119E:  # conjoining Hangul vowels / finals
        return True
    if 0x3099 <= cp <= 0x309A:  # kana voicing marks
        return True
    return unicodedata.combining(ch) != 0


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, per normalized character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalized slice [start, end)."""
        n = len(self.starts)
        if not n:
            return 0, 0
        if start >= n:
            start = n - 1
        if end > n:
            end = n
        if end <= start:
            end = start + 1
        return self.starts[start], self.ends[end - 1]


def normalize_spans(text: str) -> Normalized:
    """Normalize ``text``; see the module docstring."""
    norm = _normalize_pass(text)
    # Per-cluster NFKC can leave sequences that compose only once side by side (halfwidth ﾊ + ﾟ);
    # a second pass over the output fixes them, which keeps normalize() idempotent.
    for _ in range(2):
        if unicodedata.is_normalized("NFKC", norm.text):
            break
        again = _normalize_pass(norm.text)
        norm = Normalized(
            again.text,
            [norm.starts[i] for i in again.starts],
            [norm.ends[j - 1] for j in again.ends],
        )
    return norm


# Characters that normalize to themselves and never combine with a neighbour: ASCII (but the
# backtick), Hangul syllables, kana, unified kanji, and the commonest Japanese punctuation (、。々「」『』).
# Runs of them are copied without per-char work.
_UNSAFE = re.compile(
    "[^\t\n\x20-\x5f\x61-\x7e\uac00-\ud7a3\u3041-\u3096\u30a1-\u30fe\u4e00-\u9fff\u3001\u3002\u3005\u300c-\u300f]"
)


@lru_cache(maxsize=65536)
def _one_for_one(ch: str) -> bool:
    """Whether ``ch`` is a cluster of its own that normalizes to exactly one character."""
    return ch != "\r" and not _is_combining(ch) and len(map_char(ch)) == 1


def _normalize_pass(text: str) -> Normalized:
    unsafe = set(_UNSAFE.findall(text))
    if all(map(_one_for_one, unsafe)):
        # Every change replaces one character by one (a curly quote, a middle dot, a fullwidth
        # letter): the offsets stay the identity. str.replace per character is C-speed; str.translate
        # with a dict is not.
        out = text
        for ch in unsafe:
            out = out.replace(ch, map_char(ch))
        n = len(text)
        return Normalized(out, list(range(n)), list(range(1, n + 1)))
    return _per_cluster(text)


def _per_cluster(text: str) -> Normalized:
    """``_normalize_pass`` the general way: safe runs copied, every other cluster mapped on its own."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    n = len(text)
    for m in _UNSAFE.finditer(text):
        i = m.start()
        if i < pos:
            continue  # already consumed as part of a cluster
        # the previous safe char may be the base of a combining sequence starting here
        lo = i - 1 if i > pos and _is_combining(text[i]) else i
        out.append(text[pos:lo])
        starts.extend(range(pos, lo))
        ends.extend(range(pos + 1, lo + 1))
        pos = _slow(text, lo, n, out, starts, ends)
    out.append(text[pos:])
    starts.extend(range(pos, n))
    ends.extend(range(pos + 1, n + 1))
    return Normalized("".join(out), starts, ends)


def _slow(text: str, i: int, n: int, out: list[str], starts: list[int], ends: list[int]) -> int:
    """Normalize one cluster at ``i`` (a base character and the combining marks after it)."""
    ch = text[i]
    j = i + 1
    while j < n and _is_combining(text[j]):
        j += 1
    if j - i == 1:
        rep = map_char(ch)
        if ch == "\r" and j < n and text[j] == "\n":
            rep = ""  # CRLF -> the LF alone, a CR must not double line breaks
    else:
        cluster = unicodedata.normalize("NFKC", text[i:j])
        rep = "".join(map_char(c) for c in cluster)
    out.append(rep)
    starts.extend([i] * len(rep))
    ends.extend([j] * len(rep))
    return j


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on text that is mostly in normal
    form already (a report: the odd fullwidth digit, circled number or compatibility kanji).

    Characters outside the safe runs are normalized one by one. When the result is in normal form,
    it is the whole text's normal form (normalizing pieces and then the whole gives the whole's);
    otherwise (a mark that composes with its neighbour) the whole text is normalized."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    out = _UNSAFE.sub(lambda m: _nfkc_char(m.group()), text)
    return out if unicodedata.is_normalized("NFKC", out) else unicodedata.normalize("NFKC", text)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalized text and, for each normalized char index (plus one past the end), the original index."""
    norm = normalize_spans(text)
    return norm.text, [*norm.starts, len(text)]


def normalize(text: str) -> str:
    """NFKC, width folding, one middle dot, plain quotes/dashes, no control chars (``\\n``/``\\t`` kept)."""
    return normalize_spans(text).text
