"""The supervisor's desk in real Chromium, against mediators' phones on the same server.

One desktop-sized supervisor and two mediator phones are shared by the module's tests (signing in
and the first sync are the slow part); each test leaves them online.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import CHROMIUM, DEMO_PASSWORD, PHONE, LiveServer
from tests.e2e.pages import (last_sync_at, sign_in, sign_in_desk, sync_now, wait_for_service_worker,
                             wait_until_synced)
from tests.e2e.test_sync_cases import edit_summary, holds_record, new_dispute

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
UNMASKED_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
UNMASKED_ID = re.compile(r"(?<![\dX])\d{17}[\dX](?![\dX])")
MASKED_PHONE = re.compile(r"1\d{2}\*{4}\d{4}")


@dataclass
class Desk:
    server: LiveServer
    desk: Page
    phone_a: Page  # mediator 王秀兰
    phone_b: Page  # mediator2 李建军, same grid
    context_a: BrowserContext
    context_b: BrowserContext
    new_context: Any

    def user_id(self, username: str) -> int:
        status, body = self.server.api("POST", "/api/auth/login", {
            "username": username, "password": DEMO_PASSWORD, "device_id": f"e2e-check-{uuid.uuid4().hex[:12]}"})
        assert status == 200, body
        return body["user"]["id"]


def _context(browser, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture(scope="module")
def shared(browser, live_server: LiveServer) -> Iterator[Desk]:
    contexts = []

    def new_context(viewport: dict[str, int] = PHONE) -> BrowserContext:
        context = _context(browser, viewport)
        contexts.append(context)
        return context

    context_a, context_b, desk_context = new_context(), new_context(), new_context(DESKTOP)
    phone_a, phone_b, desk = context_a.new_page(), context_b.new_page(), desk_context.new_page()
    sign_in(phone_a, live_server.url, "mediator")
    sign_in(phone_b, live_server.url, "mediator2")
    for page in (phone_a, phone_b):
        wait_for_service_worker(page)
        wait_until_synced(page)
    sign_in_desk(desk, live_server.url, "supervisor")
    try:
        yield Desk(live_server, desk, phone_a, phone_b, context_a, context_b, new_context)
    finally:
        for context in contexts:
            context.close()


def local_record(page: Page, entity: str, record_id: str) -> dict[str, Any] | None:
    """The phone's working copy of a record."""
    return page.evaluate("""async ([entity, id]) => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const found = await new Promise((ok) => {
            const request = db.transaction('records').objectStore('records').get([entity, id]);
            request.onsuccess = () => ok(request.result ?? null);
        });
        db.close();
        return found;
    }""", [entity, record_id])


def sync_until(page: Page, base_url: str, check, rounds: int = 3) -> None:
    """Sync from 今日 until `check()` holds (a round already running may have pulled just before a change)."""
    page.goto(f"{base_url}/")
    for _ in range(rounds):
        sync_now(page)
        if check():
            return
    assert check(), "the phone never received the change"


def open_case(desk: Page, base_url: str, title: str) -> None:
    desk.goto(f"{base_url}/desk/queue")
    desk.locator(f"tr[data-title='{title}']").click()
    expect(desk.locator("[data-test=case-title]")).to_have_text(title)


@pytest.fixture(scope="module")
def offline_case(shared: Desk) -> dict[str, str]:
    """A case 王秀兰 recorded with no signal, then synced."""
    url = shared.server.url
    shared.phone_a.goto(f"{url}/")
    shared.context_a.set_offline(True)
    title = f"楼道堆物纠纷{uuid.uuid4().hex[:4]}"
    case_id = new_dispute(shared.phone_a, title, [("周某", "13912345678"), ("吴某", "")])
    before = last_sync_at(shared.phone_a)
    shared.context_a.set_offline(False)
    wait_until_synced(shared.phone_a, after=before)
    return {"id": case_id, "title": title}


def test_supervisor_accepts_and_dispatches_an_offline_case_and_the_phone_receives_it(shared, offline_case):
    url, desk = shared.server.url, shared.desk
    mediator_id = shared.user_id("mediator")
    open_case(desk, url, offline_case["title"])
    expect(desk.locator("[data-test=case-status]")).to_have_text("登记")

    desk.locator("[data-test=accept]").click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("受理")
    suggestion = desk.locator(f"[data-test=suggest-mediator-{mediator_id}]")
    expect(suggestion).to_contain_text("王秀兰")
    expect(suggestion).to_contain_text("分")  # the score and the points behind it
    suggestion.locator("input").check()
    desk.locator("[data-test=dispatch-submit]").click()
    expect(desk.locator("[data-test=case-panel]")).to_be_hidden()  # the panel closes, the row leaves the queue
    expect(desk.locator(f"tr[data-title='{offline_case['title']}']")).to_have_count(0)

    token = shared.server.login("supervisor")
    status, body = shared.server.api("GET", f"/api/disputes/{offline_case['id']}", token=token)
    assert status == 200
    assert body["dispute"]["status"] == "assigned" and body["dispute"]["assigned_mediator_id"] == mediator_id
    assert body["dispute"]["accepted_at"] and body["dispute"]["due_on"]

    def dispatched() -> bool:
        record = local_record(shared.phone_a, "dispute", offline_case["id"])
        return bool(record) and record["status"] == "assigned" and record["assigned_mediator_id"] == mediator_id

    sync_until(shared.phone_a, url, dispatched)


def test_a_case_is_referred_to_an_agency_and_its_referral_tracked(shared):
    url, desk = shared.server.url, shared.desk
    desk.goto(f"{url}/desk/queue")
    row = desk.locator("[data-test=case-table] tbody tr").first
    title = row.get_attribute("data-title")
    row.click()
    expect(desk.locator("[data-test=case-title]")).to_have_text(title)
    desk.locator("[data-test=refer-kind]").select_option("court")
    desk.locator("[data-test=refer-name]").fill("槐荫区人民法院")
    desk.locator("[data-test=refer-reason]").fill("一方拒绝调解，申请诉前调解")
    desk.locator("[data-test=refer-submit]").click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("已移交")
    referral = desk.locator("[data-test=referrals] .dk-choice").first
    expect(referral).to_contain_text("槐荫区人民法院")
    expect(referral).to_contain_text("已移送")
    referral.locator("[data-test=referral-status]").select_option("accepted")
    referral.locator("[data-test=referral-save]").click()
    expect(referral).to_contain_text("已接收")

    desk.locator("[data-test=queue-tab-referrals]").click()
    expect(desk.locator(f"tr[data-title='{title}']")).to_be_visible()


def test_a_conflict_of_two_phones_is_resolved_in_the_inbox_and_reaches_both(shared, offline_case):
    url, desk, case_id = shared.server.url, shared.desk, offline_case["id"]
    sync_until(shared.phone_b, url, lambda: holds_record(shared.phone_b, "dispute", case_id))
    case_url = f"{url}/disputes/{case_id}"
    shared.context_a.set_offline(True)
    shared.context_b.set_offline(True)
    shared.phone_a.goto(case_url)
    edit_summary(shared.phone_a, "物业已清走一半杂物（甲）")
    shared.phone_b.goto(case_url)
    edit_summary(shared.phone_b, "双方约定周六清理（乙）")
    before_a, before_b = last_sync_at(shared.phone_a), last_sync_at(shared.phone_b)
    shared.context_a.set_offline(False)
    wait_until_synced(shared.phone_a, after=before_a)
    shared.context_b.set_offline(False)
    wait_until_synced(shared.phone_b, after=before_b)

    desk.goto(f"{url}/desk/conflicts")
    card = desk.locator(f"[data-record='{case_id}'][data-field=summary]")
    expect(card).to_contain_text("纠纷简要情况")
    expect(card.locator("[data-test=side-server]")).to_contain_text("物业已清走一半杂物（甲）")
    expect(card.locator("[data-test=side-server]")).to_contain_text("王秀兰")
    expect(card.locator("[data-test=side-device]")).to_contain_text("双方约定周六清理（乙）")
    expect(card.locator("[data-test=side-device]")).to_contain_text("李建军")
    corrected = "物业已清走一半，其余周六清理"
    card.locator("[data-test=corrected]").fill(corrected)
    card.locator("[data-test=apply-corrected]").click()
    expect(card).to_have_count(0)
    desk.locator("[data-test=conflicts-tab-resolved]").click()
    expect(desk.locator(f"[data-record='{case_id}'] [data-test=resolution]")).to_contain_text(corrected)

    def resolved(page: Page):
        def check() -> bool:
            record = local_record(page, "dispute", case_id)
            return bool(record) and record["summary"] == corrected and not record.get("has_open_conflict")
        return check

    for phone in (shared.phone_a, shared.phone_b):
        sync_until(phone, url, resolved(phone))


def number_in(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_dashboard_charts_and_tables_match_the_summary(shared):
    url, desk = shared.server.url, shared.desk
    desk.goto(f"{url}/desk/stats")
    expect(desk.locator("[data-test=section-by_category]")).to_be_visible()
    window = {"from": desk.locator("[data-test=range-from]").input_value(),
              "to": desk.locator("[data-test=range-to]").input_value()}
    token = shared.server.login("supervisor")
    for preset in ("this_month", "all_time"):
        if preset != "this_month":
            desk.locator(f"[data-test=range-{preset}]").click()
            window = {"from": desk.locator("[data-test=range-from]").input_value(),
                      "to": desk.locator("[data-test=range-to]").input_value()}
            expect(desk.locator("[data-test=stats-window]")).to_contain_text(window["from"])
        status, summary = shared.server.api("GET", f"/api/stats/summary?from={window['from']}&to={window['to']}", token=token)
        assert status == 200, summary
        expect(desk.locator("[data-test=card-total]")).to_have_attribute("data-value", str(summary["total"]))
        overdue = f"{summary['overdue']['amber']}/{summary['overdue']['red']}"
        expect(desk.locator("[data-test=card-overdue]")).to_have_attribute("data-value", overdue)
        for name in ("by_category", "by_source", "by_status", "by_gender", "by_age_band", "by_occupation"):
            table = desk.locator(f"[data-test=table-{name}]")
            expect(table.locator("tbody tr")).to_have_count(len(summary[name]))
            for row in summary[name]:
                cell = table.locator(f"tr[data-key='{row['code']}'] td[data-col=count]")
                assert number_in(cell.inner_text()) == row["count"], (name, row)
        months = desk.locator("[data-test=table-by_month]")
        for row in summary["by_month"]:
            assert number_in(months.locator(f"tr[data-key='{row['month']}'] td[data-col=count]").inner_text()) == row["count"]
        areas = desk.locator("[data-test=table-by_area]")
        for row in summary["by_area"]:
            assert number_in(areas.locator(f"tr[data-key='{row['id']}'] td[data-col=count]").inner_text()) == row["count"]
        workload = desk.locator("[data-test=table-workload_by_mediator]")
        for row in summary["workload_by_mediator"]:
            line = workload.locator(f"tr[data-key='{row['id']}']")
            assert number_in(line.locator("td[data-col=open]").inner_text()) == row["open"]
            assert number_in(line.locator("td[data-col=total]").inner_text()) == row["total"]
        if summary["by_category"]:
            chart = desk.locator("[data-test=chart-by_category] [data-test=chart][data-ready=true] canvas")
            expect(chart.first).to_be_visible()
    assert summary["total"] > 0, "the demo district has cases in the last ten years"


def test_downloads_are_files_with_masked_phones_and_no_id_numbers(shared):
    url, desk = shared.server.url, shared.desk
    desk.goto(f"{url}/desk/downloads")
    with desk.expect_download() as started:
        desk.locator("[data-test=download-csv]").click()
    download = started.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert len(text.splitlines()) > 2
    assert MASKED_PHONE.search(text), "party phones are listed, masked"
    assert not UNMASKED_PHONE.search(text)
    assert not UNMASKED_ID.search(text)
    expect(desk.locator("[data-test=download-message]")).to_contain_text(".csv")

    with desk.expect_download() as started:
        desk.locator("[data-test=download-stats]").click()
    workbook = started.value
    assert workbook.suggested_filename.endswith(".xlsx")
    assert Path(workbook.path()).read_bytes()[:2] == b"PK"


def test_a_phone_never_requests_the_desk(shared):
    url = shared.server.url
    assert CHROMIUM.exists()
    sw = shared.desk.request.get(f"{url}/sw.js").text()
    desk_assets = sorted(path.name for path in (shared.server.dist / "assets").glob("desk-*"))
    assert any(name.endswith(".css") for name in desk_assets), "desk styles are in desk-* files"
    assert "echarts" not in sw and "/desk-" not in sw and "desk-" not in sw
    assert not any(name in sw for name in desk_assets)

    context = shared.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, url, "mediator3")
    wait_for_service_worker(page)
    for path in ("/", "/disputes", "/visits/new", "/settings", "/"):
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
    assert requested, "the phone loaded the app"
    assert not [address for address in requested if "/assets/desk-" in address]
    assert not [address for address in requested if "echarts" in address]
