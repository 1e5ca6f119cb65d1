"""The OpenSearch client as the API uses it (no server needed: building it opens no connection)."""

import json

import pytest
from opensearchpy.exceptions import SerializationError

import core.opensearch as app_opensearch
from core.opensearch import API_THREADS, make_client
from core.settings import Settings

PASSWORD = "s3cr3t-Pa55w0rd-kj"
USER = "kj-operator"


def test_client_keeps_a_connection_for_each_api_thread() -> None:
    client = make_client(Settings(opensearch_url="http://127.0.0.1:9"))
    pool = client.transport.get_connection().pool
    # urllib3's default of one would open and close a connection per concurrent search
    assert pool.pool.maxsize >= API_THREADS


def test_tls_verification_is_on_by_default_for_https(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict = {}
    monkeypatch.setattr(app_opensearch, "OpenSearch", lambda **kw: seen.update(kw))
    remote = Settings().model_copy(update={
        "opensearch_url": "https://search.example.org:9200", "opensearch_user": USER,
        "opensearch_password": Settings.model_fields["opensearch_password"].annotation(PASSWORD)})
    assert remote.opensearch_verify_certs is True  # the default, not something this test sets
    make_client(remote)
    assert seen["use_ssl"] is True and seen["verify_certs"] is True
    assert seen["http_auth"] == (USER, PASSWORD)
    # The built client really requires certificates (urllib3's pool, not just our kwargs).
    monkeypatch.undo()
    real = make_client(remote)
    pool = real.transport.connection_pool.connections[0].pool
    assert pool.cert_reqs == "CERT_REQUIRED"


def test_bodies_are_the_same_json_as_the_stdlib_makes() -> None:
    serializer = make_client(Settings(opensearch_url="http://127.0.0.1:9")).transport.serializer
    body = {"query": {"bool": {"should": [{"term": {"surf": {"value": "문부과학성", "boost": 2.5}}}]}}, "size": 10}
    assert json.loads(serializer.dumps(body)) == body
    assert isinstance(serializer.dumps(body), str)  # the bulk helpers measure bodies as text
    assert json.loads(serializer.dumps({"n": 2**70})) == {"n": 2**70}  # beyond orjson: the stdlib's way
    answer = '{"hits": {"hits": [{"_score": 12.345678, "_source": {"text": "文部科学省 \\ud55c"}}]}}'
    assert serializer.loads(answer) == json.loads(answer)
    with pytest.raises(SerializationError):
        serializer.loads("{not json")
