"""The query string of /v1/search as the schema documents it (no node: /openapi.json runs no lifespan)."""

from fastapi.testclient import TestClient

from app.main import create_app
from core.settings import Settings


def test_search_parameters_are_documented_under_their_http_names() -> None:
    schema = TestClient(create_app(Settings())).get("/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/v1/search"]["get"]["parameters"]}
    assert "from" in params and "from_" not in params
    assert params["from"]["schema"]["minimum"] == 0
    assert params["size"]["schema"]["maximum"] == 100
    # a facet filter repeats: ?ministry=a&ministry=b
    assert params["ministry"]["schema"]["type"] == "array"
    assert "Keywords" in params["q"]["description"]
