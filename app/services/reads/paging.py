"""One page of an ordered select, with the total count: every paged list in the API."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int


def page_of(query: sa.Select, page: int, per_page: int) -> Page:
    """`query` must already be ordered; its rows' first column (an entity, or a row) become the items."""
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return Page(items=list(rows), total=total, page=page, per_page=per_page)
