"""Bad input never raises; token invariants hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import Analyzer, Origin, Token, analyze
from analyzers.japanese import chunk_text
from tests.grammar import session_analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return session_analyzer()


def check_invariants(text: str, tokens: list[Token]) -> None:
    previous = (-1, -1)
    for tok in tokens:
        assert 0 <= tok.start <= tok.end <= len(text), tok
        assert tok.term and not any(c.isspace() for c in tok.term) and "|" not in tok.term, tok
        assert tok.term == tok.term.casefold() or tok.term.casefold() != tok.term.lower(), tok
        assert tok.span >= 1 and tok.position >= 0
        key = (tok.position, tok.start)
        assert key >= previous, (previous, tok)
        assert tok.start >= previous[1], "starts must not decrease along the token list"
        previous = key


MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul
        st.characters(min_codepoint=0x3041, max_codepoint=0x30FF),  # kana
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # kanji
        st.sampled_from(list(" \n\n\t.,・·()「」“”①ＡＢ１２abcXYZ0123-|\x00\u200b\ud800\U0001f600")),
    ),
    max_size=120,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_never_raises(analyzer: Analyzer, text: str) -> None:
    check_invariants(text, analyzer.analyze(text))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MIXED)
def test_mixed_script_invariants(analyzer: Analyzer, text: str) -> None:
    for mode in ("index", "query"):
        check_invariants(text, analyzer.analyze(text, mode))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\n",
        "\ud800",
        "a\udfffb 한국\ud800어",
        "😀🇯🇵👍🏽 일본 😀",
        "\x00\x01\x02 제어문자 \x7f\x85",
        "مرحبا بالعالم עברית 한국어 日本語",
        "\u202e뒤집힌\u202c 텍스트",
        "e\u0301\u0301\u0301",
        "ｶﾞｷﾞｸﾞ ㈱ ㍻ ① ⑴",
        "가" * 20_000,
        "".join(chr(0xAC00 + (i * 7919) % 11172) for i in range(100_000)),  # 100k Hangul, no space
        "あ" * 20_000,
        "漢" * 12_000,
        "a" * 100_000,
        ("과학기술" * 10 + "\n") * 200,
    ],
    ids=lambda t: repr(t[:12]) + f"x{len(t)}",
)
def test_bad_input(analyzer: Analyzer, text: str) -> None:
    tokens = analyzer.analyze(text)
    check_invariants(text, tokens)
    check_invariants(text, analyzer.analyze(text[:500], "query"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(MIXED, st.text(max_size=200)))
def test_sudachi_morphemes_cover_their_input_end_to_end(analyzer: Analyzer, text: str) -> None:
    """The Japanese analyzer places each morpheme where the previous one ended instead of asking
    Sudachi for begin(); that holds only while Sudachi's morphemes tile the input exactly."""
    tokenizer = analyzer.japanese._tokenizer()
    for _, piece in chunk_text(text):
        if not piece.strip():
            continue
        pos = 0
        for m in tokenizer.tokenize(piece):
            assert m.begin() == pos, (piece, m.surface())
            pos += len(m.surface())
        assert pos == len(piece)


def test_module_level_analyze_uses_default() -> None:
    tokens = analyze("과학기술", "query")
    assert {t.term for t in tokens if t.origin == Origin.SURFACE} == {"과학기술"}


def test_analyze_many_matches_analyze(analyzer: Analyzer) -> None:
    texts = ["일본 경제산업성의 반도체 전략", "文部科学省の科学技術指標", "", "스피\n드"]
    batch = analyzer.analyze_many(texts)
    assert batch == [analyzer.analyze(t) for t in texts]


def test_query_cache_returns_copies(analyzer: Analyzer) -> None:
    first = analyzer.analyze("반도체 양산", "query")
    first.clear()
    assert analyzer.analyze("반도체 양산", "query")


MIXED_BATCH = [
    "일본 경제산업성의 반도체 전략과 内閣府「第6期科学技術・イノベーション基本計画」",
    "文部科学省の科学技術指標によれば、閣議決定された国際競争力の強化が必要である。",
    "",
    "스피\n드 경쟁에서 키옥시아(キオクシア)와 라피더스(Rapidus)가 양산하는 반도체",
    "ＡＩ戦略２０２２（令和４年）　デジタル田園都市国家構想",
    "https://www8.cao.go.jp/cstp/ 2021~2025년",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(MIXED_BATCH))
def test_batch_order_does_not_change_tokens(analyzer: Analyzer, texts: list[str]) -> None:
    """Korean runs stream through Kiwi while Japanese runs are analysed in between: any mix and
    order of texts must give each text exactly the tokens it gets alone."""
    batch = analyzer.analyze_many(texts)
    assert batch == [analyzer.analyze(t) for t in texts]


def test_batch_longer_than_the_preparation_window(analyzer: Analyzer) -> None:
    """A batch of many texts is still being prepared while Kiwi analyses its first texts; texts
    without Korean (whose Japanese runs wait for the pacing totals) and blank texts included."""
    texts = [f"{i}. {text}" if i % 3 else text for i, text in enumerate(MIXED_BATCH * 6)]
    texts += ["   ", "令和4年度　情報通信白書", "\n\n"]
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]


def test_kiwi_reads_runs_lazily(analyzer: Analyzer) -> None:
    """Runs may come from a generator that Kiwi pulls ahead; blank runs (leading, inside, trailing)
    still get their empty word list, and a run longer than one Kiwi piece is read in pieces."""
    long_run = "과학기술 혁신 기본계획을 수립했다. " * 120  # several pieces
    runs = [(0, "  "), (5, "과학기술혁신"), (20, "\n"), (40, long_run), (9000, "반도체 양산"), (9100, " ")]
    pulled: list[int] = []

    def lazily():
        for run in runs:
            pulled.append(run[0])
            yield run

    streamed = list(analyzer.korean.iter_analyze(lazily()))
    assert pulled == [base for base, _ in runs]
    assert [bool(words) for words in streamed] == [False, True, False, True, True, False]
    one_by_one = [words for run in runs for words in analyzer.korean.iter_analyze([run])]
    key = [[(w.start, w.shape.surfaces) for w in words] for words in streamed]
    assert key == [[(w.start, w.shape.surfaces) for w in words] for words in one_by_one]
    assert streamed[3][-1].start > 40 + 1500  # offsets of a later piece include the piece's offset


def test_shape_caches_do_not_change_tokens(analyzer: Analyzer, monkeypatch) -> None:
    """Cold caches, warm caches and caches cleared in the middle (over their bound) agree."""
    import analyzers.japanese
    import analyzers.korean

    analyzer.clear_caches()
    assert not analyzer.japanese._shapes and not analyzers.korean._compounds
    cold = analyzer.analyze_many(MIXED_BATCH)
    assert analyzer.japanese._shapes and analyzers.korean._compounds and analyzers.korean._singles
    assert analyzer.analyze_many(MIXED_BATCH) == cold
    monkeypatch.setattr(analyzers.japanese, "_MAX_SHAPES", 3)
    monkeypatch.setattr(analyzers.korean, "_MAX_SHAPES", 3)
    assert analyzer.analyze_many(MIXED_BATCH * 2) == cold * 2
    assert len(analyzer.japanese._shapes) < 60
    analyzer.clear_caches()
    assert [analyzer.analyze(text) for text in MIXED_BATCH] == cold


def test_garbage_collector_state_is_restored(analyzer: Analyzer) -> None:
    import gc

    assert gc.isenabled()
    analyzer.analyze_many(MIXED_BATCH)
    assert gc.isenabled()
    gc.disable()
    try:
        analyzer.analyze_many(MIXED_BATCH)
        assert not gc.isenabled()
    finally:
        gc.enable()
