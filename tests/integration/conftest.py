"""Integration tests use the session fixtures in tests/conftest.py."""
