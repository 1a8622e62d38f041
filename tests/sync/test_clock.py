"""Time, once (sync/clock.py): one JSON form to the millisecond, and Beijing's calendar for people's days."""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.clock import BEIJING, beijing, iso_utc, local_datetime, local_today, local_year, naive_utc, parse_iso_utc, utc_offset, utc_start_of


@pytest.fixture
def host_a_day_ahead(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The host's own zone a whole day ahead of UTC, so reading it instead of UTC shows on any day."""
    monkeypatch.setenv("TZ", "<+24>-24")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_every_timestamp_is_sent_to_the_millisecond_with_z() -> None:
    assert iso_utc(datetime(2026, 3, 1, 8, 0)) == "2026-03-01T08:00:00.000Z"
    assert iso_utc(datetime(2026, 3, 1, 8, 0, 0, 5999)) == "2026-03-01T08:00:00.005Z"
    assert iso_utc(datetime(2026, 3, 1, 16, 0, tzinfo=timezone(timedelta(hours=8)))) == "2026-03-01T08:00:00.000Z"


def test_parsing_gives_the_stored_naive_utc_form() -> None:
    assert parse_iso_utc("2026-03-01T16:00:00+08:00") == datetime(2026, 3, 1, 8, 0)
    assert parse_iso_utc("2026-03-01T08:00:00.123Z") == datetime(2026, 3, 1, 8, 0, 0, 123000)
    assert parse_iso_utc(iso_utc(datetime(2026, 3, 1, 8, 0, 0, 123000))) == datetime(2026, 3, 1, 8, 0, 0, 123000)


ZONES = st.one_of(
    st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59))
    .map(timezone),
    st.just(UTC), st.just(BEIJING),
)


@given(st.datetimes(timezones=ZONES))
def test_an_aware_moment_is_stored_as_the_librarys_own_conversion_gives_it(moment: datetime) -> None:
    try:
        expected = moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # an offset that carries year 1 or 9999 past the calendar: the same error
        with pytest.raises(OverflowError):
            naive_utc(moment)
        return
    assert naive_utc(moment) == expected
    assert type(naive_utc(moment)) is datetime and naive_utc(moment).tzinfo is None
    assert iso_utc(moment) == expected.isoformat(timespec="milliseconds") + "Z"


def test_the_beijing_day_turns_at_16_00_utc() -> None:
    assert local_today(datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert local_today(datetime(2026, 12, 31, 16, 0, tzinfo=UTC)) == date(2027, 1, 1)
    assert local_year(datetime(2026, 12, 31, 16, 30)) == 2027
    assert local_year(datetime(2026, 12, 31, 15, 59, 59)) == 2026
    assert local_today(datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=8)))) == date(2026, 3, 1)


def test_local_days_and_their_utc_start() -> None:
    assert utc_start_of(date(2027, 1, 1)) == datetime(2026, 12, 31, 16, 0)
    assert local_datetime(datetime(2026, 12, 31, 16, 30)) == datetime(2027, 1, 1, 0, 30)
    assert local_datetime(None) is None


def test_sql_shifts_stored_times_into_beijings_days_by_eight_hours() -> None:
    assert utc_offset() == timedelta(hours=8)


def test_the_host_zone_changes_neither_the_stored_form_nor_beijings_today(host_a_day_ahead: None) -> None:
    assert naive_utc(datetime(2026, 3, 1, 8, 0)) == datetime(2026, 3, 1, 8, 0)
    assert naive_utc(datetime(2026, 3, 1, 16, 0, tzinfo=timezone(timedelta(hours=8)))) == datetime(2026, 3, 1, 8, 0)
    assert iso_utc(datetime(2026, 3, 1, 16, 0, tzinfo=timezone(timedelta(hours=8)))) == "2026-03-01T08:00:00.000Z"
    assert local_datetime(datetime(2026, 12, 31, 16, 30)) == datetime(2027, 1, 1, 0, 30)
    before = beijing(datetime.now(UTC)).date()
    today = local_today()
    assert today in (before, beijing(datetime.now(UTC)).date())
