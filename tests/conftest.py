"""Shared fixtures. Integration tests run against a real local OpenSearch node."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
WHITE_PAPER = SHARED / "external" / "ja" / "ict_white_paper_r4.txt"
SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT
