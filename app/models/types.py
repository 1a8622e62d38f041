"""Column types that behave the same on SQLite and PostgreSQL."""
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
Money = sa.Numeric(14, 2)


def utcnow() -> datetime:
    """Naive UTC: every timestamp the server stores is UTC without tzinfo."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
