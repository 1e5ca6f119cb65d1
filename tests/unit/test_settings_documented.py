"""Every setting appears in the README's configuration table, and nothing else does."""

import re

from core.settings import PROJECT_ROOT, Settings


def env_name(name: str) -> str:
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else f"KJSEARCH_{name.upper()}"


def test_readme_table_matches_settings() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.M))
    expected = {env_name(n) for n in Settings.model_fields}
    assert documented == expected


def test_settings_fail_fast_on_bad_values(monkeypatch) -> None:
    monkeypatch.setenv("KJSEARCH_NODE_HEAP", "lots")
    try:
        Settings()
    except ValueError as exc:
        assert "node_heap" in str(exc)
    else:
        raise AssertionError("a bad heap size was accepted")
