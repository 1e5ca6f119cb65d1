"""Index-mode analysis spread over processes, one ``Analyzer`` (Kiwi + Sudachi) in each.

The pipeline around Kiwi and Sudachi is Python and holds the GIL, so threads cannot use a second
core; processes can. Each worker loads its own models (about 600 MiB and 4 s), so a pool pays off
for bulk indexing, not for a query or a handful of passages.

Tokens travel back as plain tuples with small integer codes for script and origin: pickling
enum members costs more than the analysis of a short passage.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from analyzers.glossary import Glossary
from analyzers.pipeline import Analyzer, cyclic_gc_paused
from analyzers.tokens import Origin, Script, Token

_SCRIPTS = tuple(Script)
_ORIGINS = tuple(Origin)
_SCRIPT_CODE = {s: i for i, s in enumerate(_SCRIPTS)}
_ORIGIN_CODE = {o: i for i, o in enumerate(_ORIGINS)}
_PackedToken = tuple[str, int, int, int, int, int, int]

_worker: Analyzer | None = None


class AnalyzerPoolError(RuntimeError):
    """A worker process died (killed, out of memory); the pool cannot be used any more."""


def _start_worker(glossary: Glossary) -> None:
    global _worker
    _worker = Analyzer(glossary)
    _worker.analyze("모델 적재 文部科学省", "index")  # load both models now, not in the first batch


def _analyze_in_worker(texts: list[str], pairs: tuple[tuple[str, str], ...]) -> list[list[_PackedToken]]:
    assert _worker is not None, "the pool initializer did not run"
    _worker.add_aliases(pairs)  # pairs only grow; already known ones are skipped
    scripts, origins = _SCRIPT_CODE, _ORIGIN_CODE
    with cyclic_gc_paused():
        return [
            [(t.term, t.position, t.start, t.end, scripts[t.script], origins[t.origin], t.span) for t in tokens]
            for tokens in _worker.analyze_many(texts, "index")
        ]


def _unpack(packed: list[_PackedToken]) -> list[Token]:
    scripts, origins, new = _SCRIPTS, _ORIGINS, tuple.__new__
    return [new(Token, (t, p, s, e, scripts[sc], origins[oc], sp)) for t, p, s, e, sc, oc, sp in packed]


def _batches(texts: Sequence[str], count: int) -> list[tuple[int, int]]:
    """Split ``texts`` into at most ``count`` consecutive (start, end) ranges of similar length."""
    total = sum(len(t) for t in texts)
    target = max(1, total // max(1, count))
    ranges: list[tuple[int, int]] = []
    start = size = 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= target and len(ranges) < count - 1:
            ranges.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(texts):
        ranges.append((start, len(texts)))
    return ranges


class AnalyzerPool:
    """``analyze_many`` in index mode on ``processes`` processes: this one and ``processes - 1`` workers.

    The calling process analyses too, with ``analyzer`` (the one that already has its models
    loaded), taking batches from the back of the queue while the workers take them from the front;
    so on two cores a single worker is enough, and only the workers' share crosses a pipe. Workers
    are given the analyzer's glossary and every alias pair added to it, so the tokens are exactly
    those of ``analyzer.analyze_many(texts, "index")``. Use it as a context manager, or call ``close``.
    """

    def __init__(self, analyzer: Analyzer, processes: int = 2) -> None:
        if processes < 2:
            raise ValueError(f"a pool needs at least 2 processes (this one and a worker), not {processes}")
        self.analyzer = analyzer
        self.processes = processes
        # spawn, not fork: this process may already run Kiwi's threads, which fork does not copy safely
        self._executor = ProcessPoolExecutor(
            max_workers=processes - 1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(analyzer.glossary,),
        )

    def warm_up(self) -> None:
        """Start every worker and load its models (otherwise the first batch pays for it)."""
        futures = self._submit([[""] for _ in range(self.processes - 1)])
        for future in futures:
            self._result(future)

    def pids(self) -> list[int]:
        """Process ids of the running workers (empty before the first batch)."""
        return list(self._executor._processes or {})

    def add_aliases(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Make each (a, b) pair spellings of one name, here and in every worker."""
        self.analyzer.add_aliases(pairs)

    def analyze_many(self, texts: Iterable[str]) -> list[list[Token]]:
        texts = list(texts)
        if not texts:
            return []
        # many small batches, so the processes finish together whatever the mix of Korean and Japanese
        batches = [texts[a:b] for a, b in _batches(texts, self.processes * 8)]
        results: list[list[list[Token]] | None] = [None] * len(batches)
        front, back = 0, len(batches) - 1  # workers take from the front, this process from the back
        in_flight: dict[Future, int] = {}
        workers = self.processes - 1
        try:
            while front <= back or in_flight:
                # keep two batches queued per worker, so none waits while this process is busy
                while front <= back and len(in_flight) < 2 * workers:
                    in_flight[self._submit([batches[front]])[0]] = front
                    front += 1
                if front <= back:
                    results[back] = self.analyzer.analyze_many(batches[back], "index")
                    back -= 1
                    finished = [f for f in in_flight if f.done()]
                else:  # nothing left to take: wait for the workers
                    finished = list(wait(in_flight, return_when=FIRST_COMPLETED).done)
                for future in finished:
                    index = in_flight.pop(future)
                    packed = self._result(future)
                    with cyclic_gc_paused():
                        results[index] = [_unpack(tokens) for tokens in packed]
        finally:
            for future in in_flight:
                future.cancel()
        return [tokens for batch in results if batch is not None for tokens in batch]

    def _submit(self, batches: list[list[str]]) -> list[Future]:
        pairs = tuple(self.analyzer.added_pairs)
        try:
            return [self._executor.submit(_analyze_in_worker, batch, pairs) for batch in batches]
        except BrokenProcessPool as exc:
            raise AnalyzerPoolError(f"an analyzer worker process died: {exc}") from exc

    @staticmethod
    def _result(future: Future) -> list[list[_PackedToken]]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise AnalyzerPoolError(f"an analyzer worker process died: {exc}") from exc

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> AnalyzerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
