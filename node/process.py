"""Start, reuse and stop the local single-node OpenSearch."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from node.distribution import ensure_distribution
from node.jdk import find_java_home

CLUSTER_NAME = "kjsearch-local"
# OpenSearch refuses to run as root; as root we drop to this unprivileged account.
RUN_AS = ("nobody", "nogroup")


class NodeError(RuntimeError):
    """The local node could not be started or reached."""


class PortInUse(NodeError):
    """A port we need is held by something that is not our node."""


@dataclass(frozen=True)
class NodeStatus:
    url: str
    running: bool
    ours: bool
    pid: int | None
    version: str | None


def _get_json(url: str, timeout: float = 2.0) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return json.loads(resp.read().decode())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap(pid: int) -> None:
    """Collect a node child that exited, so its pid stops looking alive."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def pid_file(settings: Settings) -> Path:
    return settings.node_dir / "opensearch.pid"


def node_status(settings: Settings) -> NodeStatus:
    url = f"http://127.0.0.1:{settings.node_http_port}"
    info = _get_json(url)
    pid = _read_pid(pid_file(settings))
    if pid is not None and not _pid_alive(pid):
        pid = None
    ours = bool(info and info.get("cluster_name") == CLUSTER_NAME)
    version = (info or {}).get("version", {}).get("number")
    return NodeStatus(url=url, running=info is not None, ours=ours, pid=pid, version=version)


def _write_config(settings: Settings, home: Path) -> Path:
    node_dir = settings.node_dir
    conf = node_dir / "config"
    for sub in ("config", "data", "logs"):
        (node_dir / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(home / "config" / "log4j2.properties", conf / "log4j2.properties")
    logs, data = node_dir / "logs", node_dir / "data"
    # The stock jvm.options writes GC logs and heap dumps relative to the working directory.
    jvm = (home / "config" / "jvm.options").read_text()
    jvm = (
        jvm.replace("file=logs/gc.log", f"file={logs}/gc.log")
        .replace("HeapDumpPath=data", f"HeapDumpPath={data}")
        .replace("ErrorFile=logs/", f"ErrorFile={logs}/")
    )
    jvm = "\n".join(line for line in jvm.splitlines() if not line.startswith(("-Xms", "-Xmx")))
    jvm += f"\n-Xms{settings.node_heap}\n-Xmx{settings.node_heap}\n"
    (conf / "jvm.options").write_text(jvm)
    (conf / "opensearch.yml").write_text(
        "\n".join(
            [
                f"cluster.name: {CLUSTER_NAME}",
                f"node.name: {node_name(settings)}",
                "network.host: 127.0.0.1",  # never reachable from another machine
                f"http.port: {settings.node_http_port}",
                f"transport.port: {settings.node_transport_port}",
                *_discovery(settings),
                f"path.data: {data}",
                f"path.logs: {logs}",
                # A nearly full developer disk must not turn every index read-only mid-test.
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: true",
                "",
            ]
        )
    )
    return conf


def node_name(settings: Settings) -> str:
    return f"kjsearch-{settings.node_http_port}"


def _discovery(settings: Settings) -> list[str]:
    """opensearch.yml lines: a single-node cluster, or one node of a local cluster.

    A cluster-managing node bootstraps the cluster with itself as the first manager; a data-only
    node joins it through the seed hosts. Only the managers vote, so stopping a data node (its
    shards have replicas elsewhere) leaves the cluster answering.
    """
    if not settings.node_cluster_hosts:
        return ["discovery.type: single-node"]
    seeds = [f"127.0.0.1:{settings.node_transport_port}", *settings.node_cluster_hosts]
    lines = [f"discovery.seed_hosts: {json.dumps(seeds)}"]
    if settings.node_cluster_manager:
        lines += [
            f"cluster.initial_cluster_manager_nodes: {json.dumps([node_name(settings)])}",
            'node.roles: ["cluster_manager", "data", "ingest"]',
        ]
    else:
        lines.append('node.roles: ["data", "ingest"]')
    return lines


def _drop_privileges_prefix(node_dir: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        raise NodeError(
            "Running as root needs setpriv (util-linux) to start OpenSearch as an unprivileged user."
        )
    subprocess.run(["chown", "-R", f"{RUN_AS[0]}:{RUN_AS[1]}", str(node_dir)], check=True)
    return ["setpriv", f"--reuid={RUN_AS[0]}", f"--regid={RUN_AS[1]}", "--clear-groups", "--"]


def _check_readable_by_unprivileged(path: Path) -> None:
    """As root the node runs as nobody, which must be able to reach the distribution."""
    if os.geteuid() != 0:
        return
    for parent in [path, *path.parents]:
        if parent.exists() and not (parent.stat().st_mode & 0o001):
            raise NodeError(
                f"{parent} is not searchable by other users, so OpenSearch (run as '{RUN_AS[0]}') "
                "cannot read its files. Set KJSEARCH_CACHE_DIR to a directory under a world-searchable "
                "path (e.g. /var/tmp/kjsearch)."
            )


def _wait_healthy(settings: Settings, pid: int | None, timeout_s: float) -> None:
    url = f"http://127.0.0.1:{settings.node_http_port}/_cluster/health?wait_for_status=yellow&timeout=2s"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        health = _get_json(url, timeout=5)
        if health and health.get("status") in ("yellow", "green"):
            return
        if pid is not None:
            _reap(pid)
            if not _pid_alive(pid):
                break
        time.sleep(1)
    tail = ""
    for name in (f"{CLUSTER_NAME}.log", "console.log"):
        log = settings.node_dir / "logs" / name
        if log.exists():
            tail += "\n".join(log.read_text(errors="replace").splitlines()[-15:]) + "\n"
    raise NodeError(f"OpenSearch did not become healthy within {timeout_s:.0f}s. Last log lines:\n{tail}")


def ensure_node(settings: Settings, timeout_s: float = 180.0) -> tuple[str, bool]:
    """Make sure a cluster answers; return (url, started_by_us).

    With OPENSEARCH_URL set, nothing is started: that cluster is used as it is.
    """
    if settings.opensearch_url:
        return settings.opensearch_url, False
    status = node_status(settings)
    if status.ours:
        _wait_healthy(settings, status.pid, timeout_s)
        return status.url, False
    for port in (settings.node_http_port, settings.node_transport_port):
        if _port_open(port):
            raise PortInUse(
                f"Port {port} on 127.0.0.1 is in use by something that is not the kjsearch node. "
                f"Stop it, or choose other ports with KJSEARCH_NODE_HTTP_PORT / KJSEARCH_NODE_TRANSPORT_PORT, "
                f"or point OPENSEARCH_URL at that cluster if it is an OpenSearch you want to use."
            )
    stale = _read_pid(pid_file(settings))
    if stale is not None and _pid_alive(stale):
        # Left over from a killed run and not answering: stop it before starting afresh.
        _terminate(stale, 30)
    pid_file(settings).unlink(missing_ok=True)

    home = ensure_distribution(settings.node_version, settings.node_root)
    java_home = find_java_home(settings.node_version, settings.node_java_home)
    _check_readable_by_unprivileged(home)
    conf = _write_config(settings, home)
    prefix = _drop_privileges_prefix(settings.node_dir)
    env = {
        **os.environ,
        "OPENSEARCH_JAVA_HOME": str(java_home),
        "OPENSEARCH_PATH_CONF": str(conf),
    }
    env.pop("OPENSEARCH_JAVA_OPTS", None)
    cmd = [*prefix, str(home / "bin" / "opensearch")]
    launcher_log = settings.node_dir / "logs" / "console.log"
    # A file, not a pipe: the node outlives this process and keeps writing. A new session
    # keeps Ctrl-C in the terminal from reaching the node; stop_node stops it cleanly.
    with launcher_log.open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=settings.node_dir,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file(settings).write_text(str(proc.pid))
    try:
        _wait_healthy(settings, proc.pid, timeout_s)
    except NodeError:
        _terminate(proc.pid, 10)
        pid_file(settings).unlink(missing_ok=True)
        raise
    return status.url, True


def _terminate(pid: int, timeout_s: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and _pid_alive(pid):
        _reap(pid)  # a node started by this process stays a zombie (and "alive") until reaped
        time.sleep(0.2)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
        _reap(pid)


def stop_node(settings: Settings, timeout_s: float = 60.0) -> bool:
    """Stop the node recorded in the pid file; True if one was running."""
    pid = _read_pid(pid_file(settings))
    if pid is None or not _pid_alive(pid):
        pid_file(settings).unlink(missing_ok=True)
        return False
    _terminate(pid, timeout_s)
    pid_file(settings).unlink(missing_ok=True)
    return True
