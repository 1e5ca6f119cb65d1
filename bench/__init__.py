"""Relevance evaluation (``python -m bench.eval``) and performance benchmarks (``python -m bench.perf``)."""
