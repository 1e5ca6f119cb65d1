"""Finding a document's original from its record alone (app/files.py), on real files in a temporary
library: what lies outside the roots is never found, a changed file is gone, hashes are remembered."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.errors import NotFound
from app.files import FileGone, Originals, StoredFile, candidates, etag_matches


def record(path: Path, library_path: str | None, data: bytes | None = None) -> dict:
    data = path.read_bytes() if data is None else data
    return {
        "file": {
            "path": str(path), "library_path": library_path, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "media_type": "text/plain; charset=utf-8",
        }
    }


@pytest.fixture
def library(tmp_path: Path) -> dict[str, Path]:
    root, outside = tmp_path / "library", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "sub" / "report.txt").write_text("보고서 본문", encoding="utf-8")
    (outside / "secret.txt").write_text("비밀", encoding="utf-8")
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    (root / "alias").symlink_to(root / "sub")  # a symlink that stays inside is fine
    return {"root": root, "outside": outside}


def test_found_under_the_root_by_its_library_path(library: dict[str, Path]) -> None:
    report = library["root"] / "sub" / "report.txt"
    originals = Originals([library["root"]])
    # the ingest machine's absolute path does not exist here: the library path finds it
    found = originals.find("d", {"file": {**record(report, "sub/report.txt")["file"], "path": "/elsewhere/r.txt"}})
    assert found.path == report.resolve() and found.etag.strip('"') == hashlib.sha256(report.read_bytes()).hexdigest()
    assert originals.find("d", record(report, "alias/report.txt")).path == report.resolve()
    # no library path (ingested outside every root then), but the absolute path is inside one now
    assert originals.find("d", record(report, None)).path == report.resolve()


@pytest.mark.parametrize(
    "library_path", ["../outside/secret.txt", "sub/../../outside/secret.txt", "escape.txt", "/outside/secret.txt"]
)
def test_nothing_outside_the_roots(library: dict[str, Path], library_path: str) -> None:
    secret = library["outside"] / "secret.txt"
    forged = record(secret, library_path)
    with pytest.raises(NotFound):
        Originals([library["root"]]).find("d", forged)
    assert not Originals([library["root"]]).available("d", forged)


def test_climbing_and_absolute_library_paths_are_no_candidates(tmp_path: Path) -> None:
    def stored(library_path: str) -> StoredFile:
        return StoredFile("relative/x", library_path, 1, "0", "text/plain")

    assert list(candidates(stored("a/../../x"), [tmp_path])) == []
    assert list(candidates(stored("/etc/passwd"), [tmp_path])) == []
    assert list(candidates(stored("a/b.txt"), [tmp_path])) == [tmp_path / "a" / "b.txt"]


def test_a_changed_file_is_gone_and_a_missing_one_not_found(library: dict[str, Path]) -> None:
    report = library["root"] / "sub" / "report.txt"
    stored = record(report, "sub/report.txt")
    originals = Originals([library["root"]])
    originals.find("d", stored)
    report.write_text("보고서 본몬", encoding="utf-8")  # same length in bytes, other content
    with pytest.raises(FileGone):
        originals.find("d", stored)
    report.write_text("더 긴 보고서 본문", encoding="utf-8")
    with pytest.raises(FileGone):
        originals.find("d", stored)
    report.unlink()
    with pytest.raises(NotFound):
        originals.find("d", stored)


def test_the_hash_is_remembered_until_the_file_changes(library: dict[str, Path], monkeypatch) -> None:
    import app.files

    report = library["root"] / "sub" / "report.txt"
    stored = record(report, "sub/report.txt")
    originals = Originals([library["root"]])
    reads: list[object] = []
    real = hashlib.file_digest

    def counting(f, digest):  # type: ignore[no-untyped-def]
        reads.append(f)
        return real(f, digest)

    monkeypatch.setattr(app.files.hashlib, "file_digest", counting)
    for _ in range(3):
        originals.find("d", stored)
    assert len(reads) == 1  # three look-ups, one read of the file
    st = report.stat()
    os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # touched: another modification time
    originals.find("d", stored)
    assert len(reads) == 2


def test_serving_off_and_records_without_a_file(library: dict[str, Path]) -> None:
    report = library["root"] / "sub" / "report.txt"
    with pytest.raises(NotFound, match="KJSEARCH_SERVE_FILES"):
        Originals([library["root"]], enabled=False).find("d", record(report, "sub/report.txt"))
    with pytest.raises(NotFound, match="ingest it again"):
        Originals([library["root"]]).find("d", {"doc_id": "d"})


def test_if_none_match() -> None:
    etag = '"abc"'
    assert etag_matches('"abc"', etag) and etag_matches('W/"abc"', etag) and etag_matches('"x", "abc"', etag)
    assert etag_matches("*", etag)
    assert not etag_matches('"abd"', etag) and not etag_matches(None, etag) and not etag_matches("", etag)


def test_stored_file_name() -> None:
    assert StoredFile("/a/b/c.pdf", "x/y z.pdf", 1, "0", "application/pdf").name == "y z.pdf"
    assert StoredFile("/a/b/c.pdf", None, 1, "0", "application/pdf").name == "c.pdf"
    assert StoredFile.of({"file": {"path": "/a"}}) is None and StoredFile.of({}) is None
