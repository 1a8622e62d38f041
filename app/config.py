"""Configuration from the environment, with safe development defaults.

`load_config` returns a plain mapping; `create_app` takes one, so tests pass
their own mapping instead of monkeypatching.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

DEV_SECRET = "dev-secret-change-me-never-use-in-production"
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class InsecureConfigError(RuntimeError):
    """Raised when production is started with a development secret."""


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'tiaojie.sqlite3'}"


def load_config(env: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config from environment variables (or a given mapping)."""
    env = dict(os.environ if env is None else env)
    config: dict[str, Any] = {
        "ENV_NAME": env.get("TIAOJIE_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET),
        "JWT_SECRET_KEY": env.get("JWT_SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL", _default_database_url()),
        # statement parameters hold people's names and case text: never in logs or error messages
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(seconds=int(env.get("JWT_ACCESS_SECONDS", 900))),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=int(env.get("JWT_REFRESH_DAYS", 30))),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "database://"),
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "5 per minute;10 per hour;20 per day"),
        "LOGIN_ADDRESS_RATE_LIMIT": env.get("LOGIN_ADDRESS_RATE_LIMIT", "30 per 10 minutes;100 per day"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "SYNC_MAX_MUTATIONS": int(env.get("SYNC_MAX_MUTATIONS", 500)),
        "SYNC_MAX_BYTES": int(env.get("SYNC_MAX_BYTES", 1024 * 1024)),
        "SYNC_PULL_MAX_LIMIT": int(env.get("SYNC_PULL_MAX_LIMIT", 1000)),
        "CLOCK_SKEW_SECONDS": int(env.get("CLOCK_SKEW_SECONDS", 300)),
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", 0)),
        "ATTACHMENT_STORAGE": env.get("ATTACHMENT_STORAGE", "folder"),
        "ATTACHMENTS_DIR": env.get("ATTACHMENTS_DIR", str(INSTANCE_DIR / "attachments")),
        # with ATTACHMENT_STORAGE=s3://bucket: where the store is (None: AWS) and its keys (None: boto3's chain)
        "ATTACHMENTS_S3_ENDPOINT": env.get("ATTACHMENTS_S3_ENDPOINT"),
        "ATTACHMENTS_S3_REGION": env.get("ATTACHMENTS_S3_REGION"),
        "ATTACHMENTS_S3_ACCESS_KEY_ID": env.get("ATTACHMENTS_S3_ACCESS_KEY_ID"),
        "ATTACHMENTS_S3_SECRET_ACCESS_KEY": env.get("ATTACHMENTS_S3_SECRET_ACCESS_KEY"),
        "ATTACHMENTS_S3_ADDRESSING": env.get("ATTACHMENTS_S3_ADDRESSING", "auto"),
        "CASE_NO_PREFIX": env.get("CASE_NO_PREFIX", "槐人调字"),
        "API_TITLE": "调解通 Tiaojie API",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {  # every operation needs a bearer token unless it says `security=[]`
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "security": [{"bearer": []}],
        },
        "PROPAGATE_EXCEPTIONS": False,
    }
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgres://"):
        config["SQLALCHEMY_DATABASE_URI"] = config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgres://", "postgresql+psycopg://", 1)
    elif config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgresql://", "postgresql+psycopg://", 1)
    return config


def check_production_safety(config: dict[str, Any]) -> None:
    """Refuse to run in production with a development or empty secret."""
    if config.get("ENV_NAME") != "production":
        return
    for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
        value = config.get(key) or ""
        if value == DEV_SECRET or len(value) < 32:
            raise InsecureConfigError(
                f"{key} must be set to a random value of at least 32 characters in production")
