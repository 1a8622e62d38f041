"""A body without Content-Length (chunked, under a server that ends the stream) is refused past the cap, not cut short."""
import io

import pytest

LIMIT = 100


@pytest.fixture
def capped(app, client):
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    return client


def streamed_login(client, body: bytes):
    return client.post("/api/auth/login", input_stream=io.BytesIO(body), content_type="application/json",
                       headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})


def login_padded_to(size: int) -> bytes:
    body = b'{"username": "nobody", "password": "wrong-password", "device_id": "d"}'
    return body + b" " * (size - len(body))


def test_a_streamed_body_one_byte_over_the_cap_is_413_not_a_cut_short_body(capped, district):
    response = streamed_login(capped, login_padded_to(LIMIT + 1))
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "payload_too_large"


def test_a_streamed_body_of_exactly_the_cap_is_read_whole(capped, district):
    response = streamed_login(capped, login_padded_to(LIMIT))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_credentials"


def test_a_declared_length_over_the_cap_is_still_refused_before_reading(capped, district):
    response = capped.post("/api/auth/login", data=login_padded_to(LIMIT + 1), content_type="application/json")
    assert response.status_code == 413
