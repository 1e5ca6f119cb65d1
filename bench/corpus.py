"""The evaluation corpus: the seed reports plus the Japanese ICT white paper, parsed once by our ingest."""

from __future__ import annotations

from pathlib import Path

from analyzers import default_analyzer
from bench.metrics import load_queries
from core.settings import PROJECT_ROOT
from ingest.model import Document
from ingest.run import collect_documents
from ingest.text.cleaning import TextRepair

SEEDS = PROJECT_ROOT / "seeds"
# Third-party material is read in place from the shared folder beside the checkout, never copied in.
SHARED = PROJECT_ROOT.parent / "shared"
WHITE_PAPER = SHARED / "external" / "ja" / "ict_white_paper_r4.txt"
EVAL_DIR = PROJECT_ROOT / "tests" / "eval"
QUERY_SETS = {"dev": EVAL_DIR / "dev_queries.jsonl", "kjsearch": EVAL_DIR / "kjsearch_queries.jsonl"}


def query_texts() -> list[str]:
    """Every query of the judged sets, as the benchmarks send them."""
    return [q.q for path in QUERY_SETS.values() for q in load_queries(path)]


def corpus_paths() -> list[Path]:
    """The seed reports and the white paper. The judged queries ask about both, so a missing white
    paper is an error rather than a smaller corpus with other figures."""
    if not WHITE_PAPER.is_file():
        raise FileNotFoundError(f"{WHITE_PAPER} is missing: the corpus reads ../shared in place")
    return [*sorted(SEEDS.glob("*.txt")), WHITE_PAPER]


def load_corpus() -> list[Document]:
    docs, skipped = collect_documents(corpus_paths(), TextRepair.using(default_analyzer()))
    if skipped:
        raise RuntimeError(f"ingest skipped corpus files: {skipped}")
    return docs


def passage_rows(docs: list[Document]) -> list[tuple[str, str, str]]:
    """(id, doc_id, text) of every passage: the identical texts every engine indexes."""
    return [(p.id, p.doc_id, p.text) for d in docs for p in d.passages]
