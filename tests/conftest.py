"""Fixtures chain app → db → client → login. Every test gets its own database."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

from tests.db_backends import fresh_postgres_database, fresh_sqlite_url

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "JWT_SECRET_KEY": "test-jwt-secret-that-is-long-enough-for-hs256",
    "RATELIMIT_STORAGE_URI": "memory://",
    "ARGON2_MEMORY_KIB": 1024,
}


def build_app(database_url: str, **overrides: Any) -> "Flask":
    """An app on that database; attachment bytes under a temporary folder of its own unless told (never
    instance/), made only when something is stored."""
    import tempfile
    import uuid

    from app import create_app
    from app.extensions import db

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url,
                      "ATTACHMENTS_DIR": overrides.pop("ATTACHMENTS_DIR", None)
                      or f"{tempfile.gettempdir()}/tiaojie-attachments-{uuid.uuid4().hex}",
                      **overrides})
    with app.app_context():
        db.create_all()
        from app.services.sync.sequence import ensure_sequence_row
        ensure_sequence_row()
        db.session.commit()
    return app


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """Override with `@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)`."""
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path) -> Iterator[str]:
    if backend == "postgresql":
        with fresh_postgres_database() as url:
            yield url
    else:
        yield fresh_sqlite_url(tmp_path)


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra config for one test module: override this fixture."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, Any]) -> Iterator["Flask"]:
    application = build_app(database_url, **app_config)
    yield application
    from app.extensions import db
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db(app: "Flask"):
    from app.extensions import db as database
    with app.app_context():
        yield database


@pytest.fixture
def client(app: "Flask") -> "FlaskClient":
    return app.test_client()


@pytest.fixture
def district(db):
    """The small known district of tests/factories.py, in the test's database."""
    from tests.factories import make_district
    return make_district()


@pytest.fixture
def login(client: "FlaskClient") -> Callable[..., dict[str, str]]:
    """login("mediator_a") → Authorization headers for that user on a fresh device."""
    from tests.factories import PASSWORD

    def _login(username: str, device_id: str | None = None) -> dict[str, str]:
        import uuid
        response = client.post("/api/auth/login", json={
            "username": username, "password": PASSWORD,
            "device_id": device_id or f"test-{username}-{uuid.uuid4().hex[:8]}"})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['access_token']}"}

    return _login


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-protocol server (moto) for the whole run, started on first use."""
    from tests.s3_server import moto_server

    with moto_server() as server:
        yield server


@pytest.fixture(params=["folder", "s3"])
def attachment_storage_config(request: pytest.FixtureRequest, tmp_path) -> dict[str, Any]:
    """Settings of each attachment storage backend: a folder of the test's own, a bucket of its own."""
    if request.param == "folder":
        return {"ATTACHMENTS_DIR": str(tmp_path / "attachments")}
    server = request.getfixturevalue("s3_server")
    return server.app_config(server.new_bucket())
