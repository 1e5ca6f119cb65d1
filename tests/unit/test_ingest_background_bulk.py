"""BackgroundBulk: requests in order from one thread; after a failure nothing more is sent."""

from __future__ import annotations

import threading

import pytest

from ingest.index.indexer import BackgroundBulk, IngestReport


class RecordingWriter:
    def __init__(self, fail_on: int | None = None) -> None:
        self.requests: list[list[dict]] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on

    def bulk(self, actions, report):  # type: ignore[no-untyped-def]
        self.threads.add(threading.current_thread().name)
        items = list(actions)
        if len(self.requests) == self.fail_on:
            raise ConnectionError("node went away")
        self.requests.append(items)
        return len(items)


def test_requests_go_in_order_from_another_thread() -> None:
    writer = RecordingWriter()
    sender = BackgroundBulk(writer, IngestReport())  # type: ignore[arg-type]
    for step in range(5):
        sender.send([{"_id": f"{step}-{i}"} for i in range(3)])
    assert sender.finish() == 15
    assert [r[0]["_id"] for r in writer.requests] == ["0-0", "1-0", "2-0", "3-0", "4-0"]
    assert writer.threads == {"kjsearch-bulk"}


def test_after_a_failed_request_nothing_is_sent_and_finish_raises() -> None:
    writer = RecordingWriter(fail_on=1)
    sender = BackgroundBulk(writer, IngestReport())  # type: ignore[arg-type]
    for step in range(4):
        sender.send([{"_id": str(step)}])
    with pytest.raises(ConnectionError, match="node went away"):
        sender.finish()
    assert [r[0]["_id"] for r in writer.requests] == ["0"]
