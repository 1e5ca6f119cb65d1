"""Facets and metadata found in passage text: ministries, plan periods, years, topics,
cited sources and mined aliases; and the country a document is about.

Matching runs on NFKC text with curly quotes folded to ``'`` (令和３年度 -> 令和3年度,
’23 -> '23). We fold with plain NFKC (``analyzers.normalize.nfkc``) rather than the analyzers'
full normalization: only matching needs it and no offsets come back.

The ministry authority is the analyzers' glossary (kinds ministry / agency / council), with
``ingest/data/shared_names.tsv`` for spellings that bodies of several countries bear; plans and
topics are ingest's own tables in ``ingest/data``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from analyzers.normalize import nfkc
from ingest.catalog.dates import ERA_NUMBER, ERAS, NUMBER, era_year, kanji_number
from ingest.model import AliasPair, Citation, Document
from ingest.tables import Plan, load_plans, load_topics, read_tsv

MINISTRY_KINDS = frozenset({"ministry", "agency", "council"})
YEAR_MIN, YEAR_MAX = 1950, 2100
_CONTEXT_CHARS = 80

_QUOTES = ("‘", "’", "‛", "`", "´", "′")


@lru_cache(maxsize=16)
def fold(text: str) -> str:
    """The form all matching here runs on (cached: every finder folds the same passage)."""
    text = nfkc(text)
    for quote in _QUOTES:  # str.replace is C-speed; str.translate with a dict is not
        if quote in text:
            text = text.replace(quote, "'")
    return text


# --- years ---------------------------------------------------------------------------------

# An era year in digits or kanji numerals, as Japanese and Korean write it (ingest.catalog.dates).
_ERA_RE = re.compile(rf"({ERAS})\s*({ERA_NUMBER})\s*(?:年|년)")
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


def find_years(text: str) -> list[int]:
    """Years a text mentions: 2023년, 2023年度, '23, 24년 1월, 令和5年, 令和四年, 平成元年 ..."""
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


# --- countries -----------------------------------------------------------------------------
#
# Which country a name belongs to: the authority files hold Japan's bodies and plans ("jp") and
# Korea's bodies ("kr"); reports also name those of other countries (북한 외무성, 중국 외교부),
# which share their spellings. A mention is placed by the country named just before it, by the
# script it is written in, or by the document's subject country (``subject_country``).

# Country names, longest alternative first where one holds another (North Korea, 대한민국).
_COUNTRY_WORDS = {
    "kp": r"북한|북측|北朝鮮|北韓|조선민주주의인민공화국|North\s+Korea(?:n)?|DPRK",
    "kr": r"대한민국|한국|남한|우리나라|우리\s*정부|韓国|大韓民国|South\s+Korea(?:n)?|Korea(?:n)?",
    "jp": r"일본|日本|Japan(?:ese)?|我が国|わが国|本邦",
    "cn": r"중국|中国|中國|China|Chinese",
    "tw": r"대만|台湾|臺灣|Taiwan(?:ese)?",
    "us": r"미국|米国|美国|美國|United\s+States|U\.S\.|(?<![A-Za-z])USA?(?![A-Za-z])",
    "other": (
        r"영국|英国|독일|프랑스|러시아|캐나다|호주|이탈리아|싱가포르|인도네시아|베트남|태국|필리핀|말레이시아|"
        r"브라질|멕시코|스페인|네덜란드|스웨덴|핀란드|이스라엘|사우디|유럽연합|欧州|"
        r"(?<![ァ-ヺー])(?:ドイツ|フランス|ロシア|カナダ|オーストラリア|イタリア|シンガポール|インドネシア|インド|"
        r"ベトナム|タイ|フィリピン|マレーシア|ブラジル|メキシコ|スペイン|オランダ|スウェーデン|フィンランド|"
        r"イスラエル|サウジアラビア)(?![ァ-ヺー])|"
        r"Germany|German|France|French|Britain|British|Russia|India|Thailand|Vietnam|Europe(?:an)?|"
        r"(?<![A-Za-z])(?:UK|EU)(?![A-Za-z])"
    ),
}
_COUNTRY_RE = re.compile("|".join(f"(?P<{code}>{words})" for code, words in _COUNTRY_WORDS.items()))
# One-character names right before a body, as in headlines: 日 경제산업성, 北 외무성, 美 국무부
# (not 한 and 중, which are mostly "a" and "during": 한 기상청 관계자, 회의 중 외교부 장관).
_SHORT_COUNTRY = {"日": "jp", "일": "jp", "韓": "kr", "北": "kp", "북": "kp", "中": "cn", "美": "us", "米": "us"}
_SHORT_COUNTRY |= {"미": "us", "英": "other", "영": "other", "獨": "other", "독": "other"}
_COUNTRY_CODES = frozenset({"jp", "kr", "kp", "cn", "tw", "us", "other"})
_SHORT_COUNTRY_RE = re.compile(rf"(?<![\w\u3400-\u9fff])([{''.join(_SHORT_COUNTRY)}])\s?$")
# "특허청(KR)", "기상청(일본)": a country in the parenthesis right after the name.
_COUNTRY_AFTER_RE = re.compile(
    r"\s*[(（]\s*(?:(?P<kr>KR|한국|韓国|대한민국|Korea)|(?P<jp>JP|일본|日本|Japan)|(?P<kp>KP|북한|北朝鮮))\s*[)）]"
)
# A head's title: a Korean agency's is 청장 (기상청장), a Japanese agency's 長官 (기상청 장관).
_HEAD_AFTER_RE = re.compile(r"(?P<kr>장(?!관))|\s*(?P<jp>장관)")
# Between a country and a name it qualifies ("일본 정부 경제산업성", "日本の文部科学省", "タイ国家…"),
# on one line: a heading "(ウ)フランス" above "総務省は…" does not qualify it.
_QUALIFIES_RE = re.compile(r"(?:[ \t\u3000]|의|の|정부|政府|측|側|국가|国家)*")
# A country named before the end of the previous sentence or list item says nothing of this name.
_CLAUSE_END_RE = re.compile(r"[.。!?！？](?!\d)|\n\s*[-–—○●◦•‣※❍□■▪▶▷∙·*ㅇ]")
_CUE_CHARS = 24  # how far before a name a country may be named
_HANGUL_RE = re.compile(r"[가-힣]")
# runs, to count characters: findall then builds one string per run, not one per character
_HANGUL_RUN_RE = re.compile(r"[가-힣]+")
_KANA_RUN_RE = re.compile(r"[\u3040-\u30ff]+")
_JA_SCRIPT_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def country_before(text: str, start: int, chars: int = _CUE_CHARS, adjacent: bool = False) -> str | None:
    """The country named just before ``text[start:]`` ("일본 기상청", "日本の気象庁", "북한의 외무성"):
    the nearest country word within ``chars`` characters and the same clause; with ``adjacent``,
    only one that directly qualifies the name (nothing but 의/の/정부 and spaces between)."""
    window = text[max(0, start - chars) : start]
    short = _SHORT_COUNTRY_RE.search(window)
    if short:
        return _SHORT_COUNTRY[short.group(1)]
    named = list(_COUNTRY_RE.finditer(window))
    if not named:
        return None
    last = named[-1]
    gap = window[last.end() :]
    if (adjacent and not _QUALIFIES_RE.fullmatch(gap)) or _CLAUSE_END_RE.search(gap):
        return None
    return last.lastgroup


def country_after(text: str, end: int, name: str, titles: bool = True) -> str | None:
    """The country a name's own suffix says: "특허청(KR)", and with ``titles`` a head's title
    ("기상청장": a Korean agency's head; "기상청 장관": a Japanese one's)."""
    m = _COUNTRY_AFTER_RE.match(text, end)
    if m:
        return m.lastgroup
    if titles and name.endswith("청"):
        m = _HEAD_AFTER_RE.match(text, end)
        if m:
            return m.lastgroup
    return None


# --- plans ---------------------------------------------------------------------------------


def find_plans(text: str, before: str = "", crumbs: str = "", subject: str | None = "jp") -> list[str]:
    """Plan ids a passage refers to.

    ``before`` is the document text just before the passage and ``crumbs`` its breadcrumb:
    both may supply the context a basic-plan match needs ("기본계획" two lines up).

    The plans are Japan's: a match is not one when a country named just before it is another
    ("한국의 제5차 과학기술기본계획", "북한의 … 5개년 계획"), and in a document whose ``subject``
    (``subject_country``) is not Japan it counts only when written in Japanese or with Japan
    named nearby (within the context distance or in the breadcrumb).
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
                if plan.context is not None and not _context_near(plan.context, full, pos, stop, folded_crumbs):
                    continue
                if _range_conflicts(plan, full[stop : stop + 30]):
                    continue
                if not _plan_country_ok(plan, full, pos, stop, folded_crumbs, subject):
                    continue
                hit = True
                break
            if hit:
                break
        if not hit and plan.context is not None and plan.start and plan.end:
            if ranges is None:
                ranges = [(m, r) for m, r in _ranges_with_pos(body)]
            for pos, (start, end) in ranges:
                if (
                    (start, end) == (plan.start, plan.end)
                    and _context_near(plan.context, full, pos + offset, pos + offset, folded_crumbs, chars=200)
                    and _plan_country_ok(plan, full, pos + offset, pos + offset, folded_crumbs, subject)
                ):
                    hit = True
                    break
        if hit:
            found.append(plan.id)
    return found


def _plan_country_ok(plan: Plan, full: str, pos: int, stop: int, crumbs: str, subject: str | None) -> bool:
    said = country_before(full, pos)
    if said is not None:
        return said == plan.country
    if subject == plan.country:
        return True
    if plan.country == "jp" and _JA_SCRIPT_RE.search(full[pos:stop]) and not _HANGUL_RE.search(full[pos:stop]):
        return True  # 第6期科学技術・イノベーション基本計画
    near = full[max(0, pos - _CONTEXT_CHARS) : stop + _CONTEXT_CHARS]
    return any(m.lastgroup == plan.country for rx in (near, crumbs) for m in _COUNTRY_RE.finditer(rx))


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
class _Body:
    """One body a spelling may stand for: a glossary id, or only a country (a body outside it)."""

    id: str | None
    country: str
    loose: bool = False  # "일본 교육부" for MEXT: only when the country is named just before


@dataclass(frozen=True, slots=True)
class _Name:
    """A spelling and the bodies it may stand for."""

    bodies: tuple[_Body, ...]

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(b.country for b in self.bodies)

    @property
    def certain(self) -> bool:
        """Only one country has a body of this name (문부과학성, 과학기술정보통신부, 文部科学省)."""
        return len(self.countries) == 1

    def of(self, country: str | None, loose: bool = False) -> str | None:
        for body in self.bodies:
            if body.country == country and body.id and (loose or not body.loose):
                return body.id
        return None


@dataclass(frozen=True, slots=True)
class _MinistryMatcher:
    forms: tuple[tuple[str, _Name], ...]  # (form, bodies), longest form first


@lru_cache(maxsize=1)
def _ministry_matcher() -> _MinistryMatcher:
    from analyzers import load_glossary  # the analyzers team owns the glossary

    entries: list[_Entry] = [e for e in load_glossary().entries if e.kind in MINISTRY_KINDS]
    return build_ministry_matcher(entries, shared=read_tsv("shared_names.tsv"))


# English names that say no country ("Ministry of Justice", "Cabinet Office") are every country's.
_COUNTRY_IN_NAME_RE = re.compile(r"Japan|Korea|Nippon", re.IGNORECASE)


def build_ministry_matcher(entries: Iterable[_Entry], shared: Iterable[dict[str, str]] = ()) -> _MinistryMatcher:
    """All forms of the given entries, folded, longest first, each with the bodies it may stand for:
    the entries that spell it so, and those ``shared`` (rows of ``data/shared_names.tsv``) adds."""
    bodies: dict[str, list[_Body]] = {}
    countries: dict[str, str] = {}
    for entry in entries:
        country = getattr(entry, "country", "")
        countries[entry.id] = country
        for form in entry.forms:
            form = fold(form).strip()
            if len(form) < 2:
                continue
            known = bodies.setdefault(form, [])
            if all(b.id != entry.id for b in known):
                known.append(_Body(entry.id, country))
            if " " in form and form.isascii() and not _COUNTRY_IN_NAME_RE.search(form):
                known.append(_Body(None, "other"))
    for row in shared:
        form = fold(row["form"]).strip()
        known = bodies.setdefault(form, [])
        for token in row["bodies"].split():
            ident = token.lstrip("~")
            if ident in countries:  # listed here, the entry's own spelling may become a loose one
                known[:] = [b for b in known if b.id != ident]
                known.append(_Body(ident, countries[ident], loose=token.startswith("~")))
            elif ident in _COUNTRY_CODES:
                known.append(_Body(None, ident))
            else:
                raise ValueError(f"shared_names.tsv: {row['form']!r}: {ident!r} is neither a body nor a country")
    names = {form: _Name(tuple(found)) for form, found in bodies.items() if any(b.id for b in found)}
    return _MinistryMatcher(tuple(sorted(names.items(), key=lambda item: -len(item[0]))))


# A Hangul name followed by one of these is another word: 특허청구 (a claim), 환경부담 (a burden),
# 교육부문 (a sector), 경제산업부대신 (a vice-minister), 감사원칙 (a principle), 경제산업성장 (growth).
_NOT_AFTER = {
    "부": re.compile(r"[문담서족분품속채진터위]|대(?!변인)|가가치"),
    "청": re.compile(r"[구년소산취약결렴춘]"),
    "처": re.compile(r"[리분벌방음우]"),
    "원": re.compile(r"[칙료금래활격]"),
    "성": re.compile(r"장(?!관)|[능격공별향분숙]"),
    # 금융위기 (a crisis), 금융위험 (a risk); 개인정보위원회 is another name than the abbreviation 개인정보위
    "위": re.compile(r"원회|[기험상치협반축임탁해주]"),
}
_NOT_BEFORE = "친"  # 친환경성 (eco-friendliness) is not 환경성
_COUNTRY_END_RE = re.compile(f"(?:{_COUNTRY_RE.pattern})$")
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9_]")


def _is_name(body: str, i: int, j: int, form: str) -> bool:
    """Whether ``body[i:j]`` (equal to ``form``) stands as a name rather than inside another word."""
    if form.isascii():  # acronyms and English names: whole words (not KISA_Crypto), case-sensitive
        return not (i and _ASCII_WORD_RE.match(body, i - 1)) and not _ASCII_WORD_RE.match(body, j)
    if not _HANGUL_RE.fullmatch(form[-1]):
        return True
    before = body[i - 1] if i else ""
    if before == _NOT_BEFORE:
        return False
    # A short name glued to the word before it is part of that word (제작사, 내부감사원), unless that
    # word is a country (대한민국특허청) or the text is written without spaces (a bill's 환경부장관).
    glued = len(form) <= 3 and _HANGUL_RE.fullmatch(before or "a")
    if glued and not _COUNTRY_END_RE.search(body[max(0, i - 16) : i]):
        spaced = " " in body[max(0, i - 30) : j + 30]
        if len(form) <= 2 or spaced:
            return False
    blocked = _NOT_AFTER.get(form[-1])
    return not (blocked and blocked.match(body, j))


_Mention = tuple[int, int, str, _Name]  # start, end, form as matched, the bodies it may stand for


def _mentions(body: str, matcher: _MinistryMatcher) -> list[_Mention]:
    """(start, end, form, bodies) of each name in ``body``, longest match first, in text order.

    Plain ``str.find`` per form: a regex alternation of a few hundred names is ten times slower on a
    large file; only forms whose first two characters occur in the text are searched for at all."""
    bigrams = {body[i : i + 2] for i in range(len(body) - 1)}
    taken: list[_Mention] = []
    for form, name in matcher.forms:
        if form[:2] not in bigrams:
            continue
        i = body.find(form)
        while i >= 0:
            j = i + len(form)
            if _is_name(body, i, j, form) and all(j <= s or i >= e for s, e, _, _ in taken):
                taken.append((i, j, form, name))
            i = body.find(form, i + 1)
    return sorted(taken, key=lambda t: t[0])


def _resolve(full: str, start: int, end: int, form: str, name: _Name, subject: str | None, lang: str) -> str | None:
    """The glossary id a mention stands for, or None when its country cannot be told."""
    if name.certain:
        ident = name.bodies[0].id
        if not name.bodies[0].country:
            return ident  # an entry with no country (a test's): nothing to check
        said = country_after(full, end, form, titles=False) or country_before(full, start, adjacent=True)
        return ident if said in (None, name.bodies[0].country) else None
    said = country_after(full, end, form) or country_before(full, start)
    if said:
        return name.of(said, loose=True)
    if _JA_SCRIPT_RE.search(form) and not _HANGUL_RE.search(form) and lang != "ja":
        return name.of("jp")  # a kanji name in a Korean text quotes a Japanese source
    if _HANGUL_RE.search(form) and lang == "ja":
        return name.of("kr")
    return name.of(subject)


def find_ministries(
    text: str,
    matcher: _MinistryMatcher | None = None,
    *,
    subject: str | None = "jp",
    before: str = "",
    lang: str = "ko",
) -> list[str]:
    """Canonical ids of the ministries a text names, in order of first mention.

    Longest match wins, so 내각관방 국가안전보장국 is not also 내각관방. Acronyms and other
    ASCII forms (MEXT, JST) match case-sensitively as whole words: "jst" in a URL or "NEDOS"
    is not the agency. Other forms match as substrings, since Korean particles attach to the
    name (문부과학성이), unless the name runs into another word (특허청구, 교육부문).

    A name several countries' bodies bear (기상청, 특허청, 외무성, 외교부) is tagged with the
    body of the country named just before it (``before`` is the text preceding ``text``), else of
    the country its script implies (kanji in a Korean text), else of ``subject`` (the document's
    subject country: ``subject_country``), else not at all. A name only one country has is tagged
    unless a country qualifying it says otherwise (일본 국토부 is not Korea's ministry).
    """
    body = fold(text)
    return _resolved(_mentions(body, matcher or _ministry_matcher()), body, before, subject, lang)


def _resolved(
    mentions: list[_Mention],
    body: str,
    before: str,
    subject: str | None,
    lang: str,
    named: frozenset[str] | None = None,
) -> list[str]:
    """The ids of ``find_ministries``, from the mentions ``_mentions`` found in the folded ``body``.
    ``named``: the bodies the whole document names by a full name (``_named_in_full``); given,
    an acronym stands for its body only in context (``_in_context``)."""
    head = fold(before)[-_CUE_CHARS:] if before else ""
    full = head + body
    found: list[str] = []
    for i, j, form, name in mentions:
        start, end = i + len(head), j + len(head)
        ident = _resolve(full, start, end, form, name, subject, lang)
        if not ident or ident in found:
            continue
        acronym = named is not None and _ACRONYM_RE.fullmatch(form)
        if not acronym or _in_context(full, start, end, form, name, ident, subject, lang, named or frozenset()):
            found.append(ident)
    return found


# An acronym (KEK, JST, IPA, NII): many are also common terms (key encryption key, Japan Standard
# Time, India pale ale), so a document must give the body some context before one is tagged.
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&\-]{1,6}")
_HOME_LANG = {"jp": "ja", "kr": "ko"}


def _named_in_full(mentions: Iterable[_Mention]) -> frozenset[str]:
    """The bodies a document names by a form that is not an acronym (고에너지가속기연구기구)."""
    return frozenset(
        b.id for _, _, form, name in mentions if not _ACRONYM_RE.fullmatch(form) for b in name.bodies if b.id
    )


def _in_context(
    full: str,
    start: int,
    end: int,
    form: str,
    name: _Name,
    ident: str,
    subject: str | None,
    lang: str,
    named: frozenset[str],
) -> bool:
    """Whether an acronym stands for the body ``ident`` here: the document names that body in
    full somewhere, is about the body's country or written in its language, or says the country
    beside it (일본 KEK, KEK(日本))."""
    country = next((b.country for b in name.bodies if b.id == ident), "")
    if ident in named or (country and (country == subject or _HOME_LANG.get(country) == lang)):
        return True
    said = country_after(full, end, form, titles=False) or country_before(full, start, adjacent=True)
    return bool(country) and said == country


def _certain_counts(mentions: Iterable[_Mention]) -> Counter[str]:
    """Per country, the distinct bodies of that country only among the mentions."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    for _, _, _, name in mentions:
        ident = name.bodies[0].id
        if name.certain and ident and ident not in seen:
            seen.add(ident)
            counts[name.bodies[0].country] += 1
    return counts


# --- subject country -----------------------------------------------------------------------

_SUBJECT_CHARS = 400_000  # enough of a long file to tell its subject
# Signs of whose government a text describes besides country names: Korean officials' titles after a
# body (환경부 장관, 외교부 차관, 기상청장) and "우리 국민/기업/해역"; Japanese ones (経済産業大臣, 경제산업성
# 대신, 気象庁長官). A National Assembly debate on Japan names 일본 often but its speakers are 장관s.
_TITLES = {
    "kr": re.compile(r"[가-힣](?:부\s?(?:장관|차관)|청장(?!관)|처장)|우리\s?(?:국민|기업|경제|사회|해역|측|군)"),
    "jp": re.compile(r"(?:성|省)\s?(?:대신|大臣)|大臣|長官"),
}


def subject_country(
    text: str,
    lang: str | None = None,
    institution: str | None = None,
    mentions: Iterable[_Mention] | None = None,
) -> str | None:
    """The country a document is about: "jp", "kr", "other" (a third country) or None (undecided).

    Counted over the text: country names (일본/日本/Japan, 한국/대한민국/우리나라/韓国, 북한, 중국,
    미국 ...; 한국 at the head of an organization's name, 한국관광공사, does not count), bodies only
    one country has (문부과학성, 과학기술정보통신부), officials' titles (환경부 장관, 기상청장 /
    経済産業大臣), Japanese kana quoted in a Korean text, and the publisher's country. A text is
    about the country of its own language (its "home": Korean text Korea, Japanese text Japan, which
    seldom names itself) unless it names another country at least twice and half again as often as
    its home and as any third one; the home wins when it is named half again as often as any other;
    otherwise the subject is undecided. ``mentions`` are the ministry mentions of the text when the
    caller has found them already.
    """
    body = fold(text[:_SUBJECT_CHARS])
    counts: Counter[str] = Counter()
    for m in _COUNTRY_RE.finditer(body):
        run = re.match(r"[가-힣]*", body[m.end() : m.end() + 12]).group()  # type: ignore[union-attr]
        if m.group() == "한국" and len(run) >= 4:
            continue  # 한국과학기술기획평가원: a name, not the country
        counts[m.lastgroup or "other"] += 1
    counts.update(_certain_counts(mentions if mentions is not None else _mentions(body, _ministry_matcher())))
    for country, rx in _TITLES.items():
        counts[country] += len(rx.findall(body))
    scores = {"jp": float(counts["jp"]), "kr": float(counts["kr"])}
    scores["other"] = float(max((n for c, n in counts.items() if c not in scores), default=0))
    kana = sum(map(len, _KANA_RUN_RE.findall(body)))
    hangul = sum(map(len, _HANGUL_RUN_RE.findall(body)))
    home = "jp" if lang == "ja" or (lang is None and kana > hangul) else "kr" if (lang == "ko" or hangul) else None
    if hangul > kana:
        scores["jp"] += min(5.0, kana / 50)  # Japanese quoted in a Korean text
    if home == "kr":
        scores["kr"] += 1.0
    elif home == "jp":
        scores["jp"] += 1.0 + min(4.0, kana / 1000)
    if institution:
        from analyzers import load_glossary

        entry = load_glossary().lookup(institution)
        if entry is not None and entry.country in scores:
            scores[entry.country] += 1.0
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if home is None:
        (top, score), (_, second) = ranked[0], ranked[1]
        return top if score >= 2 and score >= 1.5 * second else None
    foreign = [(country, score) for country, score in ranked if country != home]
    (top, score), (_, third) = foreign
    if score >= 2 and score >= 1.5 * scores[home] and score >= 1.5 * third:
        return top
    if scores[home] >= 1.5 * score:
        return home
    return None


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
    rf"^\s*(?:(?P<era>{ERAS})\s*(?P<en>{ERA_NUMBER})|(?P<y>(?:19|20)\d\d))"
    rf"(?:\s*[.．年/-]\s*(?P<m>{NUMBER})(?:\s*[.．月/-]\s*(?P<d>{NUMBER}))?)?\s*[.．日]?\s*(?:発行|更新)?\s*$"
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
    month = kanji_number(m.group("m"))
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if m.group("d") is None:
        return f"{year:04d}-{month:02d}"
    day = kanji_number(m.group("d"))
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
        if re.search(_ORG_SUFFIX + "$", first) or (len(first) <= 12 and len(second) > len(first) and date is None):
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
    """``한글(原語)`` pairs and defined short forms (労基法 for 労働基準法) mined from the texts; only
    texts with a parenthesis can hold one."""
    from analyzers import mine_abbreviations, mine_aliases  # the analyzers team owns alias mining

    out: list[AliasPair] = []
    seen: set[tuple[str, str]] = set()
    pairs = (
        pair
        for text in texts
        if "(" in text or "（" in text
        for pair in (*mine_aliases(text), *mine_abbreviations(text))
    )
    for korean, original in pairs:
        if (korean, original) not in seen:
            seen.add((korean, original))
            out.append(AliasPair(korean=korean, original=original))
    return out


# --- putting it together -------------------------------------------------------------------


def tag_document(doc: Document) -> Document:
    """Fill the passages' facets and the document's union of them, its subject country, citations
    and aliases."""
    years: set[int] = set()
    citations: list[Citation] = []
    matcher = _ministry_matcher()
    mentions: list[list[_Mention]] = []
    for p in doc.passages:  # what needs no subject country first, while fold's cache holds the passage
        mentions.append(_mentions(fold(p.text), matcher))
        p.years = find_years(p.text)
        p.topics = find_topics(p.text)
        citations.extend(find_citations(p.text))
        years.update(p.years)
    doc.subject_country = subject_country(doc.text, doc.lang, doc.institution, (m for ms in mentions for m in ms))
    named = _named_in_full(m for ms in mentions for m in ms)
    for p, found in zip(doc.passages, mentions, strict=True):
        before = doc.text[max(0, p.start - 200) : p.start]
        p.ministries = _resolved(found, fold(p.text), before, doc.subject_country, doc.lang, named)
        p.plan_periods = find_plans(p.text, before=before, crumbs=" ".join(p.breadcrumb), subject=doc.subject_country)
    doc.ministries = _union(p.ministries for p in doc.passages)
    doc.plan_periods = _union(p.plan_periods for p in doc.passages)
    doc.topics = _union(p.topics for p in doc.passages)
    doc.years = sorted(years)
    doc.citations = _dedupe(citations)
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
