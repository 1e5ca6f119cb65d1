"""Assemble the analysis-nori / analysis-kuromoji plugin ZIPs from Maven Central artifacts.

OpenSearch 3.8.0 publishes the plugin JARs (``org.opensearch.plugin:analysis-nori:3.8.0``) but not the
installable plugin ZIPs. A plugin ZIP is only the plugin jar, its runtime jars and a
``plugin-descriptor.properties``, so we build one from verified downloads and install it with
``bin/opensearch-plugin install --batch file://...`` into a *separate* copy of the distribution.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from node.jdk import find_java_home
from node.maven import MavenError, file_digest, maven_get

LUCENE_VERSION = {"3.8.0": "10.5.0"}


@dataclass(frozen=True)
class PluginSpec:
    name: str
    classname: str
    lucene_artifact: str
    description: str


PLUGINS = (
    PluginSpec(
        "analysis-nori",
        "org.opensearch.plugin.analysis.nori.AnalysisNoriPlugin",
        "lucene-analysis-nori",
        "The Korean (nori) Analysis plugin integrates Lucene nori analysis module.",
    ),
    PluginSpec(
        "analysis-kuromoji",
        "org.opensearch.plugin.analysis.kuromoji.AnalysisKuromojiPlugin",
        "lucene-analysis-kuromoji",
        "The Japanese (kuromoji) Analysis plugin integrates Lucene kuromoji.",
    ),
)


class PluginError(RuntimeError):
    """A plugin could not be downloaded, verified, assembled or installed."""


def fetch_verified(group: str, artifact: str, version: str) -> Path:
    """Download a jar with Maven (non-transitive) and check it against Maven Central's .sha1 file."""
    try:
        path = maven_get(group, artifact, version)
    except MavenError as exc:
        raise PluginError(str(exc)) from exc
    sha_file = path.with_name(path.name + ".sha1")
    if not sha_file.exists():
        raise PluginError(f"no checksum file next to {path}")
    expected = sha_file.read_text().split()[0].strip().lower()
    actual = file_digest(path, "sha1")
    if actual != expected:
        path.unlink(missing_ok=True)
        raise PluginError(f"checksum mismatch for {path.name}: expected {expected}, got {actual}; file removed")
    return path


def descriptor(spec: PluginSpec, os_version: str, java_version: str = "21") -> str:
    return "\n".join(
        [
            f"description={spec.description}",
            f"version={os_version}",
            f"name={spec.name}",
            f"classname={spec.classname}",
            f"java.version={java_version}",
            f"opensearch.version={os_version}",
            "custom.foldername=",
            "extended.plugins=",
            "has.native.controller=false",
            "",
        ]
    )


def build_zip(spec: PluginSpec, os_version: str, out_dir: Path) -> Path:
    lucene = LUCENE_VERSION[os_version]
    plugin_jar = fetch_verified("org.opensearch.plugin", spec.name, os_version)
    lucene_jar = fetch_verified("org.apache.lucene", spec.lucene_artifact, lucene)
    with zipfile.ZipFile(plugin_jar) as zf:
        wanted = spec.classname.replace(".", "/") + ".class"
        if wanted not in zf.namelist():
            raise PluginError(f"{plugin_jar.name} has no {wanted}")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{spec.name}-{os_version}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(plugin_jar, plugin_jar.name)
        zf.write(lucene_jar, lucene_jar.name)
        zf.writestr("plugin-descriptor.properties", descriptor(spec, os_version))
    return out


def installed(home: Path, name: str) -> bool:
    return (home / "plugins" / name / "plugin-descriptor.properties").exists()


def install_plugins(home: Path, os_version: str, work_dir: Path) -> list[str]:
    """Build and install both plugins into the distribution at ``home``; return the installed names."""
    java_home = find_java_home(os_version)
    env = {**os.environ, "OPENSEARCH_JAVA_HOME": str(java_home)}
    env.pop("OPENSEARCH_PATH_CONF", None)
    names = []
    for spec in PLUGINS:
        if not installed(home, spec.name):
            zip_path = build_zip(spec, os_version, work_dir)
            cmd = [str(home / "bin" / "opensearch-plugin"), "install", "--batch", zip_path.resolve().as_uri()]
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0 or not installed(home, spec.name):
                raise PluginError(f"opensearch-plugin install {spec.name} failed:\n{proc.stdout}\n{proc.stderr}")
            # The node runs as an unprivileged user when we are root: the files must stay world-readable.
            for path in (home / "plugins" / spec.name).rglob("*"):
                path.chmod(0o755 if path.is_dir() else 0o644)
        names.append(spec.name)
    return names
