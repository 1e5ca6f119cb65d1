"""Reading files: encodings, bad files, directory expansion, PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import BinaryFile, EmptyFile, FileMissing, IngestError, NotAFile, UnreadableFile, UnsupportedFormat
from ingest.readers.files import decode_bytes, doc_id_for, iter_paths, read_document

KO = "일본 문부과학성은 과학기술 예산을 늘렸다."
JA = "文部科学省は科学技術予算を増やした。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (KO.encode("utf-8"), KO, "utf-8"),
        (b"\xef\xbb\xbf" + KO.encode("utf-8"), KO, "utf-8-sig"),
        (KO.encode("utf-16"), KO, "utf-16"),
        (KO.encode("cp949"), KO, "cp949"),
        (KO.encode("euc_kr"), KO, "cp949"),
        (JA.encode("shift_jis"), JA, "cp932"),
        (JA.encode("cp932"), JA, "cp932"),
        # short texts are where generic detectors confuse CP949 and CP932
        ("문부과학성".encode("cp949"), "문부과학성", "cp949"),
        ("文部科学省".encode("cp932"), "文部科学省", "cp932"),
        ("令和5年度".encode("cp932"), "令和5年度", "cp932"),
    ],
)
def test_decodes_supported_encodings(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


def test_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + KO.encode()))
    assert raw.text == KO
    assert not raw.text.startswith("\ufeff")


def test_undecodable_bytes_name_file_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.txt", b"plain ascii \xff tail")
    with pytest.raises(UnreadableFile) as info:
        read_document(path)
    assert info.value.offset == 12
    assert "broken.txt" in str(info.value)
    assert "offset 12" in str(info.value)


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", EmptyFile),
        ("blank.txt", b" \n\t\n", EmptyFile),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryFile),
        ("report.docx", b"PK\x03\x04", UnsupportedFormat),
        ("broken.pdf", b"%PDF-1.7 this is not a pdf", UnreadableFile),
    ],
)
def test_bad_files_raise_specific_errors(tmp_path: Path, name: str, data: bytes, error: type) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as info:
        read_document(path)
    assert isinstance(info.value, IngestError)
    assert name in str(info.value)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAFile, match="directory"):
        read_document(tmp_path)
    with pytest.raises(FileMissing):
        read_document(tmp_path / "nope.txt")


def test_iter_paths_expands_directories_sorted(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.pdf", "d.docx", ".hidden.txt", "sub/e.txt", "a.meta.toml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["a.txt", "b.md", "c.pdf", "sub/e.txt"]
    # an explicit path is passed through even when missing, so the caller can report it
    assert list(iter_paths([tmp_path / "missing.txt"])) == [tmp_path / "missing.txt"]


def test_doc_id_is_content_hash(tmp_path: Path) -> None:
    a = read_document(write(tmp_path, "a.txt", KO.encode()))
    b = read_document(write(tmp_path, "b.txt", KO.encode()))
    assert a.doc_id == b.doc_id == doc_id_for(KO.encode())
    assert len(a.doc_id) == 16


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "일본 문부과학성 보고서 첫 쪽", fontname="korea")
    pdf.new_page().insert_text((72, 72), "둘째 쪽 2023년 예산", fontname="korea")
    path = write(tmp_path, "two.pdf", pdf.tobytes())
    raw = read_document(path)
    assert raw.encoding == "pdf"
    assert [number for number, _ in raw.pages] == [1, 2]
    second = raw.pages[1][1]
    assert "첫 쪽" in raw.text[:second]
    assert "둘째 쪽" in raw.text[second:]


def test_pdf_without_text_is_empty(tmp_path: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    pdf = pymupdf.open()
    pdf.new_page()
    with pytest.raises(EmptyFile, match="text layer"):
        read_document(write(tmp_path, "scan.pdf", pdf.tobytes()))
