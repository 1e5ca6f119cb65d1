"""Normalization, line-break repair, readings and kana transcription."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import normalize, normalize_with_offsets, repair_line_breaks, sentence_goes_on
from analyzers.kana import katakana_to_hangul, loanword_readings
from analyzers.linebreaks import apply_breaks, plan_breaks
from analyzers.readings import read, read_parts
from tests.grammar import session_analyzer

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))


# --- normalize -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("딥테크·스타트업", "딥테크・스타트업"),
        ("딥테크･스타트업", "딥테크・스타트업"),
        ("사업화‧사회화 ⋅ ∙ ㆍ", "사업화・사회화 ・ ・ ・"),
        (
            "“스타트업 육성” ‘실천의 장소’",
            "\"스타트업 육성\" 'ifstart'".replace("'ifstart'", "'실천의 장소'"),
        ),
        ("「第7期」 ｢特区｣", "「第7期」 「特区」"),
        ("ＡＩ　１２３ ｶﾀｶﾅ ﾊﾟ", "AI 123 カタカナ パ"),
        ("①대학교 ②모노즈쿠리", "(1)대학교 (2)모노즈쿠리"),
        ("a\x00b\u200bc\ufeffd\r\ne\tf", "abcd\ne\tf"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("", ""),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_offsets_map_back() -> None:
    raw = "ＡＩ·①ｷｵｸｼｱ"
    norm, starts = normalize_with_offsets(raw)
    assert norm == "AI・(1)キオクシア"
    assert len(starts) == len(norm) + 1 and starts[-1] == len(raw)
    assert raw[starts[norm.index("キ")]] == "ｷ"
    assert starts == sorted(starts)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalize_offsets_monotone_and_in_bounds(text: str) -> None:
    norm, starts = normalize_with_offsets(text)
    assert len(starts) == len(norm) + 1
    assert all(0 <= s <= len(text) for s in starts)
    assert starts == sorted(starts)


# Any character, and often the ones normalization treats apart: compatibility forms, quotes and
# dashes, controls, combining marks (kana voicing, accents, conjoining jamo, Oriya's two-part vowel).
NORMALIZATION_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(
            list("가한あアｱﾊﾟ漢·“”‘’–—ＡＺ１①㈜\r\n\u200bｰ\u3099\u309b\u0301\u1100\u1161\u11a8\uf900\u0b47\u0b3e")
        ),
    )
)


@settings(max_examples=300, deadline=None)
@given(NORMALIZATION_TEXT)
def test_one_for_one_path_matches_the_per_cluster_pass(text: str) -> None:
    """A text whose every change replaces one character by one is replaced per character with
    identity offsets; any text gives what the per-cluster pass gives, offsets included."""
    from analyzers.normalize import _normalize_pass, _per_cluster

    assert _normalize_pass(text) == _per_cluster(text)


@settings(max_examples=400, deadline=None)
@given(NORMALIZATION_TEXT)
def test_nfkc_is_unicodedata_nfkc(text: str) -> None:
    import unicodedata

    from analyzers.normalize import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_one_for_one_path_is_taken_and_keeps_offsets() -> None:
    from analyzers.normalize import _normalize_pass, _per_cluster

    text = "“딥테크·스타트업” ＡＩ"
    fast = _normalize_pass(text)
    assert fast.text == '"딥테크・스타트업" AI' and fast.starts == list(range(len(text)))
    assert fast == _per_cluster(text)
    assert _normalize_pass("①") == _per_cluster("①") and _normalize_pass("①").text == "(1)"


def test_characters_copied_without_per_char_work_normalize_to_themselves() -> None:
    """The fast path copies runs of 'safe' characters as they are: each must be its own normal form
    and never combine with a neighbour, or the fast path would differ from the per-character one."""
    import unicodedata

    from analyzers.normalize import _UNSAFE, map_char

    safe = [chr(cp) for cp in range(0x10000) if not _UNSAFE.match(chr(cp))]
    assert len(safe) > 30_000
    wrong = [c for c in safe if map_char(c) != c or unicodedata.combining(c) or unicodedata.normalize("NFKC", c) != c]
    assert wrong == []


# --- line breaks ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scorer():
    return session_analyzer().korean.join_scorer


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("기존의 스피\n드 중심의", "기존의 스피드 중심의"),
        ("기존의 스피\n\n드 중심의", "기존의 스피드 중심의"),
        ("혁신적인 에코시\n스템에도 영향", "혁신적인 에코시스템에도 영향"),
        ("스타트업 \n강국인 미국", "스타트업 강국인 미국"),
        ("스타트업 \n\n강국인 미국", "스타트업 강국인 미국"),
        ("그에 따른 지역혁신, \n역량 저하가 우려", "그에 따른 지역혁신, 역량 저하가 우려"),
        ("창업자 지원 시설\n\n과 코워킹스페이스", "창업자 지원 시설과 코워킹스페이스"),
        ("일원적이고\n\n효율적으로 캠퍼스를", "일원적이고 효율적으로 캠퍼스를"),
        # hard breaks: sentence ends, bullets, two blank lines
        ("작은 것으로 보임.\n\n- 한편, 일본은", "작은 것으로 보임.\n\n- 한편, 일본은"),
        ("시사점\n\n1 제7기 과학기술 기본계획", "시사점\n\n1 제7기 과학기술 기본계획"),
        ("일본의 과학기술 정책과 기본계획\n\n- ⇒ 1995년", "일본의 과학기술 정책과 기본계획\n\n- ⇒ 1995년"),
        ("개요\n\n가. 일본의 과학기술", "개요\n\n가. 일본의 과학기술"),
        ("지역 과제가 발생\n❍ 지역이 가진", "지역 과제가 발생\n❍ 지역이 가진"),
        ("상황에 따라\n\n\n대응 가능한", "상황에 따라\n\n\n대응 가능한"),
        ("추진되고 있음\n다음으로", "추진되고 있음\n다음으로"),
    ],
)
def test_repair_line_breaks_cases(scorer, raw: str, expected: str) -> None:
    assert repair_line_breaks(raw, scorer) == expected


@pytest.mark.parametrize(
    ("line", "after", "goes_on"),
    [
        # Japanese: the next line opens with a word that only follows another one
        ("乙案：(a)及び(c)を肯定し、(b)を否定する考え方", "を示すこととしているが、", True),  # particle
        ("④ 年次有給休暇を取得した期間", "については出勤したものとして取扱う", True),
        ("細胞溶解液を接種し、CPE の出現を観察", "する。さらに", True),  # dependent verb
        ("労働者が代替休暇を取得し", "なかった場合に支払う", True),  # dependent adjective
        ("規格及", "び試験", True),  # one word across the break
        ("令和５年に内閣総理大", "臣が決定したもの", True),  # a kanji word cut at the line end
        ("情報・システム研究機構国立情報学研", "究所が開発した", True),
        ("第１節　政府の取組", "研究開発の推進", False),  # a heading, then a new line of kanji
        ("（１）人材育成", "大学における教育", False),
        ("(5) 注６に規定する厚生労働大臣が定める日", "次のいずれにも該当する日", False),  # 日次 is a word too
        ("⑴ MLETR 及びイギリス提出法案のアプローチ", "ア MLETR のアプローチ", False),  # an item mark
        ("⑵ 複数通発行", "もともと紙の船荷証券について", False),  # an adverb opens a sentence
        ("５ モデル就業規則の活用に当たって", "このモデル就業規則は", False),
        ("考え方を示す。", "を", False),  # a sentence that has ended
        # Korean: the line ends in a case particle or an adnominal ending
        ("문장 번역뿐만 아니라 문맥과 뉘앙스를", "파악하여 자연스러운 번역을", True),
        ("로컬 5G 구현을 위한", "개정된 가이드라인 발간", True),
        ("기반 대화 기술이", "가능한 언어모델", True),
        ("Ⅰ. 사업개요", "1. 사업일반", False),  # a heading ends in a noun
        ("자동천이", "오류", False),  # one word alone is a label or a cell
        ("총 자 본", "자기자본", False),  # a lone syllable is no word with an ending
        ("예산을 확보하였다", "다음으로", False),
    ],
)
def test_sentence_goes_on_by_grammar(line: str, after: str, goes_on: bool) -> None:
    analyzer = session_analyzer()
    assert sentence_goes_on([(line, after)], analyzer.korean, analyzer.japanese) == [goes_on]


def test_repair_keeps_text_without_breaks(scorer) -> None:
    assert repair_line_breaks("기존의 스피\n드 중심의", scorer) == "기존의 스피드 중심의"
    assert repair_line_breaks("no newline", scorer) == "no newline"


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_repair_real_seeds(scorer, path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    fixed = repair_line_breaks(raw, scorer)
    assert Counter(c for c in raw if not c.isspace()) == Counter(c for c in fixed if not c.isspace())
    assert fixed.count("\n") < raw.count("\n")
    # the words the PDF broke are whole again where they appear
    for broken, whole in [
        ("스피\n\n드", "스피드"),
        ("에코시\n\n스템", "에코시스템"),
        ("상\n\n대적으로", "상대적으로"),
    ]:
        if broken in raw:
            assert whole in fixed
    # bullets still start their own line
    assert len(re.findall(r"\n[ \t]*[□❍○]", raw)) == len(re.findall(r"\n[ \t]*[□❍○]", fixed))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가나다라 \n\t.-□스피드ab1")), max_size=200))
def test_repair_keeps_every_visible_char(text: str) -> None:
    plans = plan_breaks(text, lambda pairs: [len(a) % 2 == 0 for a, _ in pairs])
    fixed = apply_breaks(text, plans)
    assert Counter(c for c in text if not c.isspace()) == Counter(c for c in fixed if not c.isspace())
    assert [c for c in text if not c.isspace()] == [c for c in fixed if not c.isspace()]


# --- readings and kana ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kanji", "hangul"),
    [
        ("文部科学省", "문부과학성"),
        ("閣議決定", "각의결정"),
        ("科学技術指標", "과학기술지표"),
        ("経済産業省", "경제산업성"),
        ("内閣府", "내각부"),
        ("労働", "노동"),
        ("両国", "양국"),
        ("理論", "이론"),
        ("計画", "계획"),
        ("効率", "효율"),
        ("確率", "확률"),
        ("不足", "부족"),
        ("復興", "부흥"),
        ("連携", "연계"),
        ("令和", "레이와"),
    ],
)
def test_read(kanji: str, hangul: str) -> None:
    assert read(kanji) == hangul


def test_read_parts_applies_initial_rule_per_word() -> None:
    assert read_parts(["厚生", "労働", "省"]) == ("후생노동성", ["후생", "노동", "성"])
    assert read_parts(["競争", "力"]) == ("경쟁력", ["경쟁", "력"])
    assert read_parts(["デジタル", "庁"])[0] is None
    assert read("キオクシア") is None


@pytest.mark.parametrize(
    ("kana", "hangul"),
    [
        ("トヨタ", "도요타"),
        ("トウキョウ", "도쿄"),
        ("ものづくり", "모노즈쿠리"),
        ("ふるさと", "후루사토"),
        ("カナガワ", "가나가와"),
    ],
)
def test_katakana_to_hangul(kana: str, hangul: str) -> None:
    assert katakana_to_hangul(kana) == hangul


@pytest.mark.parametrize(
    ("kana", "hangul"),
    [
        ("プロセス", "프로세스"),  # the vowel Japanese adds after a cluster or a final consonant: ㅡ
        ("ガイドライン", "가이드라인"),
        ("モバイル", "모바일"),  # a final l or m: a coda
        ("アルゴリズム", "알고리즘"),
        ("スケジュール", "스케줄"),
        ("ロボット", "로봇"),  # a doubled final t, k, p: the coda alone
        ("カメラ", "카메라"),  # aspirated from the start
        ("アフリカ", "아프리카"),  # フ is f
        ("ケース", "케이스"),  # a long e is ei
        ("トヨタ", "토요타"),  # no vowel was added before a glide
    ],
)
def test_katakana_to_hangul_as_a_loanword(kana: str, hangul: str) -> None:
    assert katakana_to_hangul(kana, loanword=True) == hangul


def test_loanword_ending_in_a_long_a_is_also_read_with_eo() -> None:
    assert loanword_readings("パートナー") == ("파트나", "파트너")  # partner
    assert loanword_readings("セミナー")[0] == "세미나"  # seminar keeps its ㅏ
    assert loanword_readings("プロセス") == ("프로세스",)  # no long a at the end
    assert loanword_readings("ABC") == ()


def test_katakana_to_hangul_rejects_other_scripts() -> None:
    assert katakana_to_hangul("ABC") is None
    assert katakana_to_hangul("ー") is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가나다스피드시설과의 \n\n\t.・-□①aZ漢カ")), max_size=160))
def test_repair_with_kiwi_keeps_every_visible_char(text: str) -> None:
    fixed = repair_line_breaks(text, session_analyzer().korean.join_scorer)
    assert [c for c in text if not c.isspace()] == [c for c in fixed if not c.isspace()]
