"""Case numbers 案号, issued by the server when a dispute first reaches it.

`CaseNumbers` issues them inside the caller's transaction: each year's counter row is
locked by a no-op UPDATE (held until commit on PostgreSQL; SQLite runs it under the write
lock), counted in memory and written back once, so two writers never get the same number
and a rolled-back transaction gives its numbers back. `issue_case_no` is the one-number form.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import CaseCounter

CASE_NO_PATTERN = re.compile(r"^\((?P<year>\d{4})\)(?P<prefix>.+)第(?P<number>\d{5,})号$")


def format_case_no(year: int, number: int, prefix: str) -> str:
    """(2026)槐人调字第00042号"""
    return f"({year}){prefix}第{number:05d}号"


def issue_case_no(year: int) -> str:
    """The next case number of `year`, counted in the current transaction (one number at a time)."""
    numbers = CaseNumbers()
    case_no = numbers.issue(year)
    numbers.write()
    return case_no


_COUNTERS = CaseCounter.__table__
_LOCK = (sa.update(_COUNTERS).where(_COUNTERS.c.year == sa.bindparam("counter_year"))
         .values(last_no=_COUNTERS.c.last_no).returning(_COUNTERS.c.last_no))


class CaseNumbers:
    """Case numbers for one writing transaction: each year's counter row is locked and read once,
    counted in memory and written back by `write` (the row lock is held until commit)."""

    def __init__(self) -> None:
        self._last: dict[int, int] = {}
        self._stored: dict[int, int] = {}

    def issue(self, year: int) -> str:
        if not 1000 <= year <= 9999:
            raise ValueError(f"year out of range: {year}")
        if year not in self._last:
            number = _lock(year)
            if number is None:
                _create_counter(year)
                number = _lock(year)
            if number is None:
                raise RuntimeError(f"no case counter row for {year}")
            self._last[year] = self._stored[year] = number
        self._last[year] += 1
        return format_case_no(year, self._last[year], current_app.config["CASE_NO_PREFIX"])

    def write(self) -> None:
        changed = [{"counter_year": year, "issued_no": number}
                   for year, number in self._last.items() if number != self._stored[year]]
        if changed:
            db.session.execute(sa.update(_COUNTERS).where(_COUNTERS.c.year == sa.bindparam("counter_year"))
                               .values(last_no=sa.bindparam("issued_no")), changed)
            self._stored.update(self._last)


class ProvisionalCaseNumbers:
    """Case numbers for a batch worked out before the writer's lock: unique placeholders, which
    `settle` (under the lock) maps onto real numbers issued in the same order."""

    def __init__(self) -> None:
        self._issued: list[tuple[int, str]] = []

    def issue(self, year: int) -> str:
        if not 1000 <= year <= 9999:
            raise ValueError(f"year out of range: {year}")
        placeholder = f"\x00case-no {year} {len(self._issued)}"
        self._issued.append((year, placeholder))
        return placeholder

    def write(self) -> None:
        raise RuntimeError("a provisional batch is written only once settled")

    def settle(self) -> tuple[CaseNumbers, dict[str, str]]:
        numbers = CaseNumbers()
        return numbers, {placeholder: numbers.issue(year) for year, placeholder in self._issued}


def _lock(year: int) -> int | None:
    return db.session.execute(_LOCK, {"counter_year": year}).scalar_one_or_none()


def _create_counter(year: int) -> None:
    """Insert the year's row at 0; a concurrent writer that inserted it first wins quietly."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # other databases: the unique key still prevents duplicates
        db.session.execute(sa.insert(CaseCounter).values(year=year, last_no=0))
        return
    db.session.execute(insert(CaseCounter).values(year=year, last_no=0)
                       .on_conflict_do_nothing(index_elements=["year"]))
