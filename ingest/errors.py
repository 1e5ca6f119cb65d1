"""Why a file could not be ingested. One base class so callers can catch them all."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that cannot become a document; ``path`` names it, the message says why."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")


class FileMissing(IngestError):
    """The path does not exist."""


class NotAFile(IngestError):
    """The path is a directory (or a socket, fifo ...), not a readable file."""


class UnsupportedFormat(IngestError):
    """The suffix is not one we parse (.txt, .md, .pdf, .hwp, .hwpx)."""


class EmptyFile(IngestError):
    """No bytes, only whitespace, or a PDF without a text layer."""


class ScannedFile(EmptyFile):
    """A PDF whose pages are all scans (no usable text layer) and no OCR was asked for;
    ``pages`` lists them."""

    def __init__(self, path: str | Path, message: str, pages: tuple[int, ...]) -> None:
        self.pages = pages
        super().__init__(path, message)


class BinaryFile(IngestError):
    """NUL bytes in a text file: an image, archive or office file renamed to .txt."""


class UnreadableFile(IngestError):
    """Bytes that decode in none of the supported encodings, or a damaged PDF, HWP or HWPX file."""

    def __init__(self, path: str | Path, message: str, offset: int | None = None) -> None:
        self.offset = offset
        super().__init__(path, message)
