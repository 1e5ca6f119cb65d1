"""What ingest records of each file for serving its original (ingest.readers.files.source_file), and
``python -m ingest`` starting the local node when none answers (as ``make run`` does)."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from core.settings import Settings
from ingest import cli as ingest_cli
from ingest.pipeline import parse_document
from ingest.text.cleaning import NO_REPAIR
from node import NodeError
from tests.unit.cli_fakes import fake_indexing

JA = "日本の文部科学省は大学の研究を支援する。\n\n予算の概要。\n"
KO = "일본 문부과학성의 과학기술 예산\n\n문부과학성은 2024년 예산에서 대학 연구를 지원한다.\n"


def test_the_record_names_the_file_relative_to_its_root(tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "2024").mkdir(parents=True)
    path = root / "2024" / "보고서.txt"
    path.write_text(KO, encoding="utf-8")
    doc = parse_document(path, NO_REPAIR, library_roots=[tmp_path / "other", root])
    data = path.read_bytes()
    assert doc.file is not None
    assert doc.file.library_path == "2024/보고서.txt"
    assert doc.file.path == str(path.resolve())
    assert (doc.file.size, doc.file.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert doc.file.media_type == "text/plain; charset=utf-8"
    outside = parse_document(path, NO_REPAIR, library_roots=[tmp_path / "other"])
    assert outside.file is not None and outside.file.library_path is None


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("a.txt", KO.encode("cp949"), "text/plain; charset=euc-kr"),
        ("b.txt", JA.encode("cp932"), "text/plain; charset=shift_jis"),
        ("c.md", b"\xef\xbb\xbf" + KO.encode(), "text/markdown; charset=utf-8"),
    ],
)
def test_media_type_and_charset(tmp_path: Path, name: str, data: bytes, media_type: str) -> None:
    (tmp_path / name).write_bytes(data)
    doc = parse_document(tmp_path / name, NO_REPAIR, library_roots=[tmp_path])
    assert doc.file is not None and doc.file.media_type == media_type


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


START_LOCAL_NODE = ingest_cli.start_local_node  # the real one: fake_indexing replaces it


@pytest.fixture
def no_node(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """Settings whose node port has nothing listening (the real probe says so); ``ensure_node`` records
    the settings it is asked to start a node for. Indexing is faked."""
    # the local node, whatever OPENSEARCH_URL the environment holds
    settings = Settings(node_http_port=free_port(), OPENSEARCH_URL="")
    fake_indexing(monkeypatch)
    monkeypatch.setattr(ingest_cli, "start_local_node", START_LOCAL_NODE)
    monkeypatch.setattr(ingest_cli, "get_settings", lambda: settings)
    started: list[Settings] = []

    def ensure(asked: Settings) -> tuple[str, bool]:
        started.append(asked)
        return f"http://127.0.0.1:{asked.node_http_port}", True

    monkeypatch.setattr(ingest_cli, "ensure_node", ensure)
    return started


def test_ingest_starts_the_local_node_when_none_answers(
    tmp_path: Path, no_node: list[Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(KO, encoding="utf-8")
    assert ingest_cli.main([str(tmp_path / "a.txt"), "--workers", "1"]) == ingest_cli.EXIT_OK
    assert len(no_node) == 1
    assert "started the local OpenSearch node" in capsys.readouterr().err


def test_ingest_leaves_a_remote_cluster_alone(
    tmp_path: Path, no_node: list[Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = Settings(OPENSEARCH_URL="http://search.example:9200")
    monkeypatch.setattr(ingest_cli, "get_settings", lambda: remote)
    (tmp_path / "a.txt").write_text(KO, encoding="utf-8")
    assert ingest_cli.main([str(tmp_path / "a.txt"), "--workers", "1"]) == ingest_cli.EXIT_OK
    assert no_node == []


def test_a_node_that_cannot_start_stops_the_ingest_before_parsing(
    tmp_path: Path, no_node: list[Settings], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(settings: Settings) -> tuple[str, bool]:
        raise NodeError("no suitable Java")

    monkeypatch.setattr(ingest_cli, "ensure_node", fail)
    (tmp_path / "a.txt").write_text(KO, encoding="utf-8")
    assert ingest_cli.main([str(tmp_path / "a.txt")]) == ingest_cli.EXIT_UNREACHABLE
    err = capsys.readouterr().err
    assert "no suitable Java" in err and "Nothing was indexed" in err and "parsed" not in err


def test_ingest_names_files_outside_the_library(
    tmp_path: Path, no_node: list[Settings], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    (root / "in.txt").write_text(KO, encoding="utf-8")
    (tmp_path / "out.txt").write_text(KO.replace("2024", "2025"), encoding="utf-8")
    settings = Settings(node_http_port=free_port(), library_roots=[root])
    monkeypatch.setattr(ingest_cli, "get_settings", lambda: settings)
    monkeypatch.setattr("ingest.pipeline.get_settings", lambda: settings)
    ingest_cli.main([str(root / "in.txt"), "--workers", "1"])
    assert "outside the library" not in capsys.readouterr().err
    ingest_cli.main([str(root / "in.txt"), str(tmp_path / "out.txt"), "--workers", "1"])
    err = capsys.readouterr().err
    assert "outside the library" in err and "1 file " in err and "out.txt" in err
