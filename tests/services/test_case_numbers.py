"""Case numbers 案号: one per case, per year, never repeated, even under concurrent writers."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.models import CaseCounter
from app.services.sync.case_numbers import CASE_NO_PATTERN, format_case_no, issue_case_no


def test_numbers_count_up_per_year_from_one(db):
    assert issue_case_no(2026) == "(2026)槐人调字第00001号"
    assert issue_case_no(2026) == "(2026)槐人调字第00002号"
    assert issue_case_no(2025) == "(2025)槐人调字第00001号"
    db.session.commit()
    assert issue_case_no(2026) == "(2026)槐人调字第00003号"
    db.session.commit()
    counters = dict(db.session.execute(sa.select(CaseCounter.year, CaseCounter.last_no)).all())
    assert counters == {2025: 1, 2026: 3}


def test_a_rolled_back_transaction_gives_its_number_back(db):
    issue_case_no(2026)
    db.session.commit()
    assert issue_case_no(2026) == "(2026)槐人调字第00002号"
    db.session.rollback()
    assert issue_case_no(2026) == "(2026)槐人调字第00002号"


def test_the_prefix_comes_from_config(app, db):
    app.config["CASE_NO_PREFIX"] = "测调字"
    assert issue_case_no(2027) == "(2027)测调字第00001号"


def test_format_pads_to_five_digits_and_grows_beyond():
    assert format_case_no(2026, 42, "槐人调字") == "(2026)槐人调字第00042号"
    assert format_case_no(2026, 123456, "槐人调字") == "(2026)槐人调字第123456号"
    match = CASE_NO_PATTERN.match("(2026)槐人调字第00042号")
    assert match and match["year"] == "2026" and match["prefix"] == "槐人调字" and match["number"] == "00042"
    assert CASE_NO_PATTERN.match("(2026)槐人调字第42号") is None


def test_a_year_outside_four_digits_is_refused(db):
    with pytest.raises(ValueError):
        issue_case_no(26)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_concurrent_writers_never_share_a_number(app, backend):
    """Writers race on a year with no counter row yet, then keep issuing: numbers stay 1…N, unique."""
    from app.extensions import db

    workers, per_worker = 6, 8
    start = threading.Barrier(workers)
    issued: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            with app.app_context():
                start.wait()
                for _ in range(per_worker):
                    number = issue_case_no(2030)
                    db.session.commit()
                    with lock:
                        issued.append(number)
                db.session.remove()
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    expected = {format_case_no(2030, n, "槐人调字") for n in range(1, workers * per_worker + 1)}
    assert sorted(issued) == sorted(expected)
