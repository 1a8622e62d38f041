"""The figures supervisors and the district read (domain.md, "What supervisors and the district read").

Every figure is counted in SQL (GROUP BY or aggregate sums) inside the viewer's scope, so a
district of 100,000 cases answers in a few queries; Python only labels and orders the groups.

Definitions (docs: the report of issue 5 repeats them):

- The reporting window is in Beijing time (UTC+8, no daylight saving): `from`/`to` are local
  calendar days, both included. Cases fall in it by `reported_at` (or, when a device sent none,
  the time the server first stored the case); visits by `visited_at`; revisits by `due_on`.
  Default: the twelve calendar months up to today (the 1st of the month eleven months ago → today).
- Case figures (`total`, `by_*`, success, amounts, escalations, days to close, workload `total`)
  count the cases reported in the window. `overdue` and workload `open` are today's snapshot of
  every open case in scope, whenever it was reported: a case overdue for a year is still overdue.
- `success_rate` = succeeded / finished, where succeeded = status `agreed`, or `closed` with an
  agreement (`agreement_kind` set), and finished = `agreed`, `failed`, `referred` or `closed`.
  Open and suspended cases are in neither; null when nothing finished.
- `agreement_amount_total`: the sum of `agreement_amount` over the succeeded cases.
- `escalations_prevented`: cases flagged `criminal_escalation` or `group_incident` that ended
  `agreed` or `closed`.
- `avg_days_to_close`: mean days from `accepted_at` to `closed_at` over closed cases that have both.
- Parties (`by_gender`, `by_age_band`, `by_occupation`) count natural persons (kind `person`) of the
  cases in the window. Age = the year the case was reported − `birth_year`; bands `under_18`,
  `18_35`, `36_59`, `60_plus`, and `unknown` without a birth year.
- `by_area` has one row per child of the focus area (`area_id`, else the viewer's home area): the
  streets for the district admin, the communities for a street supervisor, the grids for a
  community; a grid as focus is its own single row.
- Revisits 回访 due in the window fall in one bucket each: `due` (not done, due today or later),
  `on_time` (done on or before the due day, Beijing time), `late` (done after it), `missing` (not
  done and past due). `revisit_on_time_rate` = on time / (on time + late + missing); null when
  none is settled yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from app.catalogue import CATALOGUE
from app.errors import ApiError
from app.extensions import db
from app.models import Area, Committee, Dispute, Followup, Party, User, Visit
from app.services.access.scope import Viewer, areas_under, scope_filter
from app.services.desk.deadlines import OPEN_STATUSES, deadline_conditions
from sync.clock import local_today, utc_offset, utc_start_of

MAX_RANGE_DAYS = 3653  # ten years
FINISHED_STATUSES = ("agreed", "failed", "referred", "closed")
ESCALATION_FLAGS = ("criminal_escalation", "group_incident")
AGE_BANDS: tuple[tuple[str, str, str], ...] = (
    ("under_18", "未满18岁", "Under 18"),
    ("18_35", "18–35岁", "18–35"),
    ("36_59", "36–59岁", "36–59"),
    ("60_plus", "60岁及以上", "60 and over"),
    ("unknown", "未知", "Unknown"),
)
NOT_GIVEN = ("unknown", "未填写", "Not given")
REPORTED_AT = sa.func.coalesce(Dispute.reported_at, Dispute.created_at)


# ---------------------------------------------------------------- local time and the window


def range_errors(date_from: date | None, date_to: date | None) -> dict[str, list[str]]:
    """What is wrong with a reporting window ({} when fine); shared by the query schema and `resolve_window`."""
    if date_from is None or date_to is None:
        return {}
    if date_from > date_to:
        return {"to": ["`to` must not be before `from` (结束日期早于开始日期)."]}
    if (date_to - date_from).days > MAX_RANGE_DAYS:
        return {"to": ["时间范围不得超过十年。 / The range may cover at most ten years."]}
    return {}


@dataclass(frozen=True)
class Window:
    """A reporting window of Beijing calendar days, both included."""

    date_from: date
    date_to: date

    @property
    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in naive UTC, for timestamp columns."""
        return utc_start_of(self.date_from), utc_start_of(self.date_to + timedelta(days=1))

    def months(self) -> list[str]:
        """Every "YYYY-MM" the window touches, in order."""
        year, month, result = self.date_from.year, self.date_from.month, []
        while (year, month) <= (self.date_to.year, self.date_to.month):
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def resolve_window(date_from: date | None, date_to: date | None, today: date,
                   ahead_days: int = 0) -> Window:
    """Fill the defaults (`to` = today + `ahead_days`; `from` = the 1st of the month eleven months
    before `to`) and refuse a reversed or over-long window with 422."""
    date_to = date_to or today + timedelta(days=ahead_days)
    if date_from is None:
        first = date_to.replace(day=1)
        months_back = first.year * 12 + first.month - 1 - 11
        date_from = date(months_back // 12, months_back % 12 + 1, 1)
    errors = range_errors(date_from, date_to)
    if errors:
        raise ApiError(422, "validation_error", "有字段不合要求。 / Some fields are not valid.", {"fields": errors})
    return Window(date_from, date_to)


def resolve_focus(viewer: Viewer, area_id: int | None) -> Area:
    """The area a report is about: the asked one if it lies in scope (else 404), or the viewer's home."""
    area = db.session.get(Area, area_id if area_id is not None else viewer.area_id)
    if area is None or not viewer.covers(area.path):
        raise ApiError(404, "not_found", "您的范围内没有这个区域。 / No such area in your scope.", {"area_id": [area_id]})
    return area


# ---------------------------------------------------------------- SQL that differs by dialect

@dataclass(frozen=True)
class LocalSql:
    """Beijing-time buckets of naive-UTC timestamp columns, written for SQLite or PostgreSQL."""

    dialect: str

    @classmethod
    def current(cls) -> "LocalSql":
        return cls(db.session.get_bind().dialect.name)

    @property
    def _postgres(self) -> bool:
        return self.dialect == "postgresql"

    def _shifted(self, column: Any) -> ColumnElement[Any]:
        return column + sa.cast(sa.literal(f"{int(utc_offset().total_seconds())} seconds"), sa.Interval)

    def _modifier(self) -> str:
        return f"+{int(utc_offset().total_seconds())} seconds"

    def month(self, column: Any) -> ColumnElement[str]:
        """"YYYY-MM" of the local time."""
        if self._postgres:
            return sa.func.to_char(self._shifted(column), "YYYY-MM")
        return sa.func.strftime("%Y-%m", column, self._modifier())

    def year(self, column: Any) -> ColumnElement[int]:
        if self._postgres:
            return sa.cast(sa.extract("year", self._shifted(column)), sa.Integer)
        return sa.cast(sa.func.strftime("%Y", column, self._modifier()), sa.Integer)

    def day(self, column: Any) -> ColumnElement[Any]:
        """The local calendar date, comparable with a Date column."""
        if self._postgres:
            return sa.cast(self._shifted(column), sa.Date)
        return sa.func.date(column, self._modifier())

    def days_between(self, start: Any, end: Any) -> ColumnElement[float]:
        if self._postgres:
            return sa.extract("epoch", end - start) / 86400.0
        return sa.func.julianday(end) - sa.func.julianday(start)


def json_list_has(column: Any, code: str) -> ColumnElement[bool]:
    """A JSON list of codes contains `code`; its text form is alike on SQLite and PostgreSQL."""
    return sa.cast(column, sa.String).like(f'%"{code}"%')


def json_list_empty(column: Any) -> ColumnElement[bool]:
    return sa.func.coalesce(sa.cast(column, sa.String), "[]") == "[]"


# ---------------------------------------------------------------- shaping groups

def labelled(labels: tuple[tuple[str, str, str], ...], counts: dict[Any, int]) -> list[dict[str, Any]]:
    """One row per code in catalogue order (zeros included), then any code the catalogue lacks."""
    rows = [{"code": code, "zh": zh, "en": en, "count": int(counts.get(code, 0))} for code, zh, en in labels]
    known = {code for code, _, _ in labels}
    rows += [{"code": str(code), "zh": str(code), "en": str(code), "count": int(n)}
             for code, n in sorted(counts.items(), key=lambda item: str(item[0])) if code not in known]
    return rows


def _grouped(key: ColumnElement[Any], *where: Any, select_from: Any = Dispute) -> dict[Any, int]:
    rows = db.session.execute(
        sa.select(key.label("key"), sa.func.count().label("n")).select_from(select_from)
        .where(*where).group_by(key))
    return {row.key: row.n for row in rows}


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


# ---------------------------------------------------------------- the summary

@dataclass(frozen=True)
class Scope:
    """The rows a report reads: the viewer's scope, narrowed to the focus area, without voided rows."""

    viewer: Viewer
    focus: Area
    window: Window
    today: date

    def cases(self) -> list[ColumnElement[bool]]:
        """Cases in scope and focus, whenever reported."""
        return [scope_filter(self.viewer, Dispute), Dispute.voided_at.is_(None),
                Dispute.area_id.in_(areas_under(self.focus.path))]

    def reported_cases(self) -> list[ColumnElement[bool]]:
        """Cases in scope and focus reported in the window."""
        start, end = self.window.utc_bounds
        return self.cases() + [REPORTED_AT >= start, REPORTED_AT < end]

    def followups(self) -> list[ColumnElement[bool]]:
        """Revisits in scope and focus due in the window, of live cases (join Dispute)."""
        return [scope_filter(self.viewer, Followup), Followup.voided_at.is_(None),
                Followup.due_on >= self.window.date_from, Followup.due_on <= self.window.date_to,
                *self.cases()]

    def visits(self) -> list[ColumnElement[bool]]:
        start, end = self.window.utc_bounds
        return [scope_filter(self.viewer, Visit), Visit.voided_at.is_(None),
                Visit.area_id.in_(areas_under(self.focus.path)),
                Visit.visited_at >= start, Visit.visited_at < end]


def summary(viewer: Viewer, date_from: date | None, date_to: date | None, area_id: int | None,
            today: date | None = None) -> dict[str, Any]:
    """The statistics of GET /api/stats/summary (definitions in the module docstring)."""
    today = today or local_today()
    window = resolve_window(date_from, date_to, today)
    focus = resolve_focus(viewer, area_id)
    scope = Scope(viewer, focus, window, today)
    local = LocalSql.current()
    reported = scope.reported_cases()

    by_area, area_level = _by_area(scope)
    outcomes = _outcomes(scope, local)
    revisits = revisit_counts(scope, local)
    settled = revisits["on_time"] + revisits["late"] + revisits["missing"]
    visits = _visits_by_area(scope)
    return {
        "range": {"from": window.date_from, "to": window.date_to},
        "area": {"id": focus.id, "name": focus.name, "level": focus.level},
        "by_area_level": area_level,
        "total": outcomes["total"],
        "by_category": labelled(CATALOGUE["category"], _grouped(Dispute.category, *reported)),
        "by_source": labelled(CATALOGUE["source"], _grouped(Dispute.source, *reported)),
        "by_status": labelled(CATALOGUE["status"], _grouped(Dispute.status, *reported)),
        "by_month": _by_month(window, _grouped(local.month(REPORTED_AT), *reported)),
        "by_month_unit": by_month_unit(window),
        "by_area": by_area,
        **_party_breakdowns(scope, local),
        "success_rate": _rate(outcomes["succeeded"], outcomes["finished"]),
        "success_count": outcomes["succeeded"],
        "finished_count": outcomes["finished"],
        "agreement_amount_total": outcomes["agreement_amount_total"],
        "escalations_prevented": outcomes["escalations_prevented"],
        "avg_days_to_close": outcomes["avg_days_to_close"],
        "revisits": revisits,
        "revisit_on_time_rate": _rate(revisits["on_time"], settled),
        "overdue": _overdue(scope),
        "workload_by_mediator": _workload(scope, Dispute.assigned_mediator_id, User, "display_name"),
        "workload_by_committee": _workload(scope, Dispute.committee_id, Committee, "name"),
        "visits_total": sum(row["visits"] for row in visits),
        "nil_reports_total": sum(row["nil_reports"] for row in visits),
        "nil_reports_by_grid": visits,
    }


MONTHLY_UP_TO = 24
"""A window of more months than this is counted by year (`by_month_unit` = "year"): ten years in 120 rows,
most of them zeros, read as nothing."""


def _by_month(window: Window, counts: dict[str, int]) -> list[dict[str, Any]]:
    """Cases per month ("YYYY-MM"), or per year ("YYYY") for a window longer than MONTHLY_UP_TO months."""
    months = window.months()
    if len(months) <= MONTHLY_UP_TO:
        return [{"month": month, "count": int(counts.get(month, 0))} for month in months]
    years: dict[str, int] = {}
    for month in months:
        years[month[:4]] = years.get(month[:4], 0) + int(counts.get(month, 0))
    return [{"month": year, "count": count} for year, count in years.items()]


def by_month_unit(window: Window) -> str:
    return "month" if len(window.months()) <= MONTHLY_UP_TO else "year"


def _child_of_focus(focus: Area) -> tuple[dict[int, Area], list[Area]]:
    """Each area under the focus → the child of the focus it lies in; and those children in order."""
    under = db.session.execute(sa.select(Area).where(Area.path.startswith(focus.path, autoescape=True))
                               .order_by(Area.code)).scalars().all()
    children = [area for area in under if area.parent_id == focus.id] or [focus]
    by_id = {child.id: child for child in children}
    owner: dict[int, Area] = {}
    for area in under:
        segments = area.path[len(focus.path):].strip("/").split("/")
        child_id = int(segments[0]) if segments and segments[0] else focus.id
        owner[area.id] = by_id.get(child_id, focus)
    return owner, children


def _by_area(scope: Scope) -> tuple[list[dict[str, Any]], str]:
    owner, children = _child_of_focus(scope.focus)
    counts: dict[int, int] = {}
    for area_id, n in _grouped(Dispute.area_id, *scope.reported_cases()).items():
        home = owner.get(area_id, scope.focus)
        counts[home.id] = counts.get(home.id, 0) + n
    rows = [{"id": area.id, "name": area.name, "level": area.level, "count": counts.pop(area.id, 0)}
            for area in children]
    if counts.get(scope.focus.id):  # cases registered on the focus area itself
        rows.append({"id": scope.focus.id, "name": scope.focus.name, "level": scope.focus.level,
                     "count": counts[scope.focus.id]})
    return rows, children[0].level


def _party_breakdowns(scope: Scope, local: LocalSql) -> dict[str, list[dict[str, Any]]]:
    persons = (Party.voided_at.is_(None), Party.kind == "person", *scope.reported_cases())
    joined = sa.join(Party, Dispute, Party.dispute_id == Dispute.id)
    age = local.year(REPORTED_AT) - Party.birth_year
    band = sa.case(
        (Party.birth_year.is_(None), "unknown"),
        (age < 18, "under_18"),
        (age <= 35, "18_35"),
        (age <= 59, "36_59"),
        else_="60_plus")
    occupation = sa.func.coalesce(Party.occupation, NOT_GIVEN[0])
    return {
        "by_gender": labelled(CATALOGUE["gender"], _grouped(Party.gender, *persons, select_from=joined)),
        "by_age_band": labelled(AGE_BANDS, _grouped(band, *persons, select_from=joined)),
        "by_occupation": labelled(CATALOGUE["occupation"] + (NOT_GIVEN,),
                                  _grouped(occupation, *persons, select_from=joined)),
    }


def _outcomes(scope: Scope, local: LocalSql) -> dict[str, Any]:
    """Totals over the cases reported in the window, in one aggregate query."""
    succeeded = sa.or_(Dispute.status == "agreed",
                       sa.and_(Dispute.status == "closed", Dispute.agreement_kind.is_not(None)))
    prevented = sa.and_(Dispute.status.in_(("agreed", "closed")),
                        sa.or_(*(json_list_has(Dispute.risk_flags, flag) for flag in ESCALATION_FLAGS)))
    closed_timed = sa.and_(Dispute.status == "closed", Dispute.accepted_at.is_not(None),
                           Dispute.closed_at.is_not(None))

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    row = db.session.execute(sa.select(
        sa.func.count().label("total"),
        count_if(succeeded).label("succeeded"),
        count_if(Dispute.status.in_(FINISHED_STATUSES)).label("finished"),
        sa.func.sum(sa.case((succeeded, Dispute.agreement_amount))).label("amount"),
        count_if(prevented).label("prevented"),
        sa.func.avg(sa.case((closed_timed, local.days_between(Dispute.accepted_at, Dispute.closed_at))))
        .label("days"),
    ).where(*scope.reported_cases())).one()
    amount = Decimal(row.amount or 0).quantize(Decimal("0.01"))
    return {
        "total": int(row.total), "succeeded": int(row.succeeded), "finished": int(row.finished),
        "agreement_amount_total": float(amount), "escalations_prevented": int(row.prevented),
        "avg_days_to_close": None if row.days is None else round(float(row.days), 1),
    }


def _overdue(scope: Scope) -> dict[str, int]:
    amber, red = deadline_conditions(scope.today)
    row = db.session.execute(sa.select(
        sa.func.coalesce(sa.func.sum(sa.case((amber, 1), else_=0)), 0).label("amber"),
        sa.func.coalesce(sa.func.sum(sa.case((red, 1), else_=0)), 0).label("red"),
    ).where(*scope.cases())).one()
    return {"amber": int(row.amber), "red": int(row.red)}


def _workload(scope: Scope, key: Any, model: type, name_attr: str) -> list[dict[str, Any]]:
    """Per mediator (or committee): cases open now, and cases reported in the window, busiest first."""
    start, end = scope.window.utc_bounds
    in_window = sa.and_(REPORTED_AT >= start, REPORTED_AT < end)
    is_open = Dispute.status.in_(OPEN_STATUSES)
    rows = db.session.execute(
        sa.select(key.label("id"), getattr(model, name_attr).label("name"),
                  sa.func.sum(sa.case((is_open, 1), else_=0)).label("open"),
                  sa.func.sum(sa.case((in_window, 1), else_=0)).label("total"))
        .join(model, model.id == key)
        .where(*scope.cases(), key.is_not(None), sa.or_(is_open, in_window))
        .group_by(key, getattr(model, name_attr))).all()
    shaped = [{"id": row.id, name_attr: row.name, "open": int(row.open), "total": int(row.total)}
              for row in rows]
    return sorted(shaped, key=lambda item: (-item["open"], -item["total"], item["id"]))


def _visits_by_area(scope: Scope) -> list[dict[str, Any]]:
    """Visits and nil reports 零上报 per grid of the focus (zeros included), from the window."""
    rows = db.session.execute(
        sa.select(Visit.area_id, sa.func.count().label("visits"),
                  sa.func.sum(sa.case((json_list_empty(Visit.dispute_ids), 1), else_=0)).label("nil"))
        .where(*scope.visits()).group_by(Visit.area_id)).all()
    counts = {row.area_id: (int(row.visits), int(row.nil)) for row in rows}
    grids = db.session.execute(
        sa.select(Area).where(Area.path.startswith(scope.focus.path, autoescape=True),
                              sa.or_(Area.level == "grid", Area.id.in_(list(counts) or [0])))
        .order_by(Area.code)).scalars()
    return [{"id": area.id, "name": area.name, "level": area.level,
             "visits": counts.get(area.id, (0, 0))[0], "nil_reports": counts.get(area.id, (0, 0))[1]}
            for area in grids]


# ---------------------------------------------------------------- revisits

REVISIT_BUCKETS = ("due", "on_time", "late", "missing")
FOLLOWUP_CASES = sa.join(Followup, Dispute, Followup.dispute_id == Dispute.id)


def revisit_bucket(local: LocalSql, today: date) -> ColumnElement[str]:
    """`due`, `on_time`, `late` or `missing` for each revisit, as of `today` (Beijing)."""
    not_done = Followup.done_at.is_(None)
    return sa.case(
        (sa.and_(not_done, Followup.due_on < today), "missing"),
        (not_done, "due"),
        (local.day(Followup.done_at) <= Followup.due_on, "on_time"),
        else_="late")


def revisit_counts(scope: Scope, local: LocalSql) -> dict[str, int]:
    """How many revisits due in the window fall in each bucket, and their total."""
    counts = _grouped(revisit_bucket(local, scope.today), *scope.followups(), select_from=FOLLOWUP_CASES)
    result = {bucket: int(counts.get(bucket, 0)) for bucket in REVISIT_BUCKETS}
    return {**result, "total": sum(result.values())}
