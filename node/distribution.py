"""Fetch the pinned OpenSearch distribution with Maven and unpack it once."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

GROUP = "org.opensearch.distribution.integ-test-zip"
ARTIFACT = "opensearch"

# Pinned so a tampered or truncated download is caught before it is unpacked.
SHA256 = {
    "3.8.0": "196c3cf4602c394f2e40e6174ccbf2a924eae37246f08fa6bbb6b75f9fd5ff1f",
}


class DistributionError(RuntimeError):
    """The distribution could not be fetched, verified or unpacked."""


def maven_zip_path(version: str, m2_repo: Path | None = None) -> Path:
    repo = m2_repo or Path.home() / ".m2" / "repository"
    return repo / Path(*GROUP.split(".")) / ARTIFACT / version / f"{ARTIFACT}-{version}.zip"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_zip(version: str) -> Path:
    """Download with the machine's Maven client unless the local repository has it."""
    path = maven_zip_path(version)
    if path.exists():
        return path
    if shutil.which("mvn") is None:
        raise DistributionError("Maven (mvn) is not installed; install it (apt-get install maven) and retry.")
    cmd = [
        "mvn",
        "-q",
        "-B",
        "dependency:get",
        "-Dtransitive=false",
        f"-Dartifact={GROUP}:{ARTIFACT}:{version}:zip",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not path.exists():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
        raise DistributionError(
            f"Maven could not download {GROUP}:{ARTIFACT}:{version}:zip from Maven Central.\n{tail}\n"
            "Check network access to Maven Central, or set OPENSEARCH_URL to use an existing cluster."
        )
    return path


def verify(path: Path, version: str) -> None:
    expected = SHA256.get(version)
    if expected is None:
        raise DistributionError(
            f"No pinned checksum for OpenSearch {version}; pinned versions: {', '.join(sorted(SHA256))}."
        )
    actual = sha256_of(path)
    if actual != expected:
        path.unlink(missing_ok=True)  # a corrupt file in ~/.m2 would otherwise be reused forever
        raise DistributionError(
            f"Checksum mismatch for {path.name}: expected {expected}, got {actual}. "
            "The file was removed; run the command again to download it afresh."
        )


def ensure_distribution(version: str, cache_dir: Path) -> Path:
    """Return the unpacked OpenSearch home, downloading and unpacking only when missing."""
    home = cache_dir / f"opensearch-{version}"
    if (home / "bin" / "opensearch").exists():
        return home
    zip_path = fetch_zip(version)
    verify(zip_path, version)
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = cache_dir / f".opensearch-{version}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(staging)
            # zipfile drops the unix mode bits; the launcher scripts must stay executable.
            for info in zf.infolist():
                mode = (info.external_attr >> 16) & 0o777
                if mode:
                    (staging / info.filename).chmod(mode)
        inner = staging / f"opensearch-{version}"
        inner.rename(home)  # atomic within one filesystem: no half-unpacked home is ever visible
    except (OSError, zipfile.BadZipFile) as exc:
        raise DistributionError(f"Could not unpack {zip_path}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return home
