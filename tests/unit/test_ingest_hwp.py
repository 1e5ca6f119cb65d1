"""HWP 5 and HWPX input (ingest/readers/hwp.py through ingest.readers.files and the real pipeline).

Two kinds of tests:

* synthetic documents built here (an HWPX zip, HWP 5 body records), so footnotes, bullets,
  numbering, text boxes and control codes are covered although no real sample has them all;
* the real files in ``../shared/external/hwp/`` (skipped when that folder is missing). Their
  expected titles and phrases were read off the documents themselves (Hancom's own preview
  image and preview text stored in each file, and the raw paragraph records), not copied
  from this reader's output.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest import cli as ingest_cli
from ingest.errors import IngestError, UnreadableFile
from ingest.model import Document
from ingest.pipeline import Skipped, load_documents, parse_document
from ingest.readers import hwp
from ingest.readers.files import SUPPORTED_SUFFIXES, iter_paths, read_document
from tests.grammar import grammar
from tests.unit.cli_fakes import fake_indexing

HWP_DIR = Path(__file__).resolve().parents[3] / "shared" / "external" / "hwp"
needs_samples = pytest.mark.skipif(not HWP_DIR.is_dir(), reason=f"{HWP_DIR} not present")


def samples() -> list[Path]:
    return sorted(p for p in HWP_DIR.iterdir() if p.suffix.lower() in (".hwp", ".hwpx")) if HWP_DIR.is_dir() else []


def flat(text: str) -> str:
    return " ".join(text.split())


def hangul(text: str) -> int:
    return sum(1 for ch in text if "가" <= ch <= "힣")


# --- synthetic HWPX ----------------------------------------------------------------------------

NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
)
HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<hh:head {NS}><hh:refList>
<hh:charProperties><hh:charPr id="0" height="1000"/><hh:charPr id="1" height="2200"/></hh:charProperties>
<hh:bullets><hh:bullet id="1" char="□"/></hh:bullets>
<hh:numberings><hh:numbering id="1" start="1">
<hh:paraHead level="1" numFormat="DIGIT">^1.</hh:paraHead>
<hh:paraHead level="2" numFormat="HANGUL_SYLLABLE">^2.</hh:paraHead>
</hh:numbering></hh:numberings>
<hh:paraProperties>
<hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>
<hh:paraPr id="1"><hh:heading type="BULLET" idRef="1" level="0"/></hh:paraPr>
<hh:paraPr id="2"><hh:heading type="NUMBER" idRef="1" level="0"/></hh:paraPr>
<hh:paraPr id="3"><hh:heading type="NUMBER" idRef="1" level="1"/></hh:paraPr>
</hh:paraProperties></hh:refList></hh:head>"""


def p(text: str, para: int = 0, char: int = 0, extra: str = "") -> str:
    return f'<hp:p paraPrIDRef="{para}"><hp:run charPrIDRef="{char}"><hp:t>{text}</hp:t>{extra}</hp:run></hp:p>'


def cell(row: int, col: int, text: str) -> str:
    return (
        f'<hp:tc><hp:subList>{p(text)}</hp:subList><hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        '<hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
    )


def hwpx_bytes(body: str, header: str | None = HEADER) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        if header is not None:
            zf.writestr("Contents/header.xml", header)
        zf.writestr("Contents/section0.xml", f'<?xml version="1.0" encoding="UTF-8"?><hs:sec {NS}>{body}</hs:sec>')
    return buf.getvalue()


FOOTNOTE = (
    '<hp:ctrl><hp:footNote number="1"><hp:subList>'
    + p("일본 문부과학성 자료를 참고함.")
    + "</hp:subList></hp:footNote></hp:ctrl>"
)
PAGE_HEADER = '<hp:ctrl><hp:header><hp:subList>' + p("머리말 쪽 제목") + "</hp:subList></hp:header></hp:ctrl>"
TEXT_BOX = (
    '<hp:rect><hp:drawText><hp:subList>' + p("글상자 안의 요약 문장입니다.") + "</hp:subList></hp:drawText></hp:rect>"
)
TABLE = (
    "<hp:tbl>"
    f"<hp:tr>{cell(0, 0, '구분')}{cell(0, 1, '2023년')}{cell(0, 2, '2024년')}</hp:tr>"
    f"<hp:tr>{cell(1, 0, '예산')}{cell(1, 1, '100')}{cell(1, 2, '120')}</hp:tr>"
    "</hp:tbl>"
)
BOX = f"<hp:tbl><hp:tr>{cell(0, 0, '한일 과학기술 협력 동향 보고서')}</hp:tr></hp:tbl>"


def synthetic_hwpx() -> bytes:
    return hwpx_bytes(
        "".join(
            [
                p("", extra=PAGE_HEADER),
                p("", extra=BOX.replace('charPrIDRef="0"', 'charPrIDRef="1"')),
                p("개요", para=2),
                p("협력 예산이 늘었다.", extra=FOOTNOTE),
                p("세부 항목", para=3),
                p("정책 목표", para=1),
                p("", extra=TABLE),
                p("", extra=TEXT_BOX),
                p("추진 경과", para=2),
                p("줄 바꿈<hp:lineBreak/>이어지는 문장", extra=""),
            ]
        )
    )


def test_hwpx_paragraphs_tables_footnotes_and_heads() -> None:
    doc = hwp.extract(synthetic_hwpx())
    lines = doc.text.splitlines()
    assert doc.format == "hwpx"
    assert lines[0] == "한일 과학기술 협력 동향 보고서"  # a one-cell table is a box, not a table
    assert doc.title == "한일 과학기술 협력 동향 보고서"  # 22 pt against a 10 pt body
    # numbering drawn by Hancom comes back as text; the footnote follows the paragraph citing it
    i = lines.index("1. 개요")
    assert lines[i + 1 : i + 3] == ["협력 예산이 늘었다.", "1) 일본 문부과학성 자료를 참고함."]
    assert "가. 세부 항목" in lines and "□ 정책 목표" in lines and "2. 추진 경과" in lines
    # table rows in order, cells tab-separated
    t = lines.index("구분\t2023년\t2024년")
    assert lines[t + 1] == "예산\t100\t120"
    assert "글상자 안의 요약 문장입니다." in lines
    assert "줄 바꿈 이어지는 문장" in lines
    assert "머리말 쪽 제목" not in doc.text  # page headers are page furniture
    assert doc.footnotes == 1 and doc.tables == 2  # the box and the grid


def test_hwpx_through_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "report.hwpx"
    path.write_bytes(synthetic_hwpx())
    doc = parse_document(path, repair=grammar(str))
    assert doc.title == "한일 과학기술 협력 동향 보고서"
    kinds = {p.kind for p in doc.passages}
    assert {"table", "footnote"} <= kinds
    table = next(p for p in doc.passages if p.kind == "table")
    assert table.text.splitlines()[:2] == ["구분 | 2023년 | 2024년", "예산 | 100 | 120"]
    note = next(p for p in doc.passages if p.kind == "footnote")
    assert note.text.startswith("1) 일본 문부과학성")


def test_hwpx_without_manifest_or_header_still_reads() -> None:
    doc = hwp.extract(hwpx_bytes(p("헤더와 매니페스트가 없는 문서입니다."), header=None))
    assert doc.text.strip() == "헤더와 매니페스트가 없는 문서입니다."
    assert doc.title is None  # no font sizes, no title guess


# --- synthetic HWP 5 records ---------------------------------------------------------------------


def rec(tag: int, level: int, payload: bytes) -> bytes:
    size = len(payload)
    if size >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, size) + payload
    return struct.pack("<I", tag | level << 10 | size << 20) + payload


def units(*parts: str | list[int]) -> bytes:
    out: list[int] = []
    for part in parts:
        out.extend(part if isinstance(part, list) else [ord(ch) for ch in part])
    return struct.pack(f"<{len(out)}H", *out)


def ext(code: int, ctrl_id: str) -> list[int]:
    """An extended control: 8 code units, the control id in the middle."""
    raw = ctrl_id[::-1].encode("latin-1")
    return [code, *struct.unpack("<HH", raw), 0, 0, 0, 0, code]


def para(level: int, text: bytes, *children: bytes) -> bytes:
    return rec(66, level, struct.pack("<IIH", len(text) // 2, 0, 0)) + rec(67, level + 1, text) + b"".join(children)


def list_header(level: int, col: int = 0, row: int = 0) -> bytes:
    return rec(72, level, struct.pack("<HHIHHHH", 1, 0, 0, col, row, 1, 1) + b"\0" * 31)


def section(data: bytes) -> hwp.HwpText:
    ctx = hwp._Context({})
    return hwp._finish(hwp._hwp_list(hwp._tree(hwp._records(data, "test")), ctx), ctx, "hwp")


def test_hwp_controls_do_not_leak_into_text() -> None:
    # a tab is an 8-unit inline control: its 7 parameter units are not text (a known bug elsewhere)
    tab = [9, 0x0FA0, 0x0100, 0, 0, 0x0424, 0x0100, 9]
    data = para(0, units("가", tab, "나", [24], "다", [30], "라", [13]))
    assert section(data).text == "가 나-다 라\n"


def test_hwp_footnote_and_table_records() -> None:
    footnote = rec(71, 1, b"  nf" + b"\0" * 8) + list_header(2) + para(2, units("참고 자료입니다.", [13]))
    table = (
        rec(71, 1, b" lbt" + b"\0" * 40)
        + rec(77, 2, struct.pack("<IHH", 0, 2, 2) + b"\0" * 16)
        + b"".join(
            list_header(2, col, row) + para(2, units(text, [13]))
            for (row, col), text in [((0, 0), "구분"), ((0, 1), "값"), ((1, 0), "예산"), ((1, 1), "120")]
        )
    )
    data = para(0, units("본문 문장", ext(17, "fn  "), "입니다.", [13]), footnote)
    data += para(0, units(ext(11, "tbl "), [13]), table)
    lines = section(data).text.splitlines()
    assert lines == ["본문 문장입니다.", "1) 참고 자료입니다.", "구분\t값", "예산\t120"]


def test_hwp_records_running_past_the_stream_are_damage() -> None:
    data = para(0, units("문장", [13]))
    with pytest.raises(hwp.HwpFormatError, match="runs past the end"):
        hwp._records(data[:-3], "BodyText/Section0")


def test_number_styles() -> None:
    got = [hwp._number_text(3, s) for s in (0, 1, 2, 3, 4, 8, 10, 13)]
    assert got == ["3", "③", "III", "iii", "C", "다", "ㄷ", "三"]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".hwp", ".hwpx"])
def test_random_bytes_are_refused_with_the_name(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(random.Random(7).randbytes(6000))
    with pytest.raises(UnreadableFile, match=re.escape(path.name)) as err:
        read_document(path)
    assert "neither an HWP 5" in str(err.value)


def test_hwp3_and_other_zip_files_are_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.hwp"
    old.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 200)
    with pytest.raises(UnreadableFile, match="HWP 3"):
        read_document(old)
    other = tmp_path / "other.hwpx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    other.write_bytes(buf.getvalue())
    with pytest.raises(UnreadableFile, match="section"):
        read_document(other)


def test_hwpx_with_broken_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.hwpx"
    path.write_bytes(hwpx_bytes("<hp:p><hp:run><hp:t>닫히지 않은"))
    with pytest.raises(UnreadableFile, match="malformed XML"):
        read_document(path)


def test_image_only_hwpx_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "scan.hwpx"
    path.write_bytes(hwpx_bytes('<hp:p><hp:run><hp:pic id="1"/></hp:run></hp:p>'))
    with pytest.raises(IngestError, match="no text"):
        read_document(path)


@needs_samples
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_copies_are_refused_with_the_name(tmp_path: Path, keep: float) -> None:
    for src in samples():
        data = src.read_bytes()
        path = tmp_path / f"cut_{src.name}"
        path.write_bytes(data[: int(len(data) * keep)])
        with pytest.raises(UnreadableFile) as err:
            read_document(path)
        assert path.name in str(err.value) and "cannot read" in str(err.value)


@needs_samples
def test_corrupted_bytes_raise_only_ingest_errors(tmp_path: Path) -> None:
    """Flipped bytes anywhere past the file header: a clean document or an IngestError, never a crash."""
    rng = random.Random(11)
    for src in samples():
        data = bytearray(src.read_bytes())
        for attempt in range(4):
            bad = bytearray(data)
            for _ in range(50):
                bad[rng.randrange(512, len(bad))] = rng.randrange(256)
            path = tmp_path / f"flip{attempt}_{src.name}"
            path.write_bytes(bytes(bad))
            try:
                read_document(path)
            except IngestError as exc:
                assert path.name in str(exc)


@needs_samples
def test_batch_skips_bad_hwp_and_indexes_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    good = HWP_DIR / "msit_press_nuri_20180903.hwp"
    cut = tmp_path / "cut.hwp"
    cut.write_bytes(good.read_bytes()[:20000])
    noise = tmp_path / "noise.hwpx"
    noise.write_bytes(random.Random(3).randbytes(4000))
    results = list(load_documents([good, cut, noise], repair=grammar(str)))
    docs = [r for r in results if isinstance(r, Document)]
    skipped = {r.path.name: r for r in results if isinstance(r, Skipped)}
    assert [Path(d.source).name for d in docs] == [good.name]
    assert set(skipped) == {"cut.hwp", "noise.hwpx"} and all(s.is_error for s in skipped.values())
    assert "truncated" in skipped["cut.hwp"].reason or "OLE" in skipped["cut.hwp"].reason

    # the CLI: the rest is indexed, exit code 1 (indexing faked: no OpenSearch here)
    indexed = fake_indexing(monkeypatch)
    code = ingest_cli.main([str(good), str(cut), str(noise), "--json"])
    assert code == ingest_cli.EXIT_SKIPPED
    assert [Path(d.source).name for d in indexed] == [good.name]
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sorted(Path(s["path"]).name for s in summary["skipped_files"]) == ["cut.hwp", "noise.hwpx"]


def test_hwp_suffixes_are_collected(tmp_path: Path) -> None:
    assert {".hwp", ".hwpx"} <= SUPPORTED_SUFFIXES
    (tmp_path / "a.HWP").write_bytes(b"x")
    (tmp_path / "b.hwpx").write_bytes(b"x")
    (tmp_path / "c.doc").write_bytes(b"x")
    assert [p.name for p in iter_paths([tmp_path])] == ["a.HWP", "b.hwpx"]


# --- the real samples -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    title: str  # as a person reads it on the first page
    phrases: tuple[str, ...]  # text read in the document (early and late in it)
    min_passages: int


PRESS_MOEF = Facts(
    "‘24년 1분기 해외직접투자는 150.9억 달러로 전년동기비 14.6% 감소",
    ("저지(Jersey) 섬: 영국과 프랑스 사이의 영국해협에 위치한 영국령 조세회피처",
     "순투자액은 128.7억 달러로 전년 동기(138.4억 달러) 대비 7.0% 감소하였다"),
    15,
)
FACTS = {
    "moef_fdi_2024q1_press.hwp": PRESS_MOEF,
    "moef_fdi_2024q1_press.hwpx": PRESS_MOEF,
    "kepco_kps_genai_rfp_2025.hwp": Facts(
        "제안요청서 [사업명 : 생성형 AI 서비스 시범 도입]",
        ("672,300,000원(부가세 별도)",
         "회사의 보안정책을 따르지 않거나 소홀히 함으로써 발생하는 모든 문제에 대하여 어떠한 책임이라도 감수한다"),
        100,
    ),
    "msit_press_nuri_20180903.hwp": Facts(
        "우리가 독자 개발하여 최초 발사하는 한국형발사체, 국민이 정한 그 이름은 ｢누리｣",
        ("약 6,300여명의 국민이 참여하여 총 10,000건 이상의 응모작을 제출하여",
         "한국형발사체의 새로운 명칭은 ‘누리’로 결정되었으며"),
        5,
    ),
    "gov_award_forms_2016.hwp": Facts(
        "정부포상 추천자 현황(민간인‧재직공무원‧단체)",
        ("포상명：2016년도 감염병관리 유공",
         "서훈기록부는 영구, 기관별 포상추천서 및 상훈 민원신청서는 5년간 처리 및 보유"),
        20,
    ),
    "mcst_press_20240102.hwpx": Facts(
        "2024 파리 올림픽·패럴림픽 준비하는 우리 선수단 격려한다",
        ("양궁훈련장 등 훈련시설을 직접 살펴보고 추운 날씨에도 연습에 매진하고 있는 선수들을 격려할 예정이다",
         "우리 국가대표 선수들이 꿈의 무대인 올림픽과 패럴림픽에서 멋진 활약을 펼치길 응원하겠다"),
        3,
    ),
    "gangnam_legislative_notice_2023.hwpx": Facts(
        "서울특별시 강남구 공무직 관리 규정 일부개정규칙안 입법예고",
        ("채용 절차상 서류전형과 면접전형 절차를 반드시 거치도록 개선하고자 함(제9조2항)",
         "의견제출자의 성명(단체 또는 법인의 경우에는 단체명, 법인명, 또는 그 대표자 성명), 주소 및 전화번호"),
        3,
    ),
}


@needs_samples
@pytest.mark.parametrize("path", samples(), ids=lambda p: p.name)
def test_real_sample_through_the_pipeline(path: Path) -> None:
    facts = FACTS.get(path.name)
    assert facts is not None, f"{path.name}: new sample, add its facts (read them off the document)"
    doc = parse_document(path, grammar())
    assert doc.lang == "ko"
    assert hangul(doc.text) >= 300
    assert doc.title == facts.title
    assert len(doc.passages) >= facts.min_passages
    text = flat(doc.text)
    for phrase in facts.phrases:
        assert flat(phrase) in text, phrase
    # nothing of the binary format leaks into the text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\ufffd]", doc.text)
    assert all(p.text.strip() for p in doc.passages)


MOEF_TABLE = [
    "구분 | 금융보험업 | 제조업 | 부동산업 | 전문과학기술업 | 광업",
    "‘23.1Q | 66.8 | 63.2 | 8.1 | 3.6 | 11.7",
    "‘24.1Q | 55.0 | 40.5 | 22.4 | 9.3 | 6.3",
    "증감률(%) | (17.8) | (35.9) | (177.3) | (156.9) | (△46.3)",
]


@needs_samples
@pytest.mark.parametrize("suffix", [".hwp", ".hwpx"])
def test_table_cells_come_out_row_by_row(suffix: str) -> None:
    doc = parse_document(HWP_DIR / f"moef_fdi_2024q1_press{suffix}", grammar())
    assert "\n".join(MOEF_TABLE) in doc.text
    table = next(p for p in doc.passages if MOEF_TABLE[1] in p.text)
    assert table.kind == "table"
    assert "< 업종별 동향(억 달러, %) >" in table.text  # the caption stays with its table


@needs_samples
def test_hwp_and_hwpx_copies_give_the_same_text() -> None:
    a = parse_document(HWP_DIR / "moef_fdi_2024q1_press.hwp", grammar())
    b = parse_document(HWP_DIR / "moef_fdi_2024q1_press.hwpx", grammar())
    words_a, words_b = set(a.text.split()), set(b.text.split())
    assert len(words_a & words_b) / len(words_a | words_b) >= 0.95
    assert a.title == b.title
    assert abs(len(a.passages) - len(b.passages)) <= 2


@needs_samples
def test_uncompressed_records_read() -> None:
    import olefile

    path = HWP_DIR / "gov_award_forms_2016.hwp"
    with olefile.OleFileIO(str(path)) as ole:
        flags = struct.unpack_from("<I", ole.openstream("FileHeader").read(), 36)[0]
    assert flags & 1 == 0, "the sample is meant to have uncompressed records"
    raw = read_document(path)
    assert raw.encoding == "hwp"
    assert "정부포상 추천자 현황" in raw.text
    assert "위 자료는 관련기관 조회" in raw.text


@needs_samples
def test_parse_time() -> None:
    """All seven samples parse in well under a second each on this machine (measured ~0.6 s total)."""
    times = {}
    for path in samples():
        start = time.perf_counter()
        parse_document(path, grammar())
        times[path.name] = time.perf_counter() - start
    print("parse seconds:", {k: round(v, 3) for k, v in times.items()})
    assert max(times.values()) < 10


def test_a_paragraph_broken_by_hand_inside_a_sentence_reads_as_one() -> None:
    # The writer pressed Enter after a particle to fit the line; a reader reads one sentence.
    path = HWP_DIR / "kepco_kps_genai_rfp_2025.hwp"
    if not path.is_file():
        pytest.skip(f"{path.name} not present")
    text = parse_document(path, grammar()).text
    assert "문맥과 뉘앙스를 파악하여" in text
    assert "대화 기술이 가능한 언어모델" in text


def test_a_letter_spaced_kind_takes_the_subject_line_under_it_even_in_body_type() -> None:
    big = p("검 토 보 고").replace('charPrIDRef="0"', 'charPrIDRef="1"')
    body = [p("국가재정법 일부개정법률안"), p("정부가 제출한 개정안의 주요 내용과 쟁점을 검토한다.")]
    doc = hwp.extract(hwpx_bytes("".join([big, *body, p("재정 건전성을 높이기 위한 규정을 둔다.")])))
    assert doc.title == "검토보고 국가재정법 일부개정법률안"
    # a big title that is no letter-spaced label does not take the body line under it
    big = p("재정 건전성").replace('charPrIDRef="0"', 'charPrIDRef="1"')
    assert hwp.extract(hwpx_bytes("".join([big, *body]))).title == "재정 건전성"
