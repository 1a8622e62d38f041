"""退回补正 and the menu counts in real Chromium: the desk sends a case back, the mediator's phone shows the
comments offline, she corrects and resubmits, and the desk's queue shows it resubmitted. Then every desk
screen is walked in zh-CN looking for untranslated keys and English error text."""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, PHONE, LiveServer
from tests.e2e.pages import sign_in, sign_in_desk, sync_now, wait_for_service_worker, wait_until_synced
from tests.e2e.test_desk_supervise import DESKTOP, local_record, open_case, sync_until
from tests.e2e.test_sync_cases import edit_summary, new_dispute

pytestmark = pytest.mark.browser

UNTRANSLATED = re.compile(r"\b(desk|field|error|today|return|admin|form|state)\.[a-z_]+(\.[a-z_]+)*\b")
ENGLISH_ERRORS = re.compile(r"(?<!/ )(Field may not be null|Missing data|Not a valid|Unknown field)|Could not load|The server refused")


@pytest.fixture
def pair(browser, live_server: LiveServer) -> Iterator[dict[str, Any]]:
    contexts = [browser.new_context(viewport=size, locale="zh-CN", service_workers="allow", bypass_csp=True)
                for size in (PHONE, DESKTOP)]
    for context in contexts:
        context.set_default_timeout(20_000)
    phone, desk = contexts[0].new_page(), contexts[1].new_page()
    sign_in(phone, live_server.url, "mediator")
    wait_for_service_worker(phone)
    wait_until_synced(phone)
    try:
        yield {"phone": phone, "phone_context": contexts[0], "desk": desk}
    finally:
        for context in contexts:
            context.close()


def queue_count(desk: Page) -> int:
    badge = desk.locator("[data-test=count-desk-queue]")
    return int(badge.inner_text()) if badge.count() else 0


def test_a_returned_case_is_corrected_offline_and_comes_back_resubmitted(pair, live_server):
    url, phone, desk = live_server.url, pair["phone"], pair["desk"]
    phone.goto(f"{url}/")
    returned_title, dispatched_title = (f"{name}{uuid.uuid4().hex[:4]}" for name in ("漏水退回", "噪音派单"))
    case_id = new_dispute(phone, returned_title, [("周某", "13912345678")])
    phone.goto(f"{url}/")
    new_dispute(phone, dispatched_title, [("吴某", "")])
    phone.goto(f"{url}/")
    sync_now(phone)

    sign_in_desk(desk, url, "supervisor")
    expect(desk.locator("[data-test=count-desk-queue]")).to_be_visible()
    before = queue_count(desk)
    open_case(desk, url, dispatched_title)
    desk.locator("[data-test=accept]").click()
    expect(desk.locator("[data-test=case-status]")).to_have_text("受理")
    _, signed_in = live_server.api("POST", "/api/auth/login", {
        "username": "mediator2", "password": DEMO_PASSWORD, "device_id": f"e2e-check-{uuid.uuid4().hex[:12]}"})
    desk.locator(f"[data-test=suggest-mediator-{signed_in['user']['id']}] input").check()
    desk.locator("[data-test=dispatch-submit]").click()
    expect(desk.locator("[data-test=case-panel]")).to_be_hidden()
    expect(desk.locator(f"tr[data-title='{dispatched_title}']")).to_have_count(0)
    expect(desk.locator("[data-test=count-desk-queue]")).to_have_text(str(before - 1))

    open_case(desk, url, returned_title)
    desk.locator("[data-test=send-back]").click()
    desk.locator("[data-test=return-tick-summary]").check()
    desk.locator("[data-test=return-comment-summary]").fill("请写明漏水起止时间和损失金额。")
    desk.locator("[data-test=return-tick-parties]").check()
    desk.locator("[data-test=return-comment-parties]").fill("补充被申请人的姓名和电话。")
    desk.locator("[data-test=return-submit]").click()
    expect(desk.locator("[data-test=return-now]")).to_contain_text("已退回")
    expect(desk.locator(f"tr[data-title='{returned_title}']")).to_contain_text("退回补正中")

    sync_until(phone, url, lambda: bool((local_record(phone, "dispute", case_id) or {}).get("returned_at")))
    pair["phone_context"].set_offline(True)
    phone.goto(f"{url}/")
    returned = phone.locator("[data-test=today-returned]").filter(has_text=returned_title)
    expect(returned).to_contain_text("请写明漏水起止时间和损失金额。")
    expect(returned).to_contain_text("当事人：补充被申请人的姓名和电话。")
    news = phone.locator("[data-test=today-news][data-kind=returned]").filter(has_text=returned_title)
    expect(news.locator("[data-test=unread]")).to_be_visible()

    returned.click()
    expect(phone.locator("[data-test=return-notice]")).to_contain_text("补充被申请人的姓名和电话。")
    edit_summary(phone, "楼上漏水，自2月起，损失约3000元。")
    phone.locator("[data-test=resubmit]").click()
    expect(phone.locator("[data-test=return-notice]")).to_have_attribute("data-state", "resubmitted")
    phone.locator(".van-nav-bar__left").click()  # back to 今日 inside the app, as she would
    expect(phone.locator("[data-test=today-returned]").filter(has_text=returned_title)).to_have_count(0)
    expect(phone.locator("[data-test=today-news][data-kind=returned]").filter(has_text=returned_title)).to_have_count(0)

    pair["phone_context"].set_offline(False)
    phone.goto(f"{url}/")
    sync_now(phone)
    token = live_server.login("mediator")
    _, me = live_server.api("GET", "/api/me", token=token)
    assert me["user"]["today_seen_at"], "her look at 今日 reached the server"

    desk.goto(f"{url}/desk/queue")
    first = desk.locator("[data-test=case-table] tbody tr").first
    expect(first).to_have_attribute("data-title", returned_title)
    expect(first).to_contain_text("已补正待复核")
    first.click()
    expect(desk.locator("[data-test=return-now]")).to_contain_text("已补正，待复核")
    desk.locator("[data-test=accept-correction]").click()
    expect(desk.locator("[data-test=return-panel]")).to_have_attribute("data-state", "none")


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_every_desk_screen_in_chinese_has_no_untranslated_key_or_english_error(browser, live_server, username):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    desk = context.new_page()
    try:
        sign_in_desk(desk, live_server.url, username)
        links = desk.locator(".desk__menu a")
        names = [links.nth(i).get_attribute("data-test") for i in range(links.count())]
        assert len(names) >= 6
        for name in names:
            desk.locator(f"[data-test={name}]").click()
            desk.wait_for_load_state("networkidle")
            desk.locator(".desk__content").wait_for()
            text = desk.locator(".desk").inner_text()
            assert not UNTRANSLATED.search(text), f"{name}: {UNTRANSLATED.search(text).group(0)}"
            assert not ENGLISH_ERRORS.search(text), f"{name}: {ENGLISH_ERRORS.search(text).group(0)}"
        desk.locator("[data-test=desk-language]").click()
        expect(desk.locator("[data-test=desk-language]")).to_have_text("中文")
        desk.locator("[data-test=desk-language]").click()
        expect(desk.locator("[data-test=desk-language]")).to_have_text("English")
    finally:
        context.close()
