"""Configuration comes from the environment; production refuses development secrets."""
import pytest

from app import create_app
from app.config import DEV_SECRET, InsecureConfigError, load_config


def test_defaults_to_a_sqlite_file_under_instance():
    config = load_config({})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/tiaojie.sqlite3")


def test_postgres_urls_use_psycopg3():
    assert load_config({"DATABASE_URL": "postgres://u@h/db"})["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert load_config({"DATABASE_URL": "postgresql://u@h/db"})["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("secret", [DEV_SECRET, "short", ""])
def test_production_refuses_to_start_with_a_development_secret(secret):
    with pytest.raises(InsecureConfigError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": secret, "JWT_SECRET_KEY": "j" * 40})
    with pytest.raises(InsecureConfigError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": secret})


def test_production_starts_with_real_secrets():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40})
    assert app.config["ENV_NAME"] == "production"


def test_database_errors_never_carry_statement_parameters(tmp_path):
    """Parameters hold names and case text; a failing statement must not put them in a log."""
    import sqlalchemy as sa

    from app.extensions import db
    app = create_app(load_config({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}))
    with app.app_context(), pytest.raises(sa.exc.DBAPIError) as failure:
        db.session.execute(sa.text("INSERT INTO nowhere VALUES (:name)"), {"name": "王秀兰 13800000011"})
    assert "王秀兰" not in str(failure.value) and "hidden" in str(failure.value)
