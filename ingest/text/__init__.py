"""Text: ``RawText`` -> passages. ``cleaning`` drops page furniture and joins wrapped lines,
``structure`` finds the title, headings and blocks (``marks`` reads their numbering and bullets),
``passages`` cuts blocks into passages, ``language`` tells Korean, Japanese and English apart."""
