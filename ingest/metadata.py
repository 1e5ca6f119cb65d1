"""Facets and metadata found in passage text: ministries, plan periods, years, topics,
cited sources and mined aliases.

Matching runs on NFKC text with curly quotes folded to ``'`` (令和３年度 -> 令和3年度,
’23 -> '23). We fold with ``unicodedata`` rather than ``analyzers.normalize``: only
matching needs it, no offsets come back, and it is C-speed on a 10 MB file.

The ministry authority is the analyzers' glossary (kinds ministry / agency / council);
plans and topics are ingest's own tables in ``ingest/data``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ingest.model import AliasPair, Citation, Document

DATA_DIR = Path(__file__).resolve().parent / "data"
MINISTRY_KINDS = frozenset({"ministry", "agency", "council"})
YEAR_MIN, YEAR_MAX = 1950, 2100
_CONTEXT_CHARS = 80

_QUOTES = ("‘", "’", "‛", "`", "´", "′")


@lru_cache(maxsize=16)
def fold(text: str) -> str:
    """The form all matching here runs on (cached: every finder folds the same passage)."""
    text = unicodedata.normalize("NFKC", text)
    for quote in _QUOTES:  # str.replace is C-speed; str.translate with a dict is not
        if quote in text:
            text = text.replace(quote, "'")
    return text


# --- authority tables --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    ko: str
    ja: str
    en: str
    start: int | None
    end: int | None
    patterns: tuple[re.Pattern[str], ...]
    context: re.Pattern[str] | None

    def label(self, lang: str = "ko") -> str:
        return {"ja": self.ja, "en": self.en}.get(lang, self.ko)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    ko: str
    ja: str
    en: str
    keywords: re.Pattern[str]

    def label(self, lang: str = "ko") -> str:
        return {"ja": self.ja, "en": self.en}.get(lang, self.ko)


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a data table; ``#`` lines are comments, the first other line is the header."""
    lines = [
        line
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ValueError(f"{name}: row {number} has {len(cells)} columns, header has {len(header)}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
    return rows


def _year(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


@lru_cache(maxsize=1)
def load_plans() -> tuple[Plan, ...]:
    """The plan-period authority (``ingest/data/plans.tsv``); ids and labels for facets."""
    plans = []
    for row in _read_tsv("plans.tsv"):
        patterns = tuple(re.compile(p.strip()) for p in row["patterns"].split(" || ") if p.strip())
        context = re.compile(row["context"]) if row["context"].strip() else None
        plans.append(
            Plan(
                row["id"],
                row["ko"],
                row["ja"],
                row["en"],
                _year(row["start"]),
                _year(row["end"]),
                patterns,
                context,
            )
        )
    return tuple(plans)


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """The topic authority (``ingest/data/topics.tsv``); ids and labels for facets."""
    return tuple(
        Topic(row["id"], row["ko"], row["ja"], row["en"], re.compile(row["keywords"]))
        for row in _read_tsv("topics.tsv")
    )


# --- years ---------------------------------------------------------------------------------

_ERA_BASE = {"令和": 2018, "平成": 1988, "昭和": 1925, "레이와": 2018, "헤이세이": 1988, "쇼와": 1925}
_ERA_RE = re.compile(r"(令和|平成|昭和|레이와|헤이세이|쇼와)\s*(元|\d{1,2})\s*(?:年|년)")
_UNIT = r"\s*(?:억|만\s*(?:명|엔|원|건|톤)?|엔|円|명|원|건|병상|곳|톤|ml|kW|km|人|件|台|社|%)"
_YEAR4_RE = re.compile(rf"(?<![\d,./A-Za-z_])((?:19|20|21)\d\d)(?![\d,]|\.\d{{3}}|{_UNIT})")
_YEAR2_QUOTE_RE = re.compile(r"(?<![A-Za-z\d])'(\d\d)(?!\d)")
_YEAR2_MONTH_RE = re.compile(r"(?<![\d.'])(\d\d)\s*년\s*\d{1,2}\s*월")
_YEAR_RANGE_RE = re.compile(
    r"(?<![\d.])((?:19|20)\d\d|'\d\d|\d\d(?=\s*년))\s*(?:년도?)?\s*[~～\-‐–—]\s*"
    r"((?:19|20)\d\d|'?\d\d)(?!\d)\s*(?:년도?)?"
)


def _two_digit(yy: str) -> int:
    value = int(yy)
    return 2000 + value if value <= 50 else 1900 + value


def _plausible(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def era_year(era: str, number: str) -> int:
    """令和5 -> 2023, 平成元 -> 1989."""
    return _ERA_BASE[era] + (1 if number == "元" else int(number))


def find_years(text: str) -> list[int]:
    """Years a text mentions: 2023년, 2023年度, '23, 24년 1월, 令和5年, 平成元年 ..."""
    text = fold(text)
    years: set[int] = set()
    for m in _ERA_RE.finditer(text):
        years.add(era_year(m.group(1), m.group(2)))
    for m in _YEAR4_RE.finditer(text):
        years.add(int(m.group(1)))
    for m in _YEAR2_QUOTE_RE.finditer(text):
        years.add(_two_digit(m.group(1)))
    for m in _YEAR2_MONTH_RE.finditer(text):
        years.add(_two_digit(m.group(1)))
    for start, end in _year_ranges(text):
        years.update((start, end))
    return sorted(y for y in years if _plausible(y))


def _year_ranges(text: str) -> list[tuple[int, int]]:
    """(2021~2025), '21년~'25년, 2021-2025, 21년~25년 -> [(2021, 2025)] (already folded text)."""
    out = []
    for m in _YEAR_RANGE_RE.finditer(text):
        a, b = m.group(1).lstrip("'"), m.group(2).lstrip("'")
        start = int(a) if len(a) == 4 else _two_digit(a)
        end = int(b) if len(b) == 4 else (start // 100 * 100 + int(b) if len(a) == 4 else _two_digit(b))
        if _plausible(start) and _plausible(end) and start < end <= start + 30:
            out.append((start, end))
    return out


# --- plans ---------------------------------------------------------------------------------


def find_plans(text: str, before: str = "", crumbs: str = "") -> list[str]:
    """Plan ids a passage refers to.

    ``before`` is the document text just before the passage and ``crumbs`` its breadcrumb:
    both may supply the context a basic-plan match needs ("기본계획" two lines up).
    """
    body = fold(text)
    head = fold(before)
    full = head + body
    offset = len(head)
    folded_crumbs = fold(crumbs)
    ranges = None
    found: list[str] = []
    context_seen: dict[str, bool] = {}
    for plan in load_plans():
        hit = False
        if plan.context is not None:
            key = plan.context.pattern
            if key not in context_seen:
                context_seen[key] = bool(plan.context.search(full) or plan.context.search(folded_crumbs))
            if not context_seen[key]:
                continue  # no "기본계획" anywhere near: no basic plan
        for rx in plan.patterns:
            for m in rx.finditer(body):
                pos, stop = m.start() + offset, m.end() + offset
                if plan.context is not None and not _context_near(
                    plan.context, full, pos, stop, folded_crumbs
                ):
                    continue
                if _range_conflicts(plan, full[stop : stop + 30]):
                    continue
                hit = True
                break
            if hit:
                break
        if not hit and plan.context is not None and plan.start and plan.end:
            if ranges is None:
                ranges = [(m, r) for m, r in _ranges_with_pos(body)]
            for pos, (start, end) in ranges:
                if (start, end) == (plan.start, plan.end) and _context_near(
                    plan.context, full, pos + offset, pos + offset, folded_crumbs, chars=200
                ):
                    hit = True
                    break
        if hit:
            found.append(plan.id)
    return found


def _ranges_with_pos(text: str) -> list[tuple[int, tuple[int, int]]]:
    out = []
    for m in _YEAR_RANGE_RE.finditer(text):
        for span in _year_ranges(m.group(0)):
            out.append((m.start(), span))
    return out


def _context_near(
    rx: re.Pattern[str], text: str, start: int, end: int, crumbs: str, chars: int = _CONTEXT_CHARS
) -> bool:
    return bool(rx.search(text, max(0, start - chars), min(len(text), end + chars)) or rx.search(crumbs))


def _range_conflicts(plan: Plan, after: str) -> bool:
    """ "제5차 과학기술기본계획(2023~2027)" is Korea's 5th plan, not Japan's (2016-2020)."""
    if plan.start is None or plan.end is None:
        return False
    m = re.match(r"[^()（）\d']{0,20}[(（]?\s*", after)
    ranges = _year_ranges(after[m.end() if m else 0 :][:25])
    return bool(ranges) and ranges[0] != (plan.start, plan.end)


# --- topics --------------------------------------------------------------------------------


def find_topics(text: str) -> list[str]:
    body = fold(text)
    return [topic.id for topic in load_topics() if topic.keywords.search(body)]


# --- ministries ----------------------------------------------------------------------------


class _Entry(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def forms(self) -> Iterable[str]: ...


@dataclass(frozen=True, slots=True)
class _MinistryMatcher:
    forms: tuple[tuple[str, str], ...]  # (form, id), longest form first


@lru_cache(maxsize=1)
def _ministry_matcher() -> _MinistryMatcher:
    from analyzers import load_glossary  # the analyzers team owns the glossary

    entries: list[_Entry] = [e for e in load_glossary().entries if e.kind in MINISTRY_KINDS]
    return build_ministry_matcher(entries)


def build_ministry_matcher(entries: Iterable[_Entry]) -> _MinistryMatcher:
    """All forms of the given entries, folded, longest first."""
    ids: dict[str, str] = {}
    for entry in entries:
        for form in entry.forms:
            form = fold(form).strip()
            if len(form) >= 2 and form not in ids:
                ids[form] = entry.id
    return _MinistryMatcher(tuple(sorted(ids.items(), key=lambda item: -len(item[0]))))


def find_ministries(text: str, matcher: _MinistryMatcher | None = None) -> list[str]:
    """Canonical ids of the ministries a text names, in order of first mention.

    Longest match wins, so 내각관방 국가안전보장국 is not also 내각관방. Acronyms and other
    ASCII forms (MEXT, JST) match case-sensitively as whole words: "jst" in a URL or "NEDOS"
    is not the agency. Other forms match as substrings, since Korean particles attach to the
    name (문부과학성이). Plain ``str.find`` per form: a regex alternation of a few hundred
    names is ten times slower on a large file.
    """
    matcher = matcher or _ministry_matcher()
    body = fold(text)
    # Only forms whose first two characters occur in the text are searched for at all.
    bigrams = {body[i : i + 2] for i in range(len(body) - 1)}
    taken: list[tuple[int, int, str]] = []
    for form, mid in matcher.forms:
        if form[:2] not in bigrams:
            continue
        i = body.find(form)
        while i >= 0:
            j = i + len(form)
            whole = not form.isascii() or (
                not (i and body[i - 1].isascii() and body[i - 1].isalnum())
                and not (j < len(body) and body[j].isascii() and body[j].isalnum())
            )
            if whole and all(j <= s or i >= e for s, e, _ in taken):
                taken.append((i, j, mid))
            i = body.find(form, i + 1)
    found: list[str] = []
    for _, _, mid in sorted(taken):
        if mid not in found:
            found.append(mid)
    return found


# --- citations -----------------------------------------------------------------------------

_ORG_SUFFIX = (
    r"(?:省|府|庁|機構|研究所|所|会議|本部|協会|センター|委員会|局|院|社|大学|官房|新聞|"
    r"부|처|청|원|성|기구|연구소|재단|위원회|센터|신문)"
)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_QUOTED_CITATION_RE = re.compile(
    r"(?P<issuer>[^\s()（）「」『』,，、.。:：;]{2,40}?(?:\u3000[^\s()（）「」『』,，.。]{2,30})?"
    r"(?:[(（][A-Z]{2,10}[)）])?)"
    r"\s*(?:[(（](?P<date>[^()（）]{2,24}?)[)）])?\s*[.．,，]?\s*(?:홈페이지\s*)?"
    r"[「『](?P<title>[^」』]{2,150})[」』]"
)
_PAREN_CITATION_RE = re.compile(r"[(（](?P<body>[^()（）]{6,220})[)）]")
_DATE_RE = re.compile(
    r"^\s*(?:(?P<era>令和|平成|昭和)\s*(?P<en>元|\d{1,2})|(?P<y>(?:19|20)\d\d))"
    r"(?:\s*[.．年/-]\s*(?P<m>\d{1,2})(?:\s*[.．月/-]\s*(?P<d>\d{1,2}))?)?\s*[.．日]?\s*(?:発行|更新)?\s*$"
)


def normalize_date(raw: str) -> str | None:
    """ "2026.3.27." -> "2026-03-27", "2025.8." -> "2025-08", "令和5年5月8日" -> "2023-05-08"."""
    m = _DATE_RE.match(fold(raw))
    if not m:
        return None
    year = era_year(m.group("era"), m.group("en")) if m.group("era") else int(m.group("y"))
    if not _plausible(year):
        return None
    if m.group("m") is None:
        return f"{year:04d}"
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if m.group("d") is None:
        return f"{year:04d}-{month:02d}"
    day = int(m.group("d"))
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{year:04d}-{month:02d}"


# Before its title bracket a quoted citation holds at most: issuer (83 chars), date (26),
# punctuation and 홈페이지 (5), and four runs of whitespace.
_QUOTED_PREFIX = 83 + 26 + 5
_SPACE_RUN = re.compile(r"\s+")
_TITLE_OPEN = re.compile("[「『]")


def _quoted_citations(body: str) -> Iterator[re.Match[str]]:
    """The matches of ``_QUOTED_CITATION_RE.finditer(body)``, found without trying every position.

    Every match ends in a bracketed title, so the next match cannot start further than the longest
    possible prefix before the next 「 or 『; the search starts there instead of at every character
    (the regex tries a 2-40 character issuer at each start, which made this the slowest finder).
    """
    longest_space = max(map(len, _SPACE_RUN.findall(body)), default=0)
    lead = _QUOTED_PREFIX + 4 * longest_space
    pos = 0
    while (bracket := _TITLE_OPEN.search(body, pos)) is not None:
        m = _QUOTED_CITATION_RE.search(body, max(pos, bracket.start() - lead))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def find_citations(text: str) -> list[Citation]:
    """Cited sources: ``内閣府(2026.3.27.). 「…」`` and ``(著者, 題名, 媒体, 2023.7.23.)``."""
    body = fold(text)
    out: list[Citation] = []
    quoted = _quoted_citations(body) if ("「" in body or "『" in body) else ()
    for m in quoted:
        issuer = m.group("issuer").strip(" .,:：").removeprefix("(出典)").removeprefix("출처")
        date = normalize_date(m.group("date") or "") if m.group("date") else None
        title = m.group("title").strip()
        if m.group("date") and date is None:
            continue  # "(검색일:…)" and other asides are not dates of issue
        if not (date or re.search(_ORG_SUFFIX + r"(?:[(（][A-Z]{2,10}[)）])?$", issuer)):
            continue  # "제정된 「과학기술기본법」": a law named in a sentence, not a source
        if not (_CJK_RE.search(issuer) or _CJK_RE.search(title)) or (
            re.search(r"[\uac00-\ud7a3]", issuer[-1:]) and not date
        ):
            continue
        out.append(Citation(issuer=issuer, date=date, title=title))
    parens = _PAREN_CITATION_RE.finditer(body) if "(" in body else ()
    for m in parens:
        citation = _paren_citation(m.group("body"))
        if citation is not None:
            out.append(citation)
    return _dedupe(out)


def _paren_citation(body: str) -> Citation | None:
    parts = [p.strip() for p in re.split(r"\s*[,，]\s*", body) if p.strip()]
    if len(parts) < 2 or not _CJK_RE.search(body):
        return None
    date = normalize_date(parts[-1])
    if date is not None:
        parts = parts[:-1]
    if len(parts) >= 3:  # author, title, publisher
        issuer, title = parts[-1], parts[1]
    elif len(parts) == 2:
        first, second = parts
        if re.search(_ORG_SUFFIX + "$", first) or (
            len(first) <= 12 and len(second) > len(first) and date is None
        ):
            issuer, title = first, second
        else:
            title, issuer = first, second
    else:
        return None
    if date is None and not re.search(_ORG_SUFFIX + "$", issuer):
        return None
    if not _CJK_RE.search(issuer + title) or len(title) < 2:
        return None
    return Citation(issuer=issuer, date=date, title=title)


def _dedupe(citations: list[Citation]) -> list[Citation]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in citations:
        key = (c.issuer, c.title)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# --- aliases -------------------------------------------------------------------------------


def find_aliases(texts: Iterable[str]) -> list[AliasPair]:
    """``한글(原語)`` pairs mined from the texts; only texts with a parenthesis can hold one."""
    from analyzers import mine_aliases  # the analyzers team owns alias mining

    out: list[AliasPair] = []
    seen: set[tuple[str, str]] = set()
    pairs = (pair for text in texts if "(" in text or "（" in text for pair in mine_aliases(text))
    for korean, original in pairs:
        if (korean, original) not in seen:
            seen.add((korean, original))
            out.append(AliasPair(korean=korean, original=original))
    return out


# --- putting it together -------------------------------------------------------------------


def tag_document(doc: Document) -> Document:
    """Fill the passages' facets and the document's union of them, citations and aliases."""
    years: set[int] = set()
    for p in doc.passages:
        before = doc.text[max(0, p.start - 200) : p.start]
        p.ministries = find_ministries(p.text)
        p.plan_periods = find_plans(p.text, before=before, crumbs=" ".join(p.breadcrumb))
        p.years = find_years(p.text)
        p.topics = find_topics(p.text)
        years.update(p.years)
    doc.ministries = _union(p.ministries for p in doc.passages)
    doc.plan_periods = _union(p.plan_periods for p in doc.passages)
    doc.topics = _union(p.topics for p in doc.passages)
    doc.years = sorted(years)
    doc.citations = _dedupe([c for p in doc.passages for c in find_citations(p.text)])
    doc.aliases = find_aliases(p.text for p in doc.passages)
    return doc


def _union(lists: Iterable[list[str]]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for items in lists:
        for item in items:
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out
