"""Catalog: what a document is. ``card`` reads the title, subtitle, publisher and date from the first
pages; ``tags`` tags ministries, plan periods, topics, years and the subject country (the facets)."""
