"""`column IN (values)` with every value in one bound parameter: a JSON array read by `json_each` on
SQLite, an array compared with `= ANY` on PostgreSQL.

A push looks its batch's ids up in every record table, its outcomes and its history: SQLAlchemy's
expanding `IN` binds and renders each of the ~500 values anew on every query, which cost a push
half a millisecond a query (docs/benchmarks.md, "Fast paths"). `tests/services/test_one_of.py`
holds both renderings to `in_` on both backends.
"""
from __future__ import annotations

from collections.abc import Collection

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from app.extensions import db


def one_of(column: sa.ColumnElement[str], values: Collection[str]) -> sa.ColumnElement[bool]:
    """Whether the text `column` holds one of `values` (none: false)."""
    if db.engine.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(values), type_=postgresql.ARRAY(sa.String)))
    listed = sa.bindparam(None, orjson.dumps(list(values)).decode(), type_=sa.String)
    return column.in_(sa.select(sa.column("value")).select_from(sa.func.json_each(listed)))
