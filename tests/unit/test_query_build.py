import json
from types import SimpleNamespace

from analyzers.tokens import Origin, Script, Token
from app.query.build import (
    BOOST_HEADING_ALL,
    analyze_query,
    build_query,
    fallback_query,
    heading_query,
    match_query,
    matched_units,
    refine_query,
    unit_options,
)
from app.query.facets import SAMPLED, aggregations, facet_buckets, post_filter, selection_filters
from app.query.parse import parse_query
from app.query.units import to_units


def tok(term: str, pos: int, start: int, end: int, origin: Origin = Origin.SURFACE, span: int = 1) -> Token:
    return Token(term, pos, start, end, Script.HANGUL, origin, span)


COMPOUND = [
    tok("문부과학성", 0, 0, 5, span=2),
    tok("文部科学省", 0, 0, 5, Origin.ALIAS, span=2),
    tok("문부", 0, 0, 2, Origin.SUBUNIT),
    tok("과학성", 1, 2, 5, Origin.SUBUNIT),
    tok("예산", 2, 6, 8),
]


def test_units_group_whole_alternatives_and_parts() -> None:
    units = to_units("문부과학성 예산", COMPOUND)
    assert [u.surface for u in units] == ["문부과학성", "예산"]
    assert units[0].alternatives == ("文部科学省",)
    assert units[0].parts == ("문부", "과학성")
    assert units[0].raw == "문부과학성"
    assert units[1].parts == ("예산",)


WORDS = {
    "문부과학성": COMPOUND[:4],
    "예산": [tok("예산", 0, 0, 2)],
    "방위성": [tok("방위성", 0, 0, 3)],
    "후루사토": [tok("후루사토", 0, 0, 4)],
    "납세": [tok("납세", 0, 0, 2)],
}
# What the glossary adds when the two words stand together.
SPANNING = {
    "후루사토 납세": [tok("후루사토납세", 0, 0, 7, Origin.ALIAS, span=2)],
    # Kiwi reads some names only together: neither word has a token of its own
    "미스터 허드슨 예산": [tok("미스터허드슨", 0, 0, 7)],
}


def fake_analyze(text: str) -> list[Token]:
    """Word by word from WORDS, shifted to the word's offset and position, plus SPANNING names."""
    out: list[Token] = []
    offset = position = 0
    for word in text.split(" "):
        toks = WORDS.get(word, [])
        out += [t._replace(start=t.start + offset, end=t.end + offset, position=t.position + position) for t in toks]
        position += max((t.position + t.span for t in toks), default=0)
        offset += len(word) + 1
    return out + SPANNING.get(text, [])


def test_words_that_only_exist_together_become_one_query_word() -> None:
    query = analyze_query(parse_query("미스터 허드슨 예산"), fake_analyze)
    assert [[c.clause.text for c in g] for g in query.groups] == [["미스터 허드슨"], ["예산"]]
    assert [u.surface for u in query.groups[0][0].units] == ["미스터허드슨"]
    assert query.bridges == []
    assert "미스터허드슨" in str(build_query(query))


def _text_options(unit_query: dict) -> list[dict]:
    """The passage-text options of a unit's match clause (the other branch matches titles and headings)."""
    return unit_query["bool"]["should"][0]["dis_max"]["queries"]


def test_other_spelling_counts_as_the_word_and_above_its_parts() -> None:
    query = analyze_query(parse_query("문부과학성"), fake_analyze)
    options = _text_options(match_query(query)["bool"]["should"][0])
    surf = options[0]["term"]["surf"]
    alias = next(o for o in options if "term" in o and o["term"].get("all", {}).get("value") == "文部科学省")
    parts = next(o for o in options if "match_phrase" in o)
    assert surf["value"] == "문부과학성"
    # a passage writing only 文部科学省 answers 문부과학성 as well as one writing it in Hangul
    assert alias["term"]["all"]["boost"] == surf["boost"]
    assert alias["term"]["all"]["boost"] > parts["match_phrase"]["all"]["boost"]


def test_excluded_terms_go_to_must_not_and_proximity_refines() -> None:
    query = analyze_query(parse_query("문부과학성 예산 -방위성"), fake_analyze)
    assert match_query(query)["bool"]["must_not"] == [{"terms": {"all": ["방위성"]}}]
    refine = refine_query(query)
    assert refine is not None
    assert refine["bool"]["should"][-1]["match_phrase"]["all"]["query"] == "문부 과학성 예산"
    assert "방위성" not in str(refine)


def test_no_plain_word_is_required_but_one_must_match() -> None:
    query = analyze_query(parse_query("문부과학성 예산 방위성"), fake_analyze)
    body = match_query(query)
    assert "must" not in body["bool"]
    assert body["bool"]["minimum_should_match"] == 1
    assert len(body["bool"]["should"]) == 3  # one clause per word
    refine = refine_query(query)
    assert refine is not None
    # each word's rarity and headings, all the words in the headings, then the proximity pairs
    assert len(refine["bool"]["should"]) == 3 + 1 + 1
    pairs = refine["bool"]["should"][-1]["bool"]["should"]
    assert [p["match_phrase"]["all"]["query"] for p in pairs] == ["문부 과학성 예산", "예산 방위성"]


def test_a_query_of_nouns_may_be_a_heading_and_a_sentence_is_not() -> None:
    heading = heading_query(analyze_query(parse_query("문부과학성 예산"), fake_analyze))
    assert heading is not None and heading["bool"]["boost"] == BOOST_HEADING_ALL
    assert [json.dumps(q, ensure_ascii=False).count("section_all") > 0 for q in heading["bool"]["must"]] == [True] * 2
    assert heading_query(analyze_query(parse_query("예산"), fake_analyze)) is None  # one word: many sections
    # the last word ends in what no unit holds, as a predicate's ending does (감소했다: 감소 + 했다)
    ending = analyze_query(parse_query("문부과학성 예산했다"), lambda t: fake_analyze(t.replace("예산했다", "예산  ")))
    assert [u.raw for g in ending.groups for u in g[0].units] == ["문부과학성", "예산"]
    assert heading_query(ending) is None
    assert heading_query(analyze_query(parse_query('"문부과학성 예산"'), fake_analyze)) is None


def test_the_title_matches_and_the_headings_only_rank() -> None:
    query = analyze_query(parse_query("문부과학성 예산"), fake_analyze)
    match, refine = json.dumps(match_query(query)), json.dumps(refine_query(query))
    assert "title_all" in match and "section_all" not in match
    assert "section_all" in refine and "all.cover" in refine and "all.cover" not in match


def test_build_query_adds_the_refinement_to_the_match_for_other_orders() -> None:
    query = analyze_query(parse_query("문부과학성 예산"), fake_analyze)
    combined = build_query(query)
    assert combined == {"bool": {"must": [match_query(query)], "should": [refine_query(query)]}}
    assert build_query(query, lean=True) == match_query(query, lean=True)
    assert refine_query(analyze_query(parse_query('"문부과학성"'), fake_analyze)) is None


def test_a_quoted_phrase_is_required_and_other_words_only_rank() -> None:
    body = match_query(analyze_query(parse_query('"문부과학성" 예산'), fake_analyze))
    assert len(body["bool"]["must"]) == 1
    assert "match_phrase" in str(body["bool"]["must"][0])
    assert "minimum_should_match" not in body["bool"]
    assert body["bool"]["should"]


def test_a_compound_scores_partly_through_its_parts() -> None:
    body = match_query(analyze_query(parse_query("문부과학성"), fake_analyze))
    some = [o for o in _text_options(body["bool"]["should"][0]) if "bool" in o]
    assert [t["term"]["all"]["value"] for t in some[0]["bool"]["should"]] == ["문부", "과학성"]


def test_parts_of_one_character_earn_no_partial_credit() -> None:
    article = [
        Token("第36条", 0, 0, 4, Script.JAPANESE, Origin.SURFACE, 3),
        Token("제36조", 0, 0, 4, Script.JAPANESE, Origin.READING, 3),
        Token("第", 0, 0, 1, Script.JAPANESE, Origin.SURFACE, 1),
        Token("36", 1, 1, 3, Script.JAPANESE, Origin.SURFACE, 1),
        Token("条", 2, 3, 4, Script.JAPANESE, Origin.SURFACE, 1),
    ]
    body = match_query(analyze_query(parse_query("第36条"), lambda text: article))
    options = _text_options(body["bool"]["should"][0])
    some = [o for o in options if "bool" in o]
    # 第 and 条 match in every article of a statute; only the number may stand for the whole
    assert [t["term"]["all"]["value"] for t in some[0]["bool"]["should"]] == ["36"]
    assert any(o.get("match_phrase", {}).get("all", {}).get("query") == "第 36 条" for o in options)


def test_fallback_matches_character_bigrams_of_the_words() -> None:
    body = fallback_query(analyze_query(parse_query("문부과학성 예산 -방위성"), fake_analyze))
    assert body["bool"]["must"] == [{"match": {"text": {"query": "문부과학성 예산"}}}]
    assert body["bool"]["must_not"]


def test_empty_query_matches_all() -> None:
    assert build_query(analyze_query(parse_query(""), fake_analyze)) == {"bool": {"must": [{"match_all": {}}]}}


def test_disjunctive_facets_exclude_their_own_selection() -> None:
    filters = selection_filters({"ministry": ["jp-mext", "jp-meti"], "topic": ["startup"]})
    aggs = aggregations(filters)
    assert aggs["ministry"]["filter"] == {"bool": {"filter": [{"terms": {"topics": ["startup"]}}]}}
    assert aggs["topic"]["filter"] == {"bool": {"filter": [{"terms": {"ministries": ["jp-mext", "jp-meti"]}}]}}
    assert aggs["plan_period"]["filter"]["bool"]["filter"] == list(filters.values())
    assert post_filter(filters) == {"bool": {"filter": list(filters.values())}}


def test_sampled_facets_count_the_best_matches_and_read_back_the_same() -> None:
    from app.service import facets_exact

    aggs = aggregations({}, sample=2000)
    assert aggs[SAMPLED]["sampler"] == {"shard_size": 2000} and set(aggs[SAMPLED]["aggs"]) == set(aggregations({}))
    labels = SimpleNamespace(label=lambda facet, value: (value.upper(), []))
    values = {"values": {"buckets": [{"key": "jp-mext", "doc_count": 3}]}}
    flat = facet_buckets({"ministry": values}, labels)
    assert facet_buckets({SAMPLED: {"doc_count": 2000, "ministry": values}}, labels) == flat
    assert flat["ministry"] == [{"value": "jp-mext", "label": "JP-MEXT", "aliases": [], "count": 3}]
    total = {"hits": {"total": {"value": 2500, "relation": "eq"}}}
    assert not facets_exact({**total, "aggregations": {SAMPLED: {"doc_count": 2000}}})
    few = {"hits": {"total": {"value": 900, "relation": "eq"}}}
    assert facets_exact({**few, "aggregations": {SAMPLED: {"doc_count": 900}}})
    assert facets_exact({**total, "aggregations": {}})


def test_year_range_filter() -> None:
    filters = selection_filters({"year": ["2021", ""]})
    assert filters["year"] == {"range": {"years": {"gte": 2021}}}


def test_a_name_spanning_two_words_satisfies_both() -> None:
    query = analyze_query(parse_query("후루사토 납세"), fake_analyze)
    assert [b.terms for b in query.bridges] == [frozenset({"후루사토납세"})]
    assert [u.surface for g in query.groups for c in g for u in c.units] == ["후루사토", "납세"]
    groups = match_query(query)["bool"]["should"][:2]
    for group in groups:
        spelled = group["dis_max"]["queries"][1]
        assert spelled["bool"]["should"][0]["term"]["all"]["value"] == "후루사토납세"


def test_words_are_named_as_typed_for_missing_word_reports() -> None:
    query = analyze_query(parse_query("문부과학성의 예산"), fake_analyze_typed)
    assert [w for w, _ in query.word_terms()] == ["문부과학성의", "예산"]
    assert "文部科学省" in dict(query.word_terms())["문부과학성의"]


def fake_analyze_typed(text: str) -> list[Token]:
    """Like fake_analyze, with a particle the analyzer drops (문부과학성의 → 문부과학성)."""
    return fake_analyze(text.replace("문부과학성의", "문부과학성  "))


def test_count_clauses_counts_leaf_queries() -> None:
    from app.query.build import count_clauses

    body = {
        "bool": {
            "should": [
                {"term": {"a": 1}},
                {"dis_max": {"queries": [{"match_phrase": {"b": "x y"}}, {"terms": {"c": [1, 2]}}]}},
            ],
            "must_not": [{"term": {"d": 1}}],
        }
    }
    assert count_clauses(body) == 4
    assert count_clauses([body, {"match_all": {}}]) == 5


def test_each_query_word_is_named_so_hits_say_which_words_they_hold() -> None:
    import json

    query = analyze_query(parse_query('예산 "방위성"'), fake_analyze)
    body = json.dumps(build_query(query), ensure_ascii=False)
    assert [u.raw for g in query.groups for c in g for u in c.units] == ["예산", "방위성"]
    assert '"_name": "u:0"' in body and '"_name": "u:1"' in body  # the phrase under its own name
    # a spelling spanning two words is named after the words, as in highlight_terms
    bridged = analyze_query(parse_query("후루사토 납세"), fake_analyze)
    assert len(bridged.highlight_terms()) == 3
    body = json.dumps(build_query(bridged), ensure_ascii=False)
    assert all(f'"_name": "u:{k}"' in body for k in range(3))
    assert matched_units(["u:0", "u:2,3", "other"]) == {0, 2, 3}
    assert matched_units(None) == set()


def test_a_kana_words_transcription_is_a_guess_scored_below_its_alias() -> None:
    def at0(term: str, script: Script, origin: Origin) -> Token:
        return Token(term, 0, 0, 5, script, origin, 1)

    kana = to_units(
        "キオクシア",
        [
            at0("キオクシア", Script.JAPANESE, Origin.SURFACE),
            at0("키옥시아", Script.HANGUL, Origin.ALIAS),
            at0("기오쿠시아", Script.HANGUL, Origin.READING),
        ],
    )[0]
    assert (kana.alternatives, kana.guesses) == (("키옥시아",), ("기오쿠시아",))
    boost = {
        o["term"]["all"]["value"]: o["term"]["all"]["boost"] for o in unit_options(kana) if "all" in o.get("term", {})
    }
    assert boost["키옥시아"] > boost["기오쿠시아"]
    # a kanji word's Sino-Korean reading is no guess
    kanji = to_units(
        "外務省", [at0("外務省", Script.HAN, Origin.SURFACE), at0("외무성", Script.HANGUL, Origin.READING)]
    )[0]
    assert (kanji.alternatives, kanji.guesses) == (("외무성",), ())
