"""Describe the machine and the measured process (CPU, memory, RSS, versions) for the benchmark report."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


def rss_mib(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU of a process so far, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def mem_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def java_version(java_home: Path | None) -> str:
    java = str(java_home / "bin" / "java") if java_home else "java"
    proc = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    return (proc.stderr or proc.stdout).splitlines()[0] if (proc.stderr or proc.stdout) else "unknown"


def describe(java_home: Path | None, opensearch_version: str) -> dict:
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_total_gib(), 1),
        "cpu": cpu_model(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "opensearch": opensearch_version,
        "jdk": java_version(java_home),
    }
