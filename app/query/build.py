"""Build the OpenSearch query body from a parsed query. Pure functions, no I/O.

Two parts, so that a large library stays fast:

- ``match_query`` decides which passages match and ranks them first: each query word by the
  best way a passage says it (the word as written, field ``surf``, or another spelling of it,
  a reading or an alias, above the word only found in the analyzed field ``all`` or through the
  parts of a compound), or by the document title. Only term-level clauses that Lucene can skip through.
- ``refine_query`` adds what costs more to compute for every match: the word's rarity, the
  headings (and all of the query in them: a heading typed as the query), the other ways the
  passage says it, and neighbouring words near each other. The
  service sends it as a rescore window over the top hits, or inside the query for other orders.

A character-bigram phrase on ``text`` is the last resort for words the morphological analyzers
split differently: for quoted phrases, and in ``fallback_query`` when no word matched at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from analyzers.scripts import script_of
from analyzers.tokens import Origin, Script, Token
from app.query.parse import Clause, ParsedQuery
from app.query.units import Unit, to_units

AnalyzeQuery = Callable[[str], list[Token]]

# Boosts, tuned on tests/eval and ../shared/eval/dev_queries.jsonl.
BOOST_SURFACE = 4.0
BOOST_ALL = 3.0
# Another spelling of the word (the other script's, 外務省 / 외무성; an alias; a reading) counts as the
# word itself. Below the surface, a library holding both languages buried the other spelling under every
# passage in the query's own script (経済産業省: the first 경제산업성 passage ranked 10th; at parity, 6th).
BOOST_ALTERNATIVE = BOOST_SURFACE
BOOST_GUESS = 2.5  # a kana word's Hangul transcription (see ``Unit.guesses``)
BOOST_PHONETIC = 3.0  # a sound-alike in the other script (see ``Unit.keys``)
BOOST_PARTS = 2.0
BOOST_SOME_PARTS = 1.0
BOOST_PART_READINGS = 1.5
BOOST_BIGRAM = 1.0
BOOST_PROXIMITY = 1.0
BOOST_TITLE = 2.0
BOOST_COVERAGE = 4.0
BOOST_SECTION = 1.0
# Every word of the query in a passage's headings: the query names its section. Worth three times the words'
# coverage: the section's own text seldom repeats its heading, while text elsewhere says its words often.
BOOST_HEADING_ALL = 3 * BOOST_COVERAGE
PROXIMITY_SLOP = 3
TIE_BREAKER = 0.2
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(slots=True)
class AnalyzedClause:
    clause: Clause
    units: list[Unit]


@dataclass(frozen=True, slots=True)
class Bridge:
    """A spelling that spans several query words: 후루사토 납세 → 후루사토납세 / ふるさと納税."""

    groups: tuple[int, ...]  # indices into AnalyzedQuery.groups
    terms: frozenset[str]


@dataclass(slots=True)
class AnalyzedQuery:
    groups: list[list[AnalyzedClause]]
    excluded: list[AnalyzedClause]
    bridges: list[Bridge] = field(default_factory=list)

    def highlight_terms(self) -> list[tuple[frozenset[str], frozenset[str]]]:
        """Per query unit: the word and its other spellings, then its parts as a fallback."""
        units = [
            (frozenset((*u.spellings, *u.sounds, *u.keys)), frozenset((*u.parts, *u.part_readings)))
            for g in self.groups
            for c in g
            for u in c.units
        ]
        return units + [(b.terms, frozenset()) for b in self.bridges]

    def word_terms(self) -> list[tuple[str, frozenset[str]]]:
        """Per query word as typed: every term that counts as the passage containing it."""
        # a word as the user typed it (받아들이기, not the stem 받아들이); within a run of several words
        # written without spaces (a Japanese question), each analysed word
        return [
            (c.clause.text if len(c.units) == 1 else u.raw, frozenset(u.terms))
            for g in self.groups
            for c in g
            for u in c.units
        ]

    def literal_words(self) -> list[str]:
        return [c.clause.text for g in self.groups for c in g]


def analyze_query(parsed: ParsedQuery, analyze: AnalyzeQuery) -> AnalyzedQuery:
    """Analyze the query once; the query body and the highlighter both use the result.

    The plain words are analyzed together, as one text, so that a name written across words
    (후루사토 납세, 소니 그룹) is recognised; each word then gets the tokens inside it, and a
    token spanning several words becomes a Bridge. Phrases, OR alternatives and exclusions are
    analyzed on their own.
    """

    def one(clause: Clause) -> AnalyzedClause:
        return AnalyzedClause(clause, to_units(clause.text, analyze(clause.text)))

    plain = [i for i, g in enumerate(parsed.groups) if len(g) == 1 and not g[0].phrase]
    spans: dict[int, tuple[int, int]] = {}  # group index → the word's offsets in ``joined``
    cursor = 0
    for i in plain:
        spans[i] = (cursor, cursor + len(parsed.groups[i][0].text))
        cursor = spans[i][1] + 1
    joined = " ".join(parsed.groups[i][0].text for i in plain)
    inside: dict[int, list[Token]] = {i: [] for i in plain}
    spanning: dict[tuple[int, ...], list[Token]] = {}
    for tok in analyze(joined) if plain else []:
        covered = tuple(i for i, (s, e) in spans.items() if tok.start < e and tok.end > s)
        if len(covered) == 1:
            s = spans[covered[0]][0]
            inside[covered[0]].append(tok._replace(start=tok.start - s, end=tok.end - s))
        elif len(covered) > 1:
            spanning.setdefault(covered, []).append(tok)
    # Words that only exist together (미스터 허드슨 → 미스터허드슨) are one word of the query; words that
    # also have their own tokens stay apart, and the spanning spelling bridges them.
    merged = {c[0]: c for c in spanning if not any(inside[i] for i in c)}
    absorbed = {i for c in merged.values() for i in c}
    bridge_terms = {
        c: {t.term for t in toks if t.origin is not Origin.SUBUNIT}
        for c, toks in spanning.items()
        if c not in merged.values()
    }

    groups: list[list[AnalyzedClause]] = []
    index_of: dict[int, int] = {}
    for i, g in enumerate(parsed.groups):
        if i in merged:
            s, e = spans[merged[i][0]][0], spans[merged[i][-1]][1]
            toks = [t._replace(start=t.start - s, end=t.end - s) for t in spanning[merged[i]]]
            analyzed = [AnalyzedClause(Clause(joined[s:e]), to_units(joined[s:e], toks))]
        elif i in absorbed:
            continue
        elif i in inside:
            analyzed = [AnalyzedClause(g[0], to_units(g[0].text, inside[i]))]
        else:
            analyzed = [one(c) for c in g]
        analyzed = [c for c in analyzed if c.units]
        if analyzed:
            index_of[i] = len(groups)
            groups.append(analyzed)
    bridges = [
        Bridge(tuple(index_of[i] for i in covered), frozenset(terms))
        for covered, terms in bridge_terms.items()
        if all(i in index_of for i in covered)
    ]
    return AnalyzedQuery(
        groups=groups,
        excluded=[c for c in (one(c) for c in parsed.excluded) if c.units],
        bridges=bridges,
    )


def _term(field: str, value: str, boost: float) -> dict:
    return {"term": {field: {"value": value, "boost": boost}}}


def _phrase(field: str, text: str, boost: float, slop: int = 0) -> dict:
    body: dict = {"query": text, "boost": boost, "slop": slop}
    if field in ("all", "surf"):
        body["analyzer"] = "stacked"
    return {"match_phrase": {field: body}}


def _sum_of(queries: list[dict]) -> dict:
    """Each of ``queries`` adds its score; one stays as it is."""
    return queries[0] if len(queries) == 1 else {"bool": {"should": queries}}


def _best_of_clauses(queries: list[dict]) -> dict:
    """An OR group: the best-scoring alternative; one stays as it is."""
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries}}


def unit_name(indices: range | list[int]) -> str:
    """The ``_name`` of the clause that finds these query units (flat indices, as in
    ``AnalyzedQuery.highlight_terms``) in a passage's own text; hits list it in matched_queries."""
    return "u:" + ",".join(map(str, indices))


def matched_units(names: list[str] | None) -> set[int]:
    """Flat unit indices whose clause matched a hit, from its ``matched_queries``."""
    return {int(i) for n in names or () if n.startswith("u:") for i in n[2:].split(",") if i}


def _best_of(options: list[dict], name: str | None, boost: float = 1.0) -> dict:
    """The best-scoring of ``options``; named when ``name`` is given."""
    # No tie_breaker: with one, a dis_max cannot pass Lucene the minimum competitive score, so every
    # passage holding any option is scored (経済産業省 on 1M passages: took 74 → 11 ms without it).
    # ``unit_others`` adds the other options' share in the rescore window instead.
    body: dict = {"queries": options}
    if name:
        body["_name"] = name
    if boost != 1.0:
        body["boost"] = boost
    return {"dis_max": body}


def unit_options(unit: Unit, lean: bool = False) -> list[dict]:
    """Each way the passage may say this word: as written, another spelling, or its parts.

    A compound the passage never writes whole still earns partial credit from the parts it
    does contain (京都市長 → 京都 … 市長), as a plain analyzer would give it. ``lean`` leaves out
    that partial credit, for queries too long for every clause.
    """
    options: list[dict] = [
        _term("surf", unit.surface, BOOST_SURFACE),
        _term("all", unit.surface, BOOST_ALL),
    ]
    options += [_term("all", alt, BOOST_ALTERNATIVE) for alt in unit.alternatives]
    options += [_term("all", g, BOOST_GUESS) for g in unit.guesses]
    # a Japanese word's sound is how a Korean passage writes it: a word of that passage (all)
    options += [_term("all", s, BOOST_GUESS) for s in unit.sounds]
    if script_of(unit.surface) is Script.HANGUL:
        # a Japanese passage keeps how its words sound in Hangul (岸田 기시다, 寄席 요세) in ``sound``
        options.append(_term("sound", unit.surface, BOOST_PHONETIC))
    options += [_term("sound", k, BOOST_PHONETIC) for k in unit.keys]
    if len(unit.parts) > 1:
        options.append(_phrase("all", " ".join(unit.parts), BOOST_PARTS))
        # A part of one character (第 and 条 of 第36条, 多 of 多国籍企業) says too little alone to credit.
        # the parts' readings too: a Korean passage may write 漢陽市内 apart as 한양 시내
        telling = [p for p in dict.fromkeys((*unit.parts, *unit.part_readings)) if len(p) > 1]
        if telling and not lean:
            options.append({"bool": {"should": [_term("all", p, BOOST_SOME_PARTS) for p in telling]}})
    if len(unit.part_readings) > 1:
        options.append(_phrase("all", " ".join(unit.part_readings), BOOST_PART_READINGS))
    return options


def unit_query(unit: Unit, lean: bool = False, name: str | None = None) -> dict:
    """The best way the passage says this word, worth ``1 - TIE_BREAKER`` of it; ``unit_others``
    adds the rest, so that a passage saying the word several ways (経済産業省 and 경제산업성) ranks
    above one saying it once."""
    return _best_of(unit_options(unit, lean), name, 1.0 - TIE_BREAKER)


def unit_others(unit: Unit) -> dict:
    """``TIE_BREAKER`` of every way the passage says the word: with ``unit_query`` the score of a
    dis_max with that tie breaker, which OpenSearch could not skip through."""
    return {"bool": {"should": unit_options(unit), "boost": TIE_BREAKER}}


def unit_title(unit: Unit) -> dict:
    """The document title names the word: it says what the passage is about, which its sentences
    often leave implicit (an article about 김영삼 says 그는, 彼は)."""
    return {"dis_max": {"queries": [_term("title_all", s, BOOST_TITLE) for s in unit.spellings]}}


def unit_headings(unit: Unit) -> dict:
    """The passage's headings name the word. A ranking signal only: every passage of a section
    shares its headings, so as a way to match they would add thousands of passages per word (on 1M
    passages p99 41 → 77 ms)."""
    return {"dis_max": {"queries": [_term("section_all", s, BOOST_SECTION) for s in unit.spellings]}}


def unit_coverage(unit: Unit) -> dict:
    """The word is there at all, worth its rarity (all.cover has no frequencies and no lengths, so
    its BM25 score is the term's IDF): a passage holding more of a question's words ranks above one
    repeating a single word, and a common word (もの, 경우) adds little."""
    return {
        "dis_max": {
            "queries": [
                _term(field, t, BOOST_COVERAGE)
                for field in ("all.cover", "title_all")
                for t in dict.fromkeys((*unit.spellings, *unit.parts))
            ]
        }
    }


def phrase_query(clause: AnalyzedClause, name: str | None = None) -> dict:
    parts = [p for u in clause.units for p in u.parts]
    options = [_phrase("all", " ".join(parts), BOOST_ALL)]
    if all(u.part_readings or u.spellings[1:] for u in clause.units):
        readings = [r for u in clause.units for r in (u.part_readings or u.spellings[1:2])]
        options.append(_phrase("all", " ".join(readings), BOOST_PART_READINGS))
    if _CJK.search(clause.clause.text):
        options.append(_phrase("text", clause.clause.text, BOOST_BIGRAM))
    return _best_of(options, name)


def clause_query(clause: AnalyzedClause, lean: bool = False, first: int = 0) -> dict:
    """A quoted phrase as a whole; otherwise each unit scores on its own, in the passage or in its
    document's title, none is required. ``first``: the flat index of the clause's first unit, for
    the clauses' names; ``lean`` leaves out partial credit and titles."""
    if clause.clause.phrase:
        return phrase_query(clause, unit_name(range(first, first + len(clause.units))))
    units = [unit_query(u, lean, unit_name([first + i])) for i, u in enumerate(clause.units)]
    if not lean:
        units = [{"bool": {"should": [q, unit_title(u)]}} for q, u in zip(units, clause.units, strict=True)]
    return _sum_of(units)


def exclusion_query(clause: AnalyzedClause) -> dict:
    parts = _phrase("all", " ".join(p for u in clause.units for p in u.parts), 1.0)
    if clause.clause.phrase or len(clause.units) > 1:
        return parts
    unit = clause.units[0]
    whole = {"terms": {"all": list(unit.spellings)}}
    # The parts too: "-5개년" must also exclude passages that write "5 개년".
    return {"bool": {"should": [whole, parts]}} if len(unit.parts) > 1 else whole


def proximity_query(query: AnalyzedQuery) -> dict | None:
    """Neighbouring query words found near each other: each adjacent pair is one sloppy phrase.

    A question rarely has all its words in one phrase, but an answer passage keeps pairs of them
    close ("ラオス … 首都", "방탄소년단 … 빌보드"); a pair scores wherever it occurs.
    """
    words = [" ".join(u.parts) for g in query.groups if len(g) == 1 and not g[0].clause.phrase for u in g[0].units]
    if len(words) < 2:
        return None
    pairs = [_phrase("all", f"{a} {b}", BOOST_PROXIMITY, slop=PROXIMITY_SLOP) for a, b in pairwise(words)]
    return _sum_of(pairs)


def _is_phrase_group(group: list[AnalyzedClause]) -> bool:
    return len(group) == 1 and group[0].clause.phrase


def match_query(query: AnalyzedQuery, lean: bool = False) -> dict:
    """Which passages match, and their first ranking: quoted phrases and exclusions filter; every
    other word only ranks.

    A passage must match at least one query word (or every quoted phrase); the more words it
    matches, the higher it ranks. So a question whose words are not all in one passage still finds
    the passages that hold most of them. ``refine_query`` then reorders the best of them.
    """
    body: dict = {"bool": {}}
    if not query.groups:
        body["bool"]["must"] = [{"match_all": {}}]
    required: list[dict] = []
    ranked: list[dict] = []
    first = 0  # flat index of the next unit
    n_units = sum(len(c.units) for g in query.groups for c in g)  # bridges follow the units
    for i, g in enumerate(query.groups):
        clauses = []
        for c in g:
            clauses.append(clause_query(c, lean, first))
            first += len(c.units)
        if _is_phrase_group(g):
            required.append(clauses[0])
            continue
        q = _best_of_clauses(clauses)
        spelled = [j for j, b in enumerate(query.bridges) if i in b.groups]
        if spelled:
            # A passage that writes the multi-word name as one term satisfies every word it spans.
            terms = sorted({t for j in spelled for t in query.bridges[j].terms})
            bridge = {
                "bool": {
                    "should": [_term("all", t, BOOST_ALTERNATIVE) for t in terms],
                    "_name": unit_name([n_units + j for j in spelled]),
                }
            }
            q = {"dis_max": {"queries": [q, bridge]}}
        ranked.append(q)
    if required:
        body["bool"]["must"] = required
    if ranked:
        body["bool"]["should"] = ranked
        if not required:
            body["bool"]["minimum_should_match"] = 1
    if query.excluded:
        body["bool"]["must_not"] = [exclusion_query(c) for c in query.excluded]
    return body


def unit_refinements(unit: Unit) -> list[dict]:
    return [unit_coverage(unit), unit_headings(unit), unit_others(unit)]


def heading_query(query: AnalyzedQuery) -> dict | None:
    """The query is a section's heading (or most of it): every word of a query of two or more is in
    the passage's headings. Passages elsewhere that only mention the words, however often, do not
    get it. None for a single word (many sections share one), quoted phrases, OR groups and a
    query that ends in a predicate."""
    groups = [g for g in query.groups if not _is_phrase_group(g)]
    if any(len(g) != 1 for g in groups):
        return None
    units = [u for g in groups for u in g[0].units]
    if len(units) < 2:
        return None
    # A heading ends in a noun; a sentence or a question ends in its predicate (인구가 감소했다,
    # 育成するには), which no unit holds.
    if not groups[-1][0].clause.text.rstrip(" ?？.。!！").endswith(units[-1].raw):
        return None
    return {"bool": {"must": [unit_headings(u) for u in units], "boost": BOOST_HEADING_ALL}}


def refine_query(query: AnalyzedQuery) -> dict | None:
    """Scores added to the best matches: each word's rarity, its place in the headings, the other
    ways a passage says it, and neighbouring words found near each other. None when there is
    nothing to add.

    These clauses cost more than finding the matches (a score for every passage holding a common
    word, sloppy phrases over positions), so OpenSearch applies them to a window of top hits
    (``rescore``); with another sort order they join the query (``build_query``).
    """
    refined: list[dict] = []
    for g in query.groups:
        if _is_phrase_group(g):
            continue
        refined.append(_best_of_clauses([_sum_of([_sum_of(unit_refinements(u)) for u in c.units]) for c in g]))
    heading = heading_query(query)
    if heading:
        refined.append(heading)
    proximity = proximity_query(query)
    if proximity:
        refined.append(proximity)
    return {"bool": {"should": refined}} if refined else None


# A Korean passage's weight is capped: past twice, a passage saying one word of a long question would
# outrank Japanese passages saying most of it.
MAX_KOREAN_WEIGHT = 2.0
_SAID_IN_KOREAN = (Script.HANGUL, Script.LATIN, Script.DIGIT)


def korean_weight(query: AnalyzedQuery) -> float:
    """How much a Korean passage's score is raised so that it competes fairly with Japanese passages
    for a question written in Japanese.

    A Japanese passage can hold every word of a Japanese question; a Korean passage only those that
    have a Hangul spelling (a kanji word's reading, a name, a transcription, an alias). Verbs, particles
    turned words and kana words with no reading (述べる, いくら) never match in Korean, so on a library
    holding both languages the Japanese passages that share them outrank the Korean answer. A passage is
    scored by the share of the question it could say at all: the weight is (query words) / (query words
    with a Hangul spelling). A question in Korean has a Hangul spelling for every word: weight 1, so
    Korean questions rank exactly as before.
    """
    units = [u for g in query.groups if not _is_phrase_group(g) for c in g for u in c.units]
    sayable = sum(1 for u in units if any(script_of(s) in _SAID_IN_KOREAN for s in (*u.spellings, *u.sounds)))
    if not sayable:
        return 1.0
    return min(MAX_KOREAN_WEIGHT, len(units) / sayable)


def weigh_korean(query: dict, weight: float) -> dict:
    """``query`` with the scores of Korean passages multiplied by ``weight`` (see ``korean_weight``)."""
    if weight == 1.0:
        return query
    return {
        "function_score": {
            "query": query,
            "functions": [{"filter": {"term": {"lang": "ko"}}, "weight": weight}],
            "boost_mode": "multiply",
        }
    }


def build_query(query: AnalyzedQuery, lean: bool = False) -> dict:
    """The match and its refinement in one query, for orders other than relevance (a rescore
    window needs the relevance order). ``lean``: the match alone, for queries with too many words."""
    match = match_query(query, lean)
    refine = None if lean else refine_query(query)
    return {"bool": {"must": [match], "should": [refine]}} if refine else match


def fallback_query(query: AnalyzedQuery) -> dict:
    """When no query word is in the index as analyzed: character bigrams of the words as typed.

    The morphological analyzers can split a rare word differently in the query and in a passage;
    their bigrams still meet.
    """
    text = " ".join(c.clause.text for g in query.groups for c in g)
    body: dict = {"bool": {"must": [{"match": {"text": {"query": text}}}]}}
    if query.excluded:
        body["bool"]["must_not"] = [exclusion_query(c) for c in query.excluded]
    return body


# OpenSearch rejects a query with more than 1024 leaf clauses (indices.query.bool.max_clause_count) with
# a 500 "too_many_nested_clauses"; a query within the character limit can produce that many (~160 words).
MAX_QUERY_CLAUSES = 1000
_LEAVES = frozenset({"term", "terms", "match_phrase", "match_all"})


def count_clauses(query: dict | list) -> int:
    """Leaf queries in a body built here, counted as Lucene counts them against max_clause_count."""
    count = 0
    stack: list = [query]
    while stack:  # a loop, not recursion over generators: this runs on every search
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        for key, value in node.items():
            if key in _LEAVES:
                count += 1
            elif isinstance(value, dict | list):
                stack.append(value)
    return count
