"""Readers: a file on disk -> ``RawText`` (text, pages, layout hints). ``files`` picks the reader by
suffix and decodes plain text; ``pdf`` reads a PDF's layout, ``hwp`` Hancom's HWP 5 and HWPX, and
``ocr`` reads scanned pages through Tesseract."""
