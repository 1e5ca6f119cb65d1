"""parse_document / load_documents end to end on generated files and the white paper."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.corpus import WHITE_PAPER
from ingest.model import Document
from ingest.pipeline import Skipped, load_documents, parse_document
from tests.grammar import grammar

KO_REPORT = (
    "일본 과학기술 정책 동향\n"
    "1 개요\n"
    "□ 일본 문부과학성은 2023년 예산을 늘렸음.\n"
    "- 제6기 과학기술·혁신 기본계획(2021~2025)에 따라 양자 기술을 지원함.\n"
    "2 시사점\n"
    "□ 우리나라도 참고할 필요가 있음.\n"
)
JA_REPORT = (
    "第1章\u3000科学技術政策\n第1節\u3000概要\n"
    "文部科学省は令和5年度に予算を増やした。第6期科学技術・イノベーション基本計画に基づく。\n"
)


def test_legacy_encodings_parse(tmp_path: Path) -> None:
    ko = tmp_path / "ko.txt"
    ko.write_bytes(KO_REPORT.encode("cp949"))
    ja = tmp_path / "ja.txt"
    ja.write_bytes(JA_REPORT.encode("shift_jis"))
    doc_ko = parse_document(ko, repair=grammar(str))
    doc_ja = parse_document(ja, repair=grammar(str))
    assert doc_ko.lang == "ko" and doc_ja.lang == "ja"
    assert doc_ko.title == "일본 과학기술 정책 동향"
    assert [p.breadcrumb for p in doc_ko.passages] == [["1 개요"], ["2 시사점"]]
    assert "stbp6" in doc_ko.passages[0].plan_periods
    # 第1章 has no text before 第1節: its heading line is a passage of its own
    heading, body = doc_ja.passages
    assert (heading.kind, heading.text, heading.breadcrumb) == (
        "heading",
        "第1章\u3000科学技術政策",
        ["第1章 科学技術政策"],
    )
    assert body.breadcrumb == ["第1章 科学技術政策", "第1節 概要"]
    assert body.years == [2023]
    assert body.plan_periods == ["stbp6"]
    assert body.lang == "ja"
    assert doc_ko.passages[0].ministries == body.ministries != []


def test_load_documents_skips_bad_files_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a_report.txt").write_text(KO_REPORT, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(KO_REPORT, encoding="utf-8")  # same bytes, other name
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "e_broken.txt").write_bytes(b"abc \xff def")
    results = list(load_documents([tmp_path, tmp_path / "missing.txt"], repair=grammar(str)))
    docs = [r for r in results if isinstance(r, Document)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [Path(d.source).name for d in docs] == ["a_report.txt"]
    assert {s.path.name: s.is_error for s in skipped} == {
        "b_copy.txt": False,
        "c_empty.txt": True,
        "d_binary.txt": True,
        "e_broken.txt": True,
        "missing.txt": True,
    }
    broken = next(s for s in skipped if s.path.name == "e_broken.txt")
    assert "offset 4" in broken.reason and "e_broken.txt" in broken.reason
    duplicate = next(s for s in skipped if s.path.name == "b_copy.txt")
    assert duplicate.duplicate_of == docs[0].source


def test_sidecar_overrides_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(KO_REPORT, encoding="utf-8")
    (tmp_path / "report.meta.toml").write_text(
        'title = "다른 제목"\ninstitution = "KISTEP"\npublished = "2024-01-15"\nauthors = ["홍길동"]\n',
        encoding="utf-8",
    )
    doc = parse_document(path, repair=grammar(str))
    assert (doc.title, doc.institution, doc.published, doc.authors) == (
        "다른 제목",
        "KISTEP",
        "2024-01-15",
        ["홍길동"],
    )


def test_ten_megabyte_single_line(tmp_path: Path) -> None:
    unit = "일본 문부과학성은 令和5年度 예산을 늘렸다 그리고 스타트업 지원도 확대했다 "
    path = tmp_path / "big.txt"
    path.write_text(unit * (10_000_000 // len(unit.encode()) + 1), encoding="utf-8")
    assert path.stat().st_size >= 10_000_000
    started = time.perf_counter()
    doc = parse_document(path, repair=grammar(str))
    elapsed = time.perf_counter() - started
    assert elapsed < 120, elapsed
    assert len(doc.passages) > 1000
    assert max(len(p.text) for p in doc.passages) <= 1200
    assert doc.years == [2023]


def test_pdf_passages_carry_pages(tmp_path: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    pdf = pymupdf.open()
    for page_no in (1, 2):
        page = pdf.new_page()
        page.insert_text((72, 72), f"{page_no} 장 제목", fontname="korea")
        page.insert_text((72, 100), f"□ {page_no}쪽 본문: 일본 문부과학성의 2023년 예산.", fontname="korea")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf.tobytes())
    doc = parse_document(path, repair=grammar(str))
    assert [p.page for p in doc.passages] == [1, 2]


@pytest.mark.skipif(not WHITE_PAPER.is_file(), reason="white paper not present")
def test_white_paper_parses_into_japanese_passages() -> None:
    doc = parse_document(WHITE_PAPER, repair=grammar(str))
    assert doc.lang == "ja"
    assert len(doc.passages) > 300
    assert max(len(p.text) for p in doc.passages) <= 1200
    ja_share = sum(p.lang == "ja" for p in doc.passages) / len(doc.passages)
    assert ja_share > 0.9
    chapter_one = [p for p in doc.passages if p.breadcrumb and p.breadcrumb[0].startswith("第1章")]
    assert chapter_one
    assert any(len(p.breadcrumb) >= 2 and p.breadcrumb[1].startswith("第1節") for p in chapter_one)
    reiwa3 = [p for p in doc.passages if "令和3年" in p.text]
    assert reiwa3 and all(2021 in p.years for p in reiwa3)
    assert 2022 in doc.years  # 令和4年
    assert "jp-mic" in doc.ministries or any("総務省" in p.text for p in doc.passages)
    for p in doc.passages[:50]:
        assert doc.text[p.start : p.end] == p.text


def test_worker_processes_parse_what_one_process_parses(tmp_path: Path) -> None:
    from ingest.workers import IngestWorkers

    (tmp_path / "a_report.txt").write_text(KO_REPORT, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(KO_REPORT, encoding="utf-8")
    (tmp_path / "c_ja.txt").write_text(JA_REPORT, encoding="utf-8")
    (tmp_path / "d_binary.txt").write_bytes(b"\x00\x01\x02binary")
    here = list(load_documents([tmp_path], grammar()))
    with IngestWorkers(2) as workers:
        there = list(workers.parse([tmp_path]))
    assert there == here
    assert [type(r).__name__ for r in there] == ["Document", "Skipped", "Document", "Skipped"]


def test_a_dead_worker_process_is_a_clear_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from ingest import cli as ingest_cli

    class DyingWorkers:
        def __init__(self, count: int, ocr: object) -> None:
            self.count = count

        def __enter__(self) -> DyingWorkers:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def parse(self, paths: object) -> list:
            raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    (tmp_path / "a.txt").write_text(KO_REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(JA_REPORT, encoding="utf-8")
    monkeypatch.setattr(ingest_cli, "IngestWorkers", DyingWorkers)
    monkeypatch.setattr(ingest_cli, "start_local_node", lambda: True)
    assert ingest_cli.main([str(tmp_path), "--workers", "2"]) == ingest_cli.EXIT_FAILED
    assert "worker process died" in capsys.readouterr().err
