"""Reading scanned PDF pages with Tesseract (``python -m ingest --ocr``).

A page with no usable text layer (see ``pdf.is_scan``) is rendered at ``DPI`` and read by
the Tesseract that MuPDF has built in (``page.get_textpage_ocr``); only its language data comes
from the machine: Debian's ``tesseract-ocr`` (which also says where the data lives) and its
``-kor``/``-jpn`` packages, installed by ``make ocr``. The text Tesseract finds comes back as a
``get_text("dict")`` page (``ocr_lines``), so it is laid out, cleaned and cut into passages like
any other page.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from ingest.readers.geometry import Box, same_row, union

LANGUAGES = ("kor", "jpn", "eng")
DPI = 300
APT_PACKAGES = "tesseract-ocr tesseract-ocr-kor tesseract-ocr-jpn"
_INSTALL = f"install it with `make ocr` (as root: apt-get install {APT_PACKAGES})"


class OcrUnavailable(RuntimeError):
    """Tesseract or one of its languages is missing: ``--ocr`` cannot run on this machine."""


@dataclass(frozen=True, slots=True)
class Ocr:
    """How to read a scanned page: Tesseract's language data folder and the languages to use."""

    tessdata: str
    languages: tuple[str, ...] = LANGUAGES
    dpi: int = DPI

    def page_dict(self, page: Any) -> dict[str, Any]:
        """The page's text as Tesseract reads it, as ``page.get_text("dict")`` would give it."""
        import pymupdf

        try:
            textpage = page.get_textpage_ocr(
                flags=pymupdf.TEXTFLAGS_TEXT,
                language="+".join(self.languages),
                dpi=self.dpi,
                full=True,
                tessdata=self.tessdata,
            )
        except Exception as exc:  # MuPDF reports Tesseract's failures as its own exception types
            # the file is skipped with this reason (``reading._read_pdf``), the run goes on
            raise RuntimeError(f"Tesseract could not read page {page.number + 1}: {exc}") from exc
        raw: dict[str, Any] = page.get_text("rawdict", textpage=textpage)
        return ocr_lines(raw)


def find_ocr(languages: tuple[str, ...] = LANGUAGES) -> Ocr:
    """Tesseract's language data with every language we read; raises ``OcrUnavailable`` naming
    what to install when Tesseract or a language is missing. ``TESSDATA_PREFIX`` wins when set."""
    tessdata = os.environ.get("TESSDATA_PREFIX", "")
    if not tessdata:
        if shutil.which("tesseract") is None:
            raise OcrUnavailable(f"--ocr needs Tesseract, which is not installed: {_INSTALL}")
        import pymupdf

        try:
            tessdata = pymupdf.get_tessdata()  # asks `tesseract --list-langs` where its data lives
        except RuntimeError as exc:
            raise OcrUnavailable(f"--ocr cannot find Tesseract's language data ({exc}): {_INSTALL}") from exc
    folder = Path(tessdata)
    missing = [lang for lang in languages if not (folder / f"{lang}.traineddata").is_file()]
    if missing:
        names = ", ".join(f"{lang}.traineddata" for lang in missing)
        raise OcrUnavailable(f"--ocr needs Tesseract's {names}, not found in {folder}: {_INSTALL}")
    return Ocr(str(folder), languages)


# --- Tesseract's words -> lines of text --------------------------------------------------------
#
# MuPDF writes each word Tesseract finds as a piece of invisible text, and writes no spaces: a
# line comes back as words side by side, Korean ones often cut into single syllables ("문", "부",
# "과학", "성"), and a word set a little higher or lower may come back as a line of its own. So the
# words of one row are put back into one line, and a space goes where the blank between two words
# is a word space. Korean takes one where the blank is clearly wider than the blanks between the
# syllables of the row (the row's median blank times _SPACE_VS_MEDIAN, kept within _HANGUL_SPACE);
# Japanese, written without spaces, only where a blank of about a full character was left
# (_JAPANESE_SPACE; an ideographic space, as in "第１条\u3000目的"; beside a punctuation mark, whose
# ink fills a corner of its square, only a wider blank counts); Latin letters and signs where
# the blank is wider than _OTHER_SPACE, digits where it is wider than _DIGIT_SPACE (fullwidth
# digits stand apart). Blanks are in line heights; the values were measured on scanned Korean and
# Japanese report pages against their text layer.

_HANGUL_SPACE = (0.3, 0.5)
_SPACE_VS_MEDIAN = 1.5
_JAPANESE_SPACE = 0.7
_JAPANESE_PUNCTUATION_SPACE = 1.5
_OTHER_SPACE = 0.25
_DIGIT_SPACE = 0.6
_INK_TO_SIZE = 0.9  # a row of Tesseract's boxes is about this share of the font size high
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_JAPANESE = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")

Glyph = tuple[str, Box]


def ocr_lines(raw_dict: dict[str, Any]) -> dict[str, Any]:
    """An OCR'd ``get_text("rawdict")`` page as a ``"dict"`` page of whole lines with their
    word spaces put back (see above)."""
    blocks = []
    for block in raw_dict.get("blocks", ()):
        rows: list[list[Glyph]] = []
        row_box: Box | None = None
        for line in block.get("lines", ()):
            chars: list[Glyph] = [
                (c["c"], union([c["bbox"]]))
                for span in line.get("spans", ())
                for c in span.get("chars", ())
                if c.get("c", "").strip()
            ]
            if not chars:
                continue
            box = union([b for _, b in chars])
            if row_box is not None and same_row(row_box, box):
                rows[-1].extend(chars)
                row_box = union([row_box, box])
            else:
                rows.append(chars)
                row_box = box
        lines = [_line(row) for row in rows]
        if lines:
            blocks.append({"type": 0, "bbox": union([line["bbox"] for line in lines]), "lines": lines})
    return {"width": raw_dict.get("width", 0.0), "height": raw_dict.get("height", 0.0), "blocks": blocks}


def _line(chars: Sequence[Glyph]) -> dict[str, Any]:
    heights = sorted(b[3] - b[1] for _, b in chars)
    height = heights[len(heights) // 2] or 1.0
    # (blank before the glyph in line heights, the glyph before, the glyph)
    joints = [((b[0] - a[2]) / height, p, c) for (p, a), (c, b) in pairwise(chars)]
    hangul = sorted(gap for gap, p, c in joints if _HANGUL.match(p) and _HANGUL.match(c))
    low, high = _HANGUL_SPACE
    hangul_space = min(high, max(low, _SPACE_VS_MEDIAN * hangul[len(hangul) // 2])) if hangul else high
    parts = [chars[0][0]]
    for gap, prev, char in joints:
        if _JAPANESE.match(prev) or _JAPANESE.match(char):
            mark = not (prev.isalnum() and char.isalnum())
            if gap >= (_JAPANESE_PUNCTUATION_SPACE if mark else _JAPANESE_SPACE):
                parts.append("\u3000")
        elif _HANGUL.match(prev) and _HANGUL.match(char):
            if gap >= hangul_space:
                parts.append(" ")
        elif gap >= (_DIGIT_SPACE if prev.isdigit() and char.isdigit() else _OTHER_SPACE):
            parts.append(" ")
        parts.append(char)
    box = union([b for _, b in chars])
    span = {"text": "".join(parts), "size": round(height / _INK_TO_SIZE, 1), "font": "OCR", "bbox": box}
    return {"bbox": box, "dir": (1.0, 0.0), "wmode": 0, "spans": [span]}
