"""What every stage shares: the one settings object and the OpenSearch client built from it."""
