"""Find a JDK that the pinned OpenSearch release supports."""

from __future__ import annotations

import os
import re
from pathlib import Path

JVM_ROOTS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/usr/local/lib/jvm"))


class JdkNotFound(RuntimeError):
    """No installed JDK is new enough for the OpenSearch release."""


def required_java(opensearch_version: str) -> int:
    """OpenSearch 3.x needs Java 21 or newer; 2.x runs on 11 and 17."""
    return 21 if int(opensearch_version.split(".")[0]) >= 3 else 11


def java_major(home: Path) -> int | None:
    release = home / "release"
    if not (home / "bin" / "java").exists() or not release.exists():
        return None
    match = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(errors="replace"), re.M)
    return int(match.group(1)) if match else None


def candidate_homes(explicit: str) -> list[Path]:
    homes = [
        Path(p)
        for p in (explicit, os.environ.get("OPENSEARCH_JAVA_HOME", ""), os.environ.get("JAVA_HOME", ""))
        if p
    ]
    for root in JVM_ROOTS:
        if root.is_dir():
            homes.extend(sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()))
    return homes


def find_java_home(opensearch_version: str, explicit: str = "") -> Path:
    """The newest suitable JDK, or the explicit one if given and suitable."""
    need = required_java(opensearch_version)
    found: dict[Path, int] = {}
    for home in candidate_homes(explicit):
        major = java_major(home)
        if major is not None:
            found[home.resolve()] = major
    if explicit:
        major = found.get(Path(explicit).resolve())
        if major is not None and major >= need:
            return Path(explicit)
    suitable = sorted((m, h) for h, m in found.items() if m >= need)
    if suitable:
        return suitable[-1][1]
    seen = ", ".join(f"{h} (Java {m})" for h, m in found.items()) or "none"
    raise JdkNotFound(
        f"OpenSearch {opensearch_version} needs Java {need} or newer; JDKs found: {seen}. "
        f"Install one (e.g. apt-get install openjdk-{max(need, 21)}-jdk-headless) "
        "or set KJSEARCH_NODE_JAVA_HOME."
    )
