"""The authority tables in ``ingest/data``: plan periods, topics, known page furniture (and the
rows of any other table). Standard library only: the API reads the facet labels from here
without loading the parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a data table; ``#`` lines are comments, the first other line is the header."""
    lines = [
        line
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ValueError(f"{name}: row {number} has {len(cells)} columns, header has {len(header)}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
    return rows


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    ko: str
    ja: str
    en: str
    start: int | None
    end: int | None
    patterns: tuple[re.Pattern[str], ...]
    context: re.Pattern[str] | None
    country: str = "jp"

    def label(self, lang: str = "ko") -> str:
        return {"ja": self.ja, "en": self.en}.get(lang, self.ko)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    ko: str
    ja: str
    en: str
    keywords: re.Pattern[str]

    def label(self, lang: str = "ko") -> str:
        return {"ja": self.ja, "en": self.en}.get(lang, self.ko)


def _year(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


@lru_cache(maxsize=1)
def load_plans() -> tuple[Plan, ...]:
    """The plan-period authority (``ingest/data/plans.tsv``); ids and labels for facets."""
    plans = []
    for row in read_tsv("plans.tsv"):
        patterns = tuple(re.compile(p.strip()) for p in row["patterns"].split(" || ") if p.strip())
        context = re.compile(row["context"]) if row["context"].strip() else None
        plans.append(
            Plan(
                row["id"],
                row["ko"],
                row["ja"],
                row["en"],
                _year(row["start"]),
                _year(row["end"]),
                patterns,
                context,
                row.get("country") or "jp",
            )
        )
    return tuple(plans)


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """The topic authority (``ingest/data/topics.tsv``); ids and labels for facets."""
    return tuple(
        Topic(row["id"], row["ko"], row["ja"], row["en"], re.compile(row["keywords"]))
        for row in read_tsv("topics.tsv")
    )


@dataclass(frozen=True, slots=True)
class KnownFurniture:
    """A report series' page furniture: a line that fully matches ``pattern`` is dropped, and says
    ``value`` of the document's ``field`` (its institution, its periodical)."""

    pattern: re.Pattern[str]
    field: str
    value: str


@lru_cache(maxsize=1)
def load_furniture() -> tuple[KnownFurniture, ...]:
    """Known page furniture from ``ingest/data/furniture.tsv``."""
    return tuple(
        KnownFurniture(re.compile(row["pattern"], re.I), row["field"].strip(), row["value"].strip())
        for row in read_tsv("furniture.tsv")
    )
