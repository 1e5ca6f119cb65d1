"""Index-mode analysis spread over worker processes, one ``Analyzer`` (Kiwi + Sudachi) in each.

The pipeline around Kiwi and Sudachi is Python and holds the GIL, so threads cannot use a second
core; processes can. Each worker loads its own models (about 600 MiB and 4 s), so a pool pays off
for bulk indexing, not for a query or a handful of passages.

Tokens travel back as plain tuples with small integer codes for script and origin: pickling
enum members costs more than the analysis of a short passage.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from analyzers.glossary import Glossary, load_glossary
from analyzers.pipeline import Analyzer, cyclic_gc_paused
from analyzers.terms import key
from analyzers.tokens import Origin, Script, Token

_SCRIPTS = tuple(Script)
_ORIGINS = tuple(Origin)
_SCRIPT_CODE = {s: i for i, s in enumerate(_SCRIPTS)}
_ORIGIN_CODE = {o: i for i, o in enumerate(_ORIGINS)}
_PackedToken = tuple[str, int, int, int, int, int, int]

_worker: Analyzer | None = None


class AnalyzerPoolError(RuntimeError):
    """A worker process died (killed, out of memory); the pool cannot be used any more."""


def _start_worker(glossary: Glossary, kiwi_threads: int) -> None:
    global _worker
    _worker = Analyzer(glossary, num_workers=kiwi_threads)
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
    """``analyze_many`` in index mode over ``processes`` worker processes.

    Gives the same tokens as ``Analyzer.analyze_many(texts, "index")`` with the same aliases.
    Use it as a context manager, or call ``close``.
    """

    def __init__(self, processes: int = 2, glossary: Glossary | None = None, *, kiwi_threads: int = 1) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        # spawn, not fork: the parent may already run Kiwi's threads, which fork does not copy safely
        self._executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(glossary if glossary is not None else load_glossary(), kiwi_threads),
        )

    def warm_up(self) -> None:
        """Start every worker and load its models (otherwise the first batch pays for it)."""
        for _ in self._map([[""] for _ in range(self.processes)]):
            pass

    def pids(self) -> list[int]:
        """Process ids of the running workers (empty before the first batch)."""
        return list(self._executor._processes or {})

    def add_aliases(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Make each (a, b) pair spellings of one name in every worker (see ``Analyzer.add_aliases``)."""
        for a, b in pairs:
            self._pairs.setdefault((key(a), key(b)), (a, b))

    def analyze_many(self, texts: Iterable[str]) -> list[list[Token]]:
        texts = list(texts)
        if not texts:
            return []
        # many small batches: workers take the next one when free, so a batch of slow (Korean)
        # text does not leave the other core idle
        ranges = _batches(texts, self.processes * 8)
        out: list[list[Token]] = []
        for batch in self._map([texts[a:b] for a, b in ranges]):
            with cyclic_gc_paused():  # while the workers go on with later batches
                out.extend(_unpack(packed) for packed in batch)
        return out

    def _map(self, batches: list[list[str]]) -> Iterator[list[list[_PackedToken]]]:
        pairs = tuple(self._pairs.values())
        try:
            futures = [self._executor.submit(_analyze_in_worker, batch, pairs) for batch in batches]
            for future in futures:
                yield future.result()
        except BrokenProcessPool as exc:
            raise AnalyzerPoolError(f"an analyzer worker process died: {exc}") from exc

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> AnalyzerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
