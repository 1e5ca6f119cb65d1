"""Scanned PDF pages: reported by page without OCR, read by Tesseract with ``--ocr``.

The scans are made here: Korean and Japanese lines drawn with a CJK font, the page rasterized
at 200 dpi and only that picture put on a page of a new PDF. The tests that run Tesseract skip
when it (or its Korean or Japanese data) is not installed (``make ocr`` installs them).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from ingest import cli as ingest_cli
from ingest.pipeline import Skipped, build_document, load_documents, parse_document
from ingest.readers.files import read_document
from ingest.readers.ocr import Ocr, OcrUnavailable, find_ocr, ocr_lines
from ingest.readers.pdf import is_scan
from tests.grammar import grammar
from tests.unit.cli_fakes import fake_indexing

pymupdf = pytest.importorskip("pymupdf")

# Drawn on the scanned page: what OCR must find again.
SCAN_LINES = [
    "2. 반도체 정책",
    "일본 문부과학성은 과학기술 예산을 늘렸다.",
    "반도체 공급망을 강화하는 정책을 발표했다.",
    "文部科学省は科学技術予算を増やした。",
    "半導体の供給網を強化する政策を発表した。",
]
# Distinctive words of those lines (checked with the blanks taken out: OCR spaces CJK text its own way).
SCAN_WORDS = ["문부과학성", "과학기술", "반도체", "공급망", "文部科学省", "科学技術", "半導体", "政策"]
# On the pages that have a real text layer (each page a section of its own, so that its passages
# are its own).
TEXT_LINES = [
    "1. 서론",
    "이 보고서는 일본 경제산업성의 디지털 전환 정책과 그 성과를 정리한다.",
    "경제산업성은 2023년에 새로운 산업 정책을 내놓았다.",
]
LAST_LINES = ["3. 결론", "경제산업성의 정책은 2024년에도 이어진다."]


def _cjk_font() -> str:
    """A font file with Hangul and kana (fonts-noto-cjk on Debian)."""
    found = ""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=ko", "file"], capture_output=True, text=True, check=False).stdout
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        found = next((f for f in files if "CJK" in f and "Regular" in f), files[0] if files else "")
    if not found:
        pytest.skip("no Korean font installed (apt-get install fonts-noto-cjk)")
    return found


def _draw(page: Any, lines: list[str], font: str, size: float = 16) -> None:
    page.insert_font(fontname="cjk", fontfile=font)
    y = 100.0
    for line in lines:
        page.insert_text((72, y), line, fontname="cjk", fontsize=size)
        y += 2.2 * size


def add_text_page(pdf: Any, lines: list[str]) -> None:
    _draw(pdf.new_page(), lines, _cjk_font())


def add_scanned_page(pdf: Any, lines: list[str], stamp: str = "") -> None:
    """A page that is only a picture of ``lines`` (plus, optionally, a real-text ``stamp``)."""
    drawn = pymupdf.open()
    _draw(drawn.new_page(), lines, _cjk_font())
    pixmap = drawn[0].get_pixmap(dpi=200)
    page = pdf.new_page(width=drawn[0].rect.width, height=drawn[0].rect.height)
    page.insert_image(page.rect, pixmap=pixmap)
    if stamp:
        page.insert_text((280, 820), stamp, fontsize=9)


def write_pdf(path: Path, pages: list[tuple[str, list[str]]]) -> Path:
    pdf = pymupdf.open()
    for kind, lines in pages:
        (add_scanned_page if kind == "scan" else add_text_page)(pdf, lines)
    pdf.save(path)
    return path


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class FakeOcr:
    """Stands in for Tesseract: records the pages it is asked to read and "reads" each as the
    text layer of a page with ``lines`` on it."""

    def __init__(self, lines: list[str]) -> None:
        self.asked: list[int] = []
        pdf = pymupdf.open()
        add_text_page(pdf, lines)
        self.page = pdf[0].get_text("dict", flags=pymupdf.TEXTFLAGS_TEXT)

    def page_dict(self, page: Any) -> dict[str, Any]:
        self.asked.append(page.number + 1)
        return self.page


def tesseract() -> Ocr:
    try:
        return find_ocr()
    except OcrUnavailable as exc:
        pytest.skip(f"Tesseract is not installed: {exc}")


# --- without OCR: the scans are reported by page, the rest is indexed -----------------------------


def add_garbled_page(pdf: Any) -> None:
    """A page whose font maps its glyphs to the wrong characters: cp1252 marks and accented
    Latin letters among the kanji (as ``第›Ÿ˜ 号``), and a few good words."""
    page = pdf.new_page()
    page.insert_font(fontname="cjk", fontfile=_cjk_font())
    for k in range(8):
        page.insert_text((72, 100 + 30 * k), f"第›Ÿ˜ 号 ÃÍ¿ë ÇÑ ±Û ‰†ƒ ˜ˆ 政策 {k}", fontname="cjk", fontsize=14)


def test_garbled_text_layer_is_a_scan_page(tmp_path: Path) -> None:
    pdf = pymupdf.open()
    add_text_page(pdf, TEXT_LINES)
    add_garbled_page(pdf)
    add_text_page(pdf, LAST_LINES)
    pdf.save(tmp_path / "garbled.pdf")
    raw = read_document(tmp_path / "garbled.pdf")
    assert raw.scan_pages == (2,)
    doc = build_document(raw, repair=grammar(str))
    assert doc.scan_pages == [2] and "경제산업성" in doc.text
    assert "›" not in doc.text and "Ÿ" not in doc.text  # reported, not indexed
    # with OCR the page is read
    raw = read_document(tmp_path / "garbled.pdf", FakeOcr(SCAN_LINES))  # type: ignore[arg-type]
    assert raw.ocr_pages == (2,) and raw.scan_pages == ()
    # text in a Latin script keeps its accents
    latin = pymupdf.open()
    latin.new_page().insert_text((72, 100), "Café, résumé, naïve façade: déjà vu à Zürich " * 3, fontsize=8)
    flags = pymupdf.TEXTFLAGS_TEXT
    assert not is_scan(latin[0], latin[0].get_text("dict", flags=flags))


def test_scan_page_is_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "mixed.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES), ("text", LAST_LINES)])
    raw = read_document(path)
    assert raw.scan_pages == (2,) and raw.ocr_pages == ()
    doc = build_document(raw, repair=grammar(str))
    assert doc.scan_pages == [2] and doc.ocr_pages == []
    assert "경제산업성" in doc.text
    assert not any(word in squeeze(doc.text) for word in SCAN_WORDS)
    assert doc.passages and not any(p.ocr for p in doc.passages)


def test_pdf_of_scans_only_is_skipped_naming_its_pages_and_ocr(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scans.pdf", [("scan", SCAN_LINES), ("scan", SCAN_LINES[:2])])
    (skipped,) = list(load_documents([path], repair=grammar(str)))
    assert isinstance(skipped, Skipped) and skipped.is_error
    assert skipped.scan_pages == (1, 2)
    assert "pages 1-2" in skipped.reason and "--ocr" in skipped.reason


def test_what_counts_as_a_scan(tmp_path: Path) -> None:
    font = _cjk_font()
    pdf = pymupdf.open()
    add_scanned_page(pdf, SCAN_LINES, stamp="- 3 -")  # 1: a scan stamped with its page number
    add_text_page(pdf, TEXT_LINES)  # 2: text
    pdf.new_page()  # 3: blank: nothing to read
    picture = pdf[0].get_pixmap(dpi=50)
    page = pdf.new_page()  # 4: running text over a full-page background picture
    page.insert_image(page.rect, pixmap=picture)
    _draw(page, TEXT_LINES, font)
    page = pdf.new_page()  # 5: a figure on a quarter of the page with a short caption
    page.insert_image(pymupdf.Rect(72, 72, 72 + page.rect.width / 2, 72 + page.rect.height / 2), pixmap=picture)
    _draw(page, ["그림 1 연구개발 예산"], font)
    page = pdf.new_page()  # 6: a picture and not one character: text drawn as a picture
    page.insert_image(pymupdf.Rect(72, 72, 300, 200), pixmap=picture)
    doc = pymupdf.open(stream=pdf.tobytes(), filetype="pdf")
    flags = pymupdf.TEXTFLAGS_TEXT
    found = [n for n, page in enumerate(doc, start=1) if is_scan(page, page.get_text("dict", flags=flags))]
    assert found == [1, 6]


def test_only_scanned_pages_are_given_to_ocr(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "mixed.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES), ("text", LAST_LINES)])
    fake = FakeOcr(["2. 반도체 정책", "반도체 공급망을 강화하는 정책을 발표했다."])
    doc = parse_document(path, repair=grammar(str), ocr=fake)  # type: ignore[arg-type]
    assert fake.asked == [2]  # never the pages with a text layer
    assert doc.ocr_pages == [2] and doc.scan_pages == []
    assert "반도체 공급망" in doc.text and "경제산업성은 2023년" in doc.text and "2024년에도" in doc.text
    assert {p.page for p in doc.passages} == {1, 2, 3}
    assert all(p.ocr == (p.page == 2) for p in doc.passages), [(p.page, p.ocr, p.text) for p in doc.passages]


def test_a_page_tesseract_cannot_read_skips_its_file_not_the_run(tmp_path: Path) -> None:
    write_pdf(tmp_path / "a_scan.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES)])
    write_pdf(tmp_path / "b_text.pdf", [("text", TEXT_LINES)])
    broken = Ocr(tessdata=str(tmp_path / "no-tessdata"))  # Tesseract fails to load its languages
    results = list(load_documents([tmp_path], repair=grammar(str), ocr=broken))
    assert [type(r).__name__ for r in results] == ["Skipped", "Document"]
    assert isinstance(results[0], Skipped) and "Tesseract could not read page 2" in results[0].reason


# --- Tesseract's words -> lines ------------------------------------------------------------------


def _raw_line(words: list[tuple[str, float, float]], top: float = 0.0, height: float = 10.0) -> dict[str, Any]:
    """A rawdict line of OCR'd words: (text, x0, x1), each glyph an equal share of its word."""
    spans = []
    for text, x0, x1 in words:
        step = (x1 - x0) / len(text)
        chars = [{"c": c, "bbox": (x0 + i * step, top, x0 + (i + 1) * step, top + height)} for i, c in enumerate(text)]
        spans.append({"chars": chars})
    return {"spans": spans}


def test_ocr_words_become_lines_with_their_word_spaces() -> None:
    korean = [
        ("일본", 0, 20),
        ("문", 25, 35),
        ("부", 36.5, 46.5),
        ("과학", 48, 68),
        ("성", 69.5, 79.5),
        ("은", 81, 91),
        ("예산", 96, 116),
        ("을", 117.5, 127.5),
        ("AI", 133, 143),
        ("2023", 146, 166),
    ]
    # Tesseract sets "た。" a little lower: MuPDF makes it a line of its own, on the same row
    japanese = [
        _raw_line([("第1条", 0, 30), ("目的", 40, 60), ("増やし", 60, 90)], top=20),
        _raw_line([("た。", 90, 110)], top=22, height=12),
    ]
    page = ocr_lines({"width": 200, "height": 100, "blocks": [{"lines": [_raw_line(korean)]}, {"lines": japanese}]})
    lines = [[span["text"] for span in line["spans"]] for block in page["blocks"] for line in block["lines"]]
    assert lines == [["일본 문부과학성은 예산을 AI 2023"], ["第1条\u3000目的増やした。"]]
    assert page["blocks"][1]["lines"][0]["bbox"] == (0, 20, 110, 34)


# --- the command line -----------------------------------------------------------------------------


def test_cli_summary_lists_scan_pages_and_says_how_to_read_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = write_pdf(tmp_path / "mixed.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES), ("scan", SCAN_LINES[2:])])
    scans = write_pdf(tmp_path / "scans.pdf", [("scan", SCAN_LINES)])
    indexed = fake_indexing(monkeypatch)

    code = ingest_cli.main([str(mixed), str(scans), "--json"])
    assert code == ingest_cli.EXIT_SKIPPED  # scans.pdf has nothing to index without OCR
    assert [Path(d.source).name for d in indexed] == ["mixed.pdf"]
    captured = capsys.readouterr()
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert summary["scan_pages"] == [
        {"path": str(mixed), "pages": [2, 3]},
        {"path": str(scans), "pages": [1]},
    ]
    assert summary["ocr_pages"] == []
    assert "--ocr" in summary["hint"] and "3 pages in 2 files" in summary["hint"]

    code = ingest_cli.main([str(mixed)])  # the table
    assert code == ingest_cli.EXIT_OK
    err = capsys.readouterr().err
    assert f"{mixed}: 2-3" in err
    assert "--ocr" in err


def test_cli_ocr_without_tesseract_names_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_pdf(tmp_path / "scans.pdf", [("scan", SCAN_LINES)])
    indexed = fake_indexing(monkeypatch)
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setattr("ingest.readers.ocr.shutil.which", lambda name: None)
    assert ingest_cli.main([str(path), "--ocr"]) == ingest_cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "tesseract-ocr tesseract-ocr-kor tesseract-ocr-jpn" in err and "make ocr" in err
    assert "Traceback" not in err and not indexed

    only_english = tmp_path / "tessdata"
    only_english.mkdir()
    (only_english / "eng.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(only_english))
    assert ingest_cli.main([str(path), "--ocr"]) == ingest_cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "kor.traineddata, jpn.traineddata" in err and "tesseract-ocr-kor" in err


# --- with Tesseract -------------------------------------------------------------------------------


def test_ocr_reads_the_scanned_page(tmp_path: Path) -> None:
    ocr = tesseract()
    path = write_pdf(tmp_path / "scan.pdf", [("scan", SCAN_LINES)])
    started = time.perf_counter()
    doc = parse_document(path, repair=grammar(str), ocr=ocr)
    print(f"OCR of one page at {ocr.dpi} dpi: {time.perf_counter() - started:.1f} s")
    assert doc.ocr_pages == [1] and doc.scan_pages == []
    text = squeeze(doc.text)
    found = [word for word in SCAN_WORDS if word in text]
    assert len(found) >= len(SCAN_WORDS) - 1, (found, doc.text)  # one misread word is allowed
    assert doc.passages and all(p.ocr for p in doc.passages)
    assert {p.lang for p in doc.passages} <= {"ko", "ja"}


def test_ocr_leaves_text_pages_alone(tmp_path: Path) -> None:
    ocr = tesseract()
    path = write_pdf(tmp_path / "mixed.pdf", [("text", TEXT_LINES), ("scan", SCAN_LINES[:3]), ("text", LAST_LINES)])
    doc = parse_document(path, repair=grammar(str), ocr=ocr)
    assert doc.ocr_pages == [2]
    assert "이 보고서는 일본 경제산업성의 디지털 전환 정책과 그 성과를 정리한다." in doc.text  # the text layer, exact
    assert "반도체" in squeeze(doc.text)
    assert {p.page for p in doc.passages} == {1, 2, 3}
    assert all(p.ocr == (p.page == 2) for p in doc.passages), [(p.page, p.ocr, p.text) for p in doc.passages]
