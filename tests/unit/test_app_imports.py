"""The API process does not load the document parser (or PyMuPDF) to serve searches."""

from __future__ import annotations

import subprocess
import sys

from core.settings import PROJECT_ROOT

PARSER = ("ingest.pipeline", "ingest.readers", "ingest.text", "ingest.catalog", "pymupdf", "fitz")


def test_the_api_does_not_import_the_parser() -> None:
    code = "import sys, app.main; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "app.labels" in loaded  # the facet labels are read, from ingest.tables
    assert [m for m in loaded if m.startswith(PARSER)] == []
