"""Provisioning errors of the local node: each bad state gets a clear message and leaves nothing behind."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

import pytest

from core.settings import Settings
from node import distribution, jdk
from node.distribution import DistributionError, ensure_distribution
from node.jdk import JdkNotFound, find_java_home
from node.process import PortInUse, ensure_node, node_status, pid_file


def fake_jdk(root: Path, name: str, major: int) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").write_text("#!/bin/sh\n")
    (home / "release").write_text(f'JAVA_VERSION="{major}.0.1"\n')
    return home


def test_newest_suitable_jdk_is_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_jdk(tmp_path, "jdk17", 17)
    newest = fake_jdk(tmp_path, "jdk25", 25)
    fake_jdk(tmp_path, "jdk21", 21)
    monkeypatch.setattr(jdk, "JVM_ROOTS", (tmp_path,))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("OPENSEARCH_JAVA_HOME", raising=False)
    assert find_java_home("3.8.0") == newest


def test_no_suitable_jdk_names_what_was_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_jdk(tmp_path, "jdk17", 17)
    monkeypatch.setattr(jdk, "JVM_ROOTS", (tmp_path,))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("OPENSEARCH_JAVA_HOME", raising=False)
    with pytest.raises(JdkNotFound) as err:
        find_java_home("3.8.0")
    assert "needs Java 21" in str(err.value) and "Java 17" in str(err.value)


def test_checksum_mismatch_removes_the_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "opensearch-9.9.9.zip"
    bad.write_bytes(b"not the real thing")
    monkeypatch.setitem(distribution.SHA256, "9.9.9", "0" * 64)
    with pytest.raises(DistributionError, match="Checksum mismatch"):
        distribution.verify(bad, "9.9.9")
    assert not bad.exists()


def test_unpack_failure_leaves_no_half_unpacked_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("something-else/README", "no opensearch-9.9.9 folder inside")
    monkeypatch.setattr(distribution, "fetch_zip", lambda version: broken)
    monkeypatch.setitem(distribution.SHA256, "9.9.9", distribution.file_digest(broken))
    cache = tmp_path / "cache"
    with pytest.raises(DistributionError, match="Could not unpack"):
        ensure_distribution("9.9.9", cache)
    assert sorted(p.name for p in cache.iterdir()) == []


def test_port_held_by_something_else_is_named(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        settings = Settings(opensearch_url="", node_http_port=port, node_transport_port=port, cache_dir=tmp_path)
        with pytest.raises(PortInUse, match=f"Port {port}"):
            ensure_node(settings, timeout_s=5)


def test_stale_pid_file_is_not_a_running_node(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    settings = Settings(node_http_port=free, cache_dir=tmp_path)
    pid_file(settings).parent.mkdir(parents=True)
    pid_file(settings).write_text("999999999")
    status = node_status(settings)
    assert status.pid is None and not status.running and not status.ours
