"""Index: documents -> OpenSearch. ``fields`` writes analyzed tokens as pre-analyzed fields,
``indexer`` builds the bulk actions and writes them into a fresh index behind an alias."""
