"""The papers write dates and times on Beijing's calendar and clock, converted once from the stored UTC."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.services.papers.document import day, moment


@pytest.mark.parametrize(("stored_utc", "printed"), [
    (datetime(2026, 11, 1, 7, 59), "2026年11月1日 15时59分"),
    (datetime(2026, 11, 1, 8, 30), "2026年11月1日 16时30分"),   # after 16:00 Beijing, still the same day
    (datetime(2026, 11, 1, 15, 59), "2026年11月1日 23时59分"),
    (datetime(2026, 11, 1, 16, 0), "2026年11月2日 0时00分"),    # Beijing's midnight
    (datetime(2026, 10, 31, 16, 0), "2026年11月1日 0时00分"),
])
def test_a_moment_is_printed_in_beijing_time_converted_once(stored_utc, printed) -> None:
    assert moment(stored_utc) == printed


def test_a_day_is_read_on_beijings_calendar_and_a_plain_date_as_it_is() -> None:
    assert day(datetime(2026, 11, 1, 16, 0)) == "2026年11月2日"
    assert day(datetime(2026, 11, 1, 15, 59)) == "2026年11月1日"
    assert day(date(2026, 11, 1)) == "2026年11月1日"
    assert moment(None) == "    年  月  日  时  分" and day(None) == "    年  月  日"
