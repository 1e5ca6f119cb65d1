"""Repair line breaks left by PDF text extraction.

PDF extraction breaks lines wherever the page layout wrapped them, often inside a Korean word
(``스피\\n드``, ``에코시\\n스템``), and some documents separate *every* line by a blank line.
This module decides, per line break, whether it is

* a hard break (paragraph, list item, heading, sentence end): kept as it is,
* a soft wrap between two words: replaced by one space,
* a wrap inside a word: removed.

The structural rules (bullets, sentence ends, short lines) are pure and O(n). Only breaks between
two Hangul syllables with no space around them are ambiguous; those are decided in one batch by a
``JoinScorer`` (Kiwi compares the joined and the separated reading, see ``korean.KoreanAnalyzer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analyzers.japanese import JapaneseAnalyzer
from analyzers.korean import KoreanAnalyzer

# (left word, right word) pairs -> join without space?
JoinScorer = Callable[[Sequence[tuple[str, str]]], list[bool]]

# whitespace containing at most two newlines; three or more (two blank lines) is always a hard break
_BREAK = re.compile(r"[ \t]*\n[ \t]*(?:\n[ \t]*)?(?!\n)")

_BULLET = re.compile(
    r"""^(?:
      [□■❍○●◦▪▫◆◇◈▶►▷▸▹•※*・\-⇒→☞✓✔◎❏❑➢➤♦◼◻⊙√>\u2460-\u24ff\u2776-\u2793\u3251-\u32bf]
    | \(\d{1,3}\) | \d{1,3}[.)](?!\d) | \d{1,2}\s | \([가-힣a-zA-Z]\) | [가-하a-z][.)](?=\s)
    | [IVXivx]{1,4}\.\s | [\u2160-\u217f]
    | [<\[【〈《〔]
    | (?:출처|자료|주|참고|예|비고|Source|Note)\s*[:)]
    )""",
    re.X,
)
_SENTENCE_END = re.compile(r"""[.!?。！？:;]["'」』)\]）]*$""")
# report style ends items with a nominalized verb: ...있음, ...추진함, ...예정임, ...완료됨
_NOMINAL_END = frozenset("함음임됨봄짐")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")

# Lines shorter than this share of the document's typical width end a paragraph or are headings.
_SHORT_LINE = 0.6
_MIN_LINES_FOR_WIDTH = 8


@dataclass(frozen=True, slots=True)
class Break:
    """Replace text[start:end] (whitespace with a newline) by ``replacement``."""

    start: int
    end: int
    replacement: str


def _typical_width(text: str) -> int | None:
    """80th percentile of non-empty line lengths, or None when there are too few lines to tell."""
    widths = sorted(len(s) for s in (line.strip() for line in text.split("\n")) if s)
    if len(widths) < _MIN_LINES_FOR_WIDTH:
        return None
    return widths[int(len(widths) * 0.8)]


def _line_before(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : pos]


def _line_after(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos : end if end >= 0 else len(text)]


def _ends_sentence(line: str) -> bool:
    if _SENTENCE_END.search(line):
        return True
    last = line.split()[-1].rstrip("\"'」』)]）")
    return len(last) >= 2 and last[-1] in _NOMINAL_END


def plan_breaks(text: str, scorer: JoinScorer | None = None) -> list[Break]:
    """All line breaks in ``text`` that should change, in text order (hard breaks are not listed).

    Without a scorer, ambiguous Hangul/Hangul wraps are treated as word boundaries (one space).
    """
    if "\n" not in text:
        return []
    width = _typical_width(text)
    plans: list[Break] = []
    ambiguous: list[tuple[int, tuple[str, str]]] = []
    for m in _BREAK.finditer(text):
        start, end = m.span()
        if start == 0 or end >= len(text):
            continue
        before = _line_before(text, start).strip()
        after = _line_after(text, end).strip()
        if not before or not after:
            continue
        a, b = text[start - 1], text[end]
        enumeration = b == "・" and after[1:2].strip() and m.group()[0] == "\n" and a.isalnum()
        if enumeration and not _ends_sentence(before):  # 사업화\n・사회 실현: a dotted list goes on
            plans.append(Break(start, end, ""))
            continue
        if _ends_sentence(before) or _BULLET.match(after):
            continue
        if width is not None and len(before) < _SHORT_LINE * width:
            continue
        gap = m.group()
        spaced = gap[0] in " \t" or gap[-1] in " \t"  # a space at the wrap: the PDF marked a word end
        if _HANGUL.match(a) and _HANGUL.match(b) and not spaced:
            left = before.split()[-1][-20:]
            right = after.split()[0][:20]
            ambiguous.append((len(plans), (left, right)))
            plans.append(Break(start, end, " "))
        elif _JAPANESE.match(a) and _JAPANESE.match(b) and not _HANGUL.search(before[-8:] + after[:8]):
            plans.append(Break(start, end, ""))  # Japanese wraps anywhere and never uses spaces
        else:
            plans.append(Break(start, end, " "))
    if ambiguous and scorer is not None:
        joins = scorer([pair for _, pair in ambiguous])
        for (index, _), join in zip(ambiguous, joins, strict=True):
            if join:
                old = plans[index]
                plans[index] = Break(old.start, old.end, "")
    return plans


def apply_breaks(text: str, plans: Sequence[Break]) -> str:
    """``text`` with every planned break replaced."""
    if not plans:
        return text
    out: list[str] = []
    pos = 0
    for plan in plans:
        out.append(text[pos : plan.start])
        out.append(plan.replacement)
        pos = plan.end
    out.append(text[pos:])
    return "".join(out)


def repair_line_breaks(text: str, scorer: JoinScorer) -> str:
    """Join words broken across lines, turn soft wraps into spaces, keep hard breaks.

    ``scorer`` decides ambiguous Hangul wraps (``KoreanAnalyzer.join_scorer``: Kiwi, loaded on first
    need). Only whitespace changes: every other character is kept, in order.
    """
    if "\n" not in text:
        return text
    return apply_breaks(text, plan_breaks(text, scorer))


# Kiwi tags after which a Korean sentence cannot stop: a case particle (its verb is still to come)
# or an adnominal ending (its noun is still to come).
_KO_OPEN_TAGS = frozenset({"JKS", "JKC", "JKO", "JKG", "JKB", "ETM"})
# two words at least (one alone is a label or a cell), the last with a stem before its ending
_KO_TAIL = re.compile(r"\S\s+\S+[\uac00-\ud7a3]$")
_KO_HEAD = re.compile(r"[\uac00-\ud7a3A-Za-z0-9]")
_JA_HEAD = re.compile(r"[\u3041-\u309f]")


def sentence_goes_on(
    pairs: Sequence[tuple[str, str]], korean: KoreanAnalyzer, japanese: JapaneseAnalyzer
) -> list[bool]:
    """For each (line, next line) kept apart by a hard break: does grammar say that the sentence
    runs on across the break, so the break is the layout's and not the writer's?

    Japanese: the next line opens with a word that only follows another one (a particle, an
    auxiliary, a suffix, する / いる / ない), which no sentence, heading or item starts with, or
    one word runs across the break (規格及⏎び試験, 総理大⏎臣).
    Korean: the line ends in a case particle or an adnominal ending (…기술이⏎, …위한⏎), which
    leave the sentence waiting for its verb or noun. Kiwi (``korean``) and Sudachi (``japanese``)
    decide, not word lists.
    """
    out: list[bool] = []
    for line, after in pairs:
        line, after = line.rstrip(), after.lstrip()
        if _JAPANESE.match(line[-1:]) and _JA_HEAD.match(after):
            out.append(japanese.opens_dependent(after) or japanese.spans_break(line, after))
        elif _JAPANESE.match(line[-1:]) and _JAPANESE.match(after[:1]) and not after[1:2].isspace():
            # a kanji or katakana word cut at the line end (総理大⏎臣); two characters across the
            # break are as often two words of a label and the sentence under it (…定める日⏎次の…);
            # one character and a blank opens an item (ア MLETR の…)
            out.append(japanese.spans_break(line, after, min_chars=3))
        elif _KO_TAIL.search(line) and _KO_HEAD.match(after):
            tail = " ".join(line.split()[-2:])
            out.append(korean.last_tag(tail) in _KO_OPEN_TAGS)
        else:
            out.append(False)
    return out
