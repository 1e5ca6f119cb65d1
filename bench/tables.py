"""Markdown tables and numbers for the bench reports (docs/evaluation.md, docs/benchmarks.md)."""

from __future__ import annotations

import math


def fmt(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` decimals and thousands separators; a dash for a figure not measured (NaN)."""
    return "–" if isinstance(x, float) and math.isnan(x) else f"{x:,.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
