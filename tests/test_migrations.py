"""`flask db upgrade` builds the schema on empty SQLite and PostgreSQL databases, matching the models."""
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.db_backends import fresh_postgres_database

ROOT = Path(__file__).resolve().parent.parent


def flask_db(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {"DATABASE_URL": database_url, "FLASK_APP": "wsgi.py", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "flask", "db", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def check_upgrade_matches_models(url: str) -> None:
    upgrade = flask_db(url, "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    check = flask_db(url, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT last_seq, database_id FROM server_sequence WHERE id = 1")).one()
    engine.dispose()
    assert row.last_seq == 0 and len(row.database_id) == 36


def test_upgrade_on_an_empty_sqlite_file_matches_the_models(tmp_path):
    check_upgrade_matches_models(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.postgres
def test_upgrade_on_an_empty_postgresql_database_matches_the_models():
    with fresh_postgres_database() as url:
        check_upgrade_matches_models(url)


def test_downgrade_then_upgrade_round_trips(tmp_path):
    url = f"sqlite:///{tmp_path / 'round.sqlite3'}"
    assert flask_db(url, "upgrade").returncode == 0
    downgrade = flask_db(url, "downgrade", "base")
    assert downgrade.returncode == 0, downgrade.stderr
    assert flask_db(url, "upgrade").returncode == 0
