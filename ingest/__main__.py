"""``python -m ingest PATH... [--rebuild]`` and ``python -m ingest stats``.

Exit codes: 0 all indexed; 1 some files were skipped (the rest is indexed);
2 indexing failed and the aliases still point at the previous complete index;
3 OpenSearch is unreachable.
"""

from __future__ import annotations

import sys

from ingest.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
