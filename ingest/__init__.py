"""Document parsing: files -> ``Document`` objects with passages and metadata.

The stages, each a subpackage of small modules of pure functions (I/O only in the readers):
``readers`` (file -> ``RawText``) -> ``text`` (cleaning: page furniture and wraps; structure:
title, headings, blocks; passages) -> ``catalog`` (the card and the facet tags). ``pipeline`` ties
them together into a ``Document``; ``index`` writes documents into OpenSearch; ``run`` and
``workers`` drive a whole library (``python -m ingest``, ``cli``); ``tables`` reads the authority
tables in ``data/`` (the API reads its facet labels there). Heavy imports (PyMuPDF, the
analyzers) happen on first use only.
"""
