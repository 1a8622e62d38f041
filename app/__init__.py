"""调解通 (Tiaojie): the Flask service. `create_app` only wires."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import cli, compression, db_setup, models, security, web  # noqa: F401  (db_setup, models: tables and pragmas)
from app.api import converters, register_blueprints
from app.auth import limit_storage, tokens  # noqa: F401  (limit_storage: the database:// limiter storage)
from app.body_limit import CappedRequest
from app.config import check_production_safety, load_config
from app.errors import register_error_handlers
from app.services.attachments import storage as attachment_storage
from app.extensions import api, db, jwt, limiter, migrate
from app.json_provider import OrjsonProvider, column_dumps, column_loads


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Config → extensions → blueprints → error handlers. No I/O here but listing the built assets (app/web.py)."""
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = CappedRequest
    app.json = OrjsonProvider(app)
    app.config.update(load_config())
    if config:
        app.config.update(config)
    check_production_safety(app.config)
    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)  # type: ignore[method-assign]

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "json_serializer": column_dumps, "json_deserializer": column_loads,
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    jwt.init_app(app)
    tokens.init_app(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_FAIL_ON_FIRST_BREACH", False)  # Retry-After names the longest wait
    limiter.init_app(app)
    attachment_storage.init_app(app)
    api.init_app(app)
    converters.init_app(app)
    register_blueprints(app, api)
    web.init_app(app)
    register_error_handlers(app)
    security.init_app(app)
    compression.init_app(app)
    cli.init_app(app)
    return app
