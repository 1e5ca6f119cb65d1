"""The ingested originals: found by a document's record alone, checked, and streamed.

A document record (``file`` in the documents index, written by ingest) holds the file's path relative
to the library root that held it, its absolute path on the ingest machine, its size, SHA-256 and media
type. Nothing in the request names a path: the id picks the record, and only a file that lies inside a
configured library root (symlinks resolved) with the recorded size and hash is served. A file that is
there but no longer the one ingested is gone (410); one that is not there, or not inside a root, is
not found (404).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.responses import FileResponse, MalformedRangeHeader, RangeNotSatisfiable, Response

from app.errors import ApiError, NotFound


class FileGone(ApiError):
    status = 410
    code = "file_changed"


class RangeNotSatisfiableError(ApiError):
    status = 416
    code = "range_not_satisfiable"


@dataclass(frozen=True)
class StoredFile:
    """The ``file`` of a document record."""

    path: str
    library_path: str | None
    size: int
    sha256: str
    media_type: str

    @classmethod
    def of(cls, record: Mapping) -> StoredFile | None:
        f = record.get("file")
        if not isinstance(f, Mapping):
            return None
        try:
            return cls(str(f["path"]), f.get("library_path"), int(f["size"]), str(f["sha256"]), str(f["media_type"]))
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def name(self) -> str:
        return PurePosixPath(self.library_path or Path(self.path).name).name


@dataclass(frozen=True)
class Original:
    path: Path  # resolved, inside a library root
    stat: os.stat_result
    stored: StoredFile

    @property
    def etag(self) -> str:
        return f'"{self.stored.sha256}"'


def within(path: Path, roots: Sequence[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def candidates(stored: StoredFile, roots: Sequence[Path]) -> Iterator[Path]:
    """Where the file may be: under each root at its library path, then at the ingest machine's path.
    A library path that climbs out (``..``) or is absolute is no library path."""
    rel = PurePosixPath(stored.library_path) if stored.library_path else None
    if rel is not None and not rel.is_absolute() and ".." not in rel.parts and rel.parts:
        for root in roots:
            yield root / rel
    if os.path.isabs(stored.path):
        yield Path(stored.path)


class Originals:
    """Finds a document's original in the library roots; remembers the hash of each file it read
    (by path, size, modification time and inode), so a file is hashed again only when it changes."""

    CACHE = 4096

    def __init__(self, roots: Sequence[Path], enabled: bool = True) -> None:
        self.roots = [r.resolve() for r in roots]
        self.enabled = enabled
        self._hashes: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def sha256(self, path: Path, st: os.stat_result) -> str:
        key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
        with self._lock:
            if key in self._hashes:
                self._hashes.move_to_end(key)
                return self._hashes[key]
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        with self._lock:
            self._hashes[key] = digest
            while len(self._hashes) > self.CACHE:
                self._hashes.popitem(last=False)
        return digest

    def find(self, doc_id: str, record: Mapping) -> Original:
        """The original of the document ``record``; NotFound or FileGone (410) otherwise."""
        if not self.enabled:
            raise NotFound("This library does not serve its original files (KJSEARCH_SERVE_FILES=false).")
        stored = StoredFile.of(record)
        if stored is None:
            raise NotFound(f"Document {doc_id!r} was indexed without its file's record; ingest it again.")
        changed = False
        for candidate in candidates(stored, self.roots):
            path = candidate.resolve()
            if not within(path, self.roots):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            if st.st_size == stored.size and self.sha256(path, st) == stored.sha256:
                return Original(path, st, stored)
            changed = True
        if changed:
            raise FileGone(
                f"The original of document {doc_id!r} changed since it was ingested; ingest it again.",
                [{"doc_id": doc_id}],
            )
        raise NotFound(f"The original of document {doc_id!r} is not in the library.", [{"doc_id": doc_id}])

    def available(self, doc_id: str, record: Mapping) -> bool:
        try:
            self.find(doc_id, record)
        except ApiError:
            return False
        return True


class OriginalResponse(FileResponse):
    """A FileResponse that ignores a Range header it cannot parse (RFC 9110 §14.2) instead of a 400."""

    @classmethod
    def _parse_range_header(cls, http_range: str, file_size: int) -> list[tuple[int, int]]:
        try:
            return super()._parse_range_header(http_range, file_size)
        except MalformedRangeHeader:
            return []


def etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 §13.1.2): W/ prefixes do not matter."""
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def respond(original: Original, headers: Mapping[str, str]) -> Response:
    """The file with its media type, download name, ETag (its SHA-256) and Range support; 304 for a
    matching If-None-Match, 416 in the error shape for a range past its end."""
    common = {"ETag": original.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    if etag_matches(headers.get("if-none-match"), original.etag):
        return Response(status_code=304, headers=common)
    size = original.stat.st_size
    http_range, if_range = headers.get("range"), headers.get("if-range")
    if http_range and (if_range is None or if_range == original.etag):
        try:
            OriginalResponse._parse_range_header(http_range, size)
        except RangeNotSatisfiable as exc:
            error = RangeNotSatisfiableError(f"The range {http_range!r} lies outside the file's {size} bytes.")
            error.headers = {"Content-Range": f"bytes */{size}"}
            raise error from exc
    return OriginalResponse(
        original.path,
        media_type=original.stored.media_type,
        filename=original.stored.name,
        stat_result=original.stat,
        headers=common,
        content_disposition_type="inline",  # a browser shows a PDF at #page=N; saving keeps the name
    )
