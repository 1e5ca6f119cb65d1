"""The OpenSearch client as the API uses it (no server needed: building it opens no connection)."""

from core.opensearch import API_THREADS, make_client
from core.settings import Settings


def test_client_keeps_a_connection_for_each_api_thread() -> None:
    client = make_client(Settings(opensearch_url="http://127.0.0.1:9"))
    pool = client.transport.get_connection().pool
    # urllib3's default of one would open and close a connection per concurrent search
    assert pool.pool.maxsize >= API_THREADS
