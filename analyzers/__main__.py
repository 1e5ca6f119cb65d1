"""``python -m analyzers "텍스트" [--mode query]``: print the tokens as a table."""

from __future__ import annotations

import argparse
import sys
import time

from rich.console import Console
from rich.table import Table

from analyzers.pipeline import default_analyzer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analyzers", description=__doc__)
    parser.add_argument("text", nargs="?", help="text to analyze (default: read stdin)")
    parser.add_argument("--mode", choices=("index", "query"), default="index")
    args = parser.parse_args(argv)
    text = args.text if args.text is not None else sys.stdin.read()
    analyzer = default_analyzer()
    began = time.perf_counter()
    tokens = analyzer.analyze(text, args.mode)
    elapsed = (time.perf_counter() - began) * 1000
    table = Table(title=f"{len(tokens)} tokens ({args.mode} mode, {elapsed:.1f} ms incl. model load)")
    for column in ("pos", "span", "term", "origin", "script", "start:end", "text"):
        table.add_column(column, justify="right" if column in ("pos", "span") else "left")
    for tok in tokens:
        table.add_row(
            str(tok.position),
            str(tok.span),
            tok.term,
            tok.origin.value,
            tok.script.value,
            f"{tok.start}:{tok.end}",
            text[tok.start : tok.end].replace("\n", "⏎"),
        )
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
