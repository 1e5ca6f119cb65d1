"""The bridges between a word in Japanese and the same word in Korean that do not go through its
Sino-Korean reading: names, sounds, phonetic keys, shinjitai, counters and exonyms.

Examples come from standard references (the 국립국어원 loanword and Japanese transcription rules,
well-known public names, CLDR), not from any evaluation set.
"""

from __future__ import annotations

import pytest

from analyzers.kana import katakana_to_hangul
from analyzers.names import name_readings, surname
from analyzers.phonetic import hangul_key, kana_key, kana_keys, other_side
from analyzers.pipeline import Analyzer
from analyzers.readings import read, traditional
from analyzers.tokens import Origin
from app.query.build import analyze_query, korean_weight
from app.query.parse import parse_query


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def terms(analyzer: Analyzer, text: str, origin: Origin) -> set[str]:
    return {t.term for t in analyzer.analyze(text) if t.origin is origin}


@pytest.mark.parametrize(
    ("shinjitai", "korean"),
    [("予算", "예산"), ("台湾", "대만"), ("芸術", "예술"), ("証明", "증명"), ("欠席", "결석"), ("弁護士", "변호사")],
)
def test_shinjitai_is_read_through_its_traditional_form(shinjitai: str, korean: str) -> None:
    assert read(shinjitai) == korean


def test_traditional_keeps_characters_without_another_form() -> None:
    assert traditional("働") == "働"  # a character made in Japan has no traditional form
    assert traditional("国") == "國"


@pytest.mark.parametrize(
    ("family", "given", "korean"),
    [
        ("李", "承晩", "이승만"),
        ("朴", "正煕", "박정희"),
        ("盧", "武鉉", "노무현"),
        ("柳", "寛順", "유관순"),
        ("林", "権沢", "임권택"),
    ],
)
def test_korean_names_read_their_surname_as_a_surname(family: str, given: str, korean: str) -> None:
    assert korean in name_readings(family, given)


def test_surnames_are_found_in_shinjitai_and_unknown_ones_are_not_names() -> None:
    assert surname("呉") == "오"  # 吳 written in its Japanese form
    assert surname("鈴") is None
    assert name_readings("鈴", "木") == ()
    assert name_readings("金", "大中小") == ()  # a given name has one or two characters


@pytest.mark.parametrize(
    ("text", "korean"), [("李承晩が", "이승만"), ("盧武鉉大統領は", "노무현"), ("尹潽善は", "윤보선")]
)
def test_a_korean_name_in_japanese_text_is_one_word_read_as_korean(analyzer, text: str, korean: str) -> None:
    tokens = [t for t in analyzer.analyze(text) if t.origin is Origin.NAME]
    assert korean in {t.term for t in tokens}
    name = next(t for t in tokens if t.term == korean)
    assert text[name.start : name.end] == text[: len(text) - len(text.lstrip("李盧尹承晩武鉉潽善"))]


def test_a_japanese_word_that_merely_starts_with_a_surname_character_is_not_a_name(analyzer) -> None:
    assert not terms(analyzer, "金曜日に高速道路を走った", Origin.NAME)


@pytest.mark.parametrize(
    ("kana", "korean"), [("オオサカ", "오사카"), ("ニイガタ", "니가타"), ("トウキョウ", "도쿄"), ("メイジ", "메이지")]
)
def test_a_long_vowel_is_not_written(kana: str, korean: str) -> None:
    # 외래어 표기법, 일본어: 장음은 따로 표기하지 않는다
    assert katakana_to_hangul(kana) == korean


@pytest.mark.parametrize(("text", "sound"), [("大阪に行く", "오사카"), ("新潟に", "니가타"), ("北海道の", "홋카이도")])
def test_japanese_proper_nouns_are_also_read_by_their_sound(analyzer, text: str, sound: str) -> None:
    assert sound in terms(analyzer, text, Origin.SOUND)


def test_common_nouns_get_no_sound(analyzer) -> None:
    assert not terms(analyzer, "政治の問題", Origin.SOUND)  # Korean says 정치, 문제: the reading


@pytest.mark.parametrize(
    ("kana", "hangul"),
    [
        ("ハンバーガー", "햄버거"),
        ("コンピューター", "컴퓨터"),
        ("マクドナルド", "맥도날드"),
        ("バッテリー", "배터리"),
        ("インターネット", "인터넷"),
        ("ミーティング", "미팅"),
        ("オリンピック", "올림픽"),
        ("スローガン", "슬로건"),
    ],
)
def test_kana_and_hangul_spellings_of_a_loanword_share_a_key(kana: str, hangul: str) -> None:
    key = hangul_key(hangul)
    assert key is not None and other_side(key) in kana_keys(kana)


def test_keys_too_short_to_tell_words_apart_are_not_given() -> None:
    assert kana_key("ファン") is None and hangul_key("팬") is None and hangul_key("판") is None


def test_kana_keys_cover_ti_and_a_final_r_korean_does_not_write() -> None:
    assert other_side(hangul_key("티켓") or "") in kana_keys("チケット")
    assert other_side(hangul_key("벡터") or "") in kana_keys("ベクトル")


def test_phonetic_keys_are_indexed_for_katakana_words_and_korean_nouns(analyzer) -> None:
    assert kana_key("バッテリー") in terms(analyzer, "バッテリーの容量", Origin.PHONETIC)
    assert hangul_key("배터리") in terms(analyzer, "배터리 용량", Origin.PHONETIC)


def test_a_query_looks_a_key_up_on_the_other_scripts_side(analyzer) -> None:
    query = analyze_query(parse_query("배터리"), lambda text: analyzer.analyze(text, "query"))
    unit = query.groups[0][0].units[0]
    assert unit.keys == (other_side(hangul_key("배터리") or ""),)
    assert all(k.startswith("§k") for k in unit.keys)  # never another Korean word


@pytest.mark.parametrize(("text", "korean"), [("2024年", "2024년"), ("3月", "3월"), ("5回目", "5회")])
def test_a_number_and_its_counter_read_as_korean_glues_them(analyzer, text: str, korean: str) -> None:
    assert korean in terms(analyzer, text, Origin.READING)


def test_country_names_from_cldr_are_aliases(analyzer) -> None:
    assert "네덜란드" in terms(analyzer, "オランダの首都", Origin.ALIAS)
    assert "オランダ" in terms(analyzer, "네덜란드의 수도", Origin.ALIAS)


def test_a_japanese_question_weighs_korean_passages_by_what_they_could_say(analyzer) -> None:
    def weight(q: str) -> float:
        return korean_weight(analyze_query(parse_query(q), lambda text: analyzer.analyze(text, "query")))

    assert weight("정부의 예산은 얼마인가") == 1.0  # every Korean word can be said in Korean
    assert 1.0 < weight("政府の予算はいくらか") <= 2.0  # いくら has no Hangul spelling


@pytest.mark.parametrize(("text", "korean"), [("会議室で", "회의실"), ("日本人の", "일본인"), ("政府案は", "정부안")])
def test_a_one_kanji_suffix_after_a_kanji_word_forms_the_compound_korean_writes(
    analyzer: Analyzer, text: str, korean: str
) -> None:
    # Sudachi cuts 会議 | 室; Korean writes 회의실 as one word, so the reading must span both
    assert korean in terms(analyzer, text, Origin.READING)
