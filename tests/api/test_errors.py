"""Every API error has one shape; nothing leaks a stack trace."""
import pytest
from flask import Flask

from app.extensions import db


def assert_error(response, status, code):
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)


def test_unknown_route_is_404_in_the_error_shape(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found")


def test_wrong_method_is_405_in_the_error_shape(client):
    assert_error(client.delete("/healthz"), 405, "method_not_allowed")


def test_malformed_json_is_400(client, district):
    response = client.post("/api/auth/login", data="{not json", content_type="application/json")
    assert_error(response, 400, "malformed_json")


def test_oversize_body_is_413(client):
    response = client.post("/api/auth/login", data="x" * (3 * 1024 * 1024), content_type="application/json")
    assert_error(response, 413, "payload_too_large")


def test_unexpected_exception_is_500_without_trace_and_rolls_back(app: Flask, client):
    @app.route("/api/test-boom")
    def boom():
        db.session.execute(db.text("SELECT 1"))
        raise RuntimeError("secret internal detail 13812345678")

    response = client.get("/api/test-boom")
    assert_error(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret internal detail" not in text
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("token", ["garbage", "a.b.c",
                                   "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.invalidsignature"])
def test_tampered_tokens_are_401(client, token):
    response = client.get("/api/disputes", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] in {"invalid_token", "unauthorized"}


def test_openapi_document_describes_the_read_api(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/disputes", "/api/disputes/{dispute_id}", "/api/visits", "/api/reference", "/healthz"):
        assert path in spec["paths"], path
    assert "DisputeList" in str(spec["components"]["schemas"]) or "Dispute" in str(spec["components"]["schemas"])


def test_openapi_document_describes_bodies_tokens_and_bounds_well_enough_to_fuzz(client):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearer": []}]
    assert spec["paths"]["/api/auth/login"]["post"]["security"] == []
    assert spec["paths"]["/healthz"]["get"]["security"] == []
    assert schemas["PushRequest"]["properties"]["mutations"]["items"] == {"$ref": "#/components/schemas/MutationItem"}
    changes = schemas["MutationItem"]["properties"]["changes"]["anyOf"]
    from sync.policy import POLICIES
    assert {"$ref": "#/components/schemas/Dispute"} in changes and len(changes) == len(POLICIES) + 1, "one body per synced entity, and the void"
    [user_id] = spec["paths"]["/api/admin/users/{user_id}"]["parameters"]
    assert user_id["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert schemas["Dispute"]["properties"]["area_id"]["maximum"] == 2**31 - 1
