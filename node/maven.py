"""Fetch artifacts from Maven Central with the machine's Maven client, and check their digests."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

M2_REPOSITORY = Path.home() / ".m2" / "repository"


class MavenError(RuntimeError):
    """Maven is missing or could not download an artifact."""


def artifact_path(group: str, artifact: str, version: str, ext: str = "jar") -> Path:
    return M2_REPOSITORY / Path(*group.split(".")) / artifact / version / f"{artifact}-{version}.{ext}"


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def maven_get(group: str, artifact: str, version: str, ext: str = "jar") -> Path:
    """The artifact's path in the local repository, downloading it (non-transitively) if missing."""
    path = artifact_path(group, artifact, version, ext)
    if path.exists():
        return path
    if shutil.which("mvn") is None:
        raise MavenError("Maven (mvn) is not installed; install it (apt-get install maven) and retry.")
    coordinates = f"{group}:{artifact}:{version}:{ext}"
    cmd = ["mvn", "-q", "-B", "dependency:get", "-Dtransitive=false", f"-Dartifact={coordinates}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not path.exists():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
        raise MavenError(f"Maven could not download {coordinates} from Maven Central.\n{tail}")
    return path
