"""Fetch the pinned OpenSearch distribution with Maven and unpack it once."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from node.maven import MavenError, file_digest, maven_get

GROUP = "org.opensearch.distribution.integ-test-zip"
ARTIFACT = "opensearch"

# Pinned so a tampered or truncated download is caught before it is unpacked.
SHA256 = {
    "3.8.0": "196c3cf4602c394f2e40e6174ccbf2a924eae37246f08fa6bbb6b75f9fd5ff1f",
}


class DistributionError(RuntimeError):
    """The distribution could not be fetched, verified or unpacked."""


def fetch_zip(version: str) -> Path:
    """The distribution zip in the local Maven repository, downloaded when missing."""
    try:
        return maven_get(GROUP, ARTIFACT, version, "zip")
    except MavenError as exc:
        raise DistributionError(f"{exc}\nCheck access to Maven Central, or set OPENSEARCH_URL to use an "
                                "existing cluster.") from exc


def verify(path: Path, version: str) -> None:
    expected = SHA256.get(version)
    if expected is None:
        raise DistributionError(
            f"No pinned checksum for OpenSearch {version}; pinned versions: {', '.join(sorted(SHA256))}."
        )
    actual = file_digest(path)
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
