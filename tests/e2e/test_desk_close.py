"""结案 from the supervisor's desk: a case closing with required papers missing asks why (缺件原因) and closes
with the reason; a complete one closes without being asked; a paper voided meanwhile is refused by the server,
the panel says why, and the case stays open until the reason is written."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.pages import sign_in_desk
from tests.e2e.test_desk_supervise import DESKTOP
from tests.phones import create, dispute_changes, update, void

pytestmark = pytest.mark.browser

CLOSE_REASON = "当事人撤回调解申请"
PAPERS_REASON = "当事人受理后即撤回，未组织调解，无调解记录"
MISSING_RECORD = "卷宗缺少：人民调解记录。结案须写明缺件原因。"



def _accepted_case(server: LiveServer, *, held: bool) -> dict[str, Any]:
    """A case of the mediator's grid the supervisor accepted (awaiting dispatch, so in the queue), with one
    consenting party, and a mediation session held when `held`: closed, only the mediation record can lack."""
    grid = server.api("GET", "/api/me", token=server.login("mediator"))[1]["user"]["area_id"]
    title = f"结案测试{uuid.uuid4().hex[:6]}"
    case = create("dispute", dispute_changes(grid, title=title, risk_level="high"))
    party = create("party", {"dispute_id": case["id"], "role": "applicant", "name": "周桂芳", "consent": "consented"})
    server.push_applied("mediator", case, party)
    server.push_applied("supervisor", update("dispute", case["id"], 1, {"status": "accepted",
                                                                  "accepted_at": "2026-11-02T01:00:00Z"}))
    session = create("mediation_log", {"dispute_id": case["id"], "held_at": "2026-11-03T02:00:00Z", "result": "continue"})
    if held:
        server.push_applied("mediator", session)
    return {"id": case["id"], "title": title, "log_id": session["id"]}


def _server_case(server: LiveServer, case_id: str) -> dict[str, Any]:
    status, body = server.api("GET", f"/api/disputes/{case_id}", token=server.login("supervisor"))
    assert status == 200, body
    return body["dispute"]


@pytest.fixture(scope="module")
def desk(browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in_desk(page, live_server.url, "supervisor")
    try:
        yield page
    finally:
        context.close()


def _open_close_form(desk: Page, base_url: str, title: str) -> None:
    desk.goto(f"{base_url}/desk/queue")
    desk.locator(f"tr[data-title='{title}']").click()
    expect(desk.locator("[data-test=case-title]")).to_have_text(title)
    desk.locator("[data-test=close-case]").click()
    desk.locator("[data-test=close-reason]").fill(CLOSE_REASON)


def test_closing_a_case_missing_papers_needs_their_reason_and_closes_with_it(desk, live_server):
    case = _accepted_case(live_server, held=False)
    _open_close_form(desk, live_server.url, case["title"])
    expect(desk.locator("[data-test=closing-missing]")).to_have_text(MISSING_RECORD)
    submit = desk.locator("[data-test=close-submit]")
    expect(submit).to_be_disabled()  # a reason to close, but none for the missing record: nothing is sent
    submit.click(force=True)
    expect(desk.locator("[data-test=case-status]")).to_have_text("受理")
    assert _server_case(live_server, case["id"])["status"] == "accepted"

    desk.locator("[data-test=papers-missing-reason]").fill(PAPERS_REASON)
    submit.click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("结案")
    expect(desk.locator("[data-test=case-message]")).to_have_text("已结案")
    record = _server_case(live_server, case["id"])
    assert (record["status"], record["close_reason"], record["papers_missing_reason"]) == (
        "closed", CLOSE_REASON, PAPERS_REASON)
    assert record["closed_at"]


def test_a_case_with_every_paper_closes_without_being_asked_why_papers_are_missing(desk, live_server):
    case = _accepted_case(live_server, held=True)
    _open_close_form(desk, live_server.url, case["title"])
    expect(desk.locator("[data-test=closing-complete]")).to_be_visible()
    expect(desk.locator("[data-test=papers-missing-reason]")).to_have_count(0)
    desk.locator("[data-test=close-submit]").click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("结案")
    record = _server_case(live_server, case["id"])
    assert (record["status"], record["close_reason"], record["papers_missing_reason"]) == ("closed", CLOSE_REASON, None)


def test_a_paper_voided_meanwhile_is_refused_by_the_server_and_the_panel_says_why(desk, live_server):
    case = _accepted_case(live_server, held=True)
    _open_close_form(desk, live_server.url, case["title"])
    expect(desk.locator("[data-test=closing-complete]")).to_be_visible()
    live_server.push_applied("supervisor", void("mediation_log", case["log_id"], 1, "误录"))  # the desk read it before

    desk.locator("[data-test=close-submit]").click()
    expect(desk.locator("[data-test=case-message]")).to_have_text(
        f"服务器未接受：{MISSING_RECORD} / The dossier lacks: mediation record. "
        "Closing needs the reason they are missing.")
    expect(desk.locator("[data-test=case-status]")).to_have_text("受理")
    assert _server_case(live_server, case["id"])["status"] == "accepted"

    expect(desk.locator("[data-test=closing-missing]")).to_have_text(MISSING_RECORD)  # the case read again
    expect(desk.locator("[data-test=close-reason]")).to_have_value(CLOSE_REASON)  # what was typed is kept
    desk.locator("[data-test=papers-missing-reason]").fill(PAPERS_REASON)
    desk.locator("[data-test=close-submit]").click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("结案")
    assert _server_case(live_server, case["id"])["papers_missing_reason"] == PAPERS_REASON


def test_the_cases_own_page_closes_it_too_asking_why_papers_are_missing(desk, live_server):
    """Cases the queue does not list (dispatched, mediating, agreed) are closed from their own page."""
    case = _accepted_case(live_server, held=False)
    desk.goto(f"{live_server.url}/desk/cases/{case['id']}")
    expect(desk.locator("[data-test=case-view-title]")).to_have_text(case["title"])
    desk.locator("[data-test=close-case]").click()
    desk.locator("[data-test=close-reason]").fill(CLOSE_REASON)
    expect(desk.locator("[data-test=closing-missing]")).to_have_text(MISSING_RECORD)
    expect(desk.locator("[data-test=close-submit]")).to_be_disabled()
    desk.locator("[data-test=papers-missing-reason]").fill(PAPERS_REASON)
    desk.locator("[data-test=close-submit]").click()
    expect(desk.locator("[data-test=case-return-message]")).to_have_text("已结案")
    expect(desk.locator("[data-test=case-fields] [data-field=status] td")).to_have_text("结案")
    record = _server_case(live_server, case["id"])
    assert (record["status"], record["papers_missing_reason"]) == ("closed", PAPERS_REASON)
