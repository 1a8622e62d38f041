"""Personal data at the desk, in real Chromium: the supervisor's browser stores no full phone or ID
number, and a conflict on a phone number shows masked values until the reviewer reveals them."""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, LiveServer
from tests.e2e.pages import sign_in, sign_in_desk, wait_until_synced

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
FULL_PHONE = re.compile(r"(?<![\d*])1[3-9]\d{9}(?!\d)")
FULL_ID = re.compile(r"(?<![\dX*])\d{17}[\dX](?![\dX])")


def stored_in_browser(page: Page) -> str:
    """Everything the app keeps in this browser: every IndexedDB store, localStorage, sessionStorage."""
    stores = page.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const dump = {};
        for (const name of db.objectStoreNames) {
            dump[name] = await new Promise((ok) => {
                const request = db.transaction(name).objectStore(name).getAll();
                request.onsuccess = () => ok(request.result);
            });
        }
        db.close();
        return dump;
    }""")
    local = page.evaluate("() => JSON.stringify({...localStorage, ...sessionStorage})")
    return json.dumps(stores, ensure_ascii=False) + local


def full_numbers(text: str) -> list[str]:
    return FULL_PHONE.findall(text) + FULL_ID.findall(text)


def desk_page(browser) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    return context.new_page()


def test_the_desk_keeps_no_full_phone_or_id_number_in_the_browser(browser, live_server: LiveServer, new_context):
    phone = new_context().new_page()
    sign_in(phone, live_server.url, "mediator")
    wait_until_synced(phone)
    assert full_numbers(stored_in_browser(phone)), "a mediator's phone holds her scope in full (the check can see)"

    desk = desk_page(browser)
    try:
        sign_in_desk(desk, live_server.url, "supervisor")
        wait_until_synced(desk)
        desk.goto(f"{live_server.url}/desk/conflicts")
        expect(desk.locator("[data-test=desk-conflicts]")).to_be_visible()
        desk.wait_for_timeout(500)
        stored = stored_in_browser(desk)
        assert "孙慧敏" in stored  # the signed-in user is kept: the dump is of the right browser
        assert full_numbers(stored) == []
    finally:
        desk.context.close()


def _login(server: LiveServer, username: str) -> tuple[str, str, dict[str, Any]]:
    device = f"e2e-privacy-{uuid.uuid4().hex[:10]}"
    status, body = server.api("POST", "/api/auth/login",
                              {"username": username, "password": DEMO_PASSWORD, "device_id": device})
    assert status == 200, body
    return body["access_token"], device, body["user"]


def _push(server: LiveServer, token: str, device: str, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    status, body = server.api("POST", "/api/sync/push", {"device_id": device, "mutations": list(mutations)}, token)
    assert status == 200, body
    return body["results"]


def _mutation(entity: str, record_id: str, op: str, base: int | None, changes: dict[str, Any]) -> dict[str, Any]:
    return {"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": op, "base_version": base,
            "changes": changes, "client_time": "2026-11-28T08:00:00Z"}


def test_a_phone_conflict_is_masked_until_revealed_then_resolved(browser, live_server: LiveServer):
    token_a, device_a, user_a = _login(live_server, "mediator")
    token_b, device_b, _ = _login(live_server, "mediator2")
    dispute_id, party_id = str(uuid.uuid4()), str(uuid.uuid4())
    _push(live_server, token_a, device_a,
          _mutation("dispute", dispute_id, "create", None, {"area_id": user_a["area_id"], "title": "隐私冲突测试",
                                                            "category": "neighbor", "source": "initiative"}),
          _mutation("party", party_id, "create", None, {"dispute_id": dispute_id, "role": "applicant",
                                                        "name": "冯十一", "phone": "13511112222"}))
    _push(live_server, token_b, device_b, _mutation("party", party_id, "update", 1, {"phone": "13533334444"}))
    [clash] = _push(live_server, token_a, device_a, _mutation("party", party_id, "update", 1, {"phone": "13555556666"}))
    assert clash["status"] == "conflict" and clash["record"]["phone"] == "135****6666"

    desk = desk_page(browser)
    try:
        sign_in_desk(desk, live_server.url, "supervisor")
        desk.goto(f"{live_server.url}/desk/conflicts")
        card = desk.locator(f"[data-record='{party_id}'][data-field=phone]")
        expect(card.locator("[data-test=side-server]")).to_contain_text("135****4444")
        expect(card.locator("[data-test=side-server]")).to_contain_text("设备")
        expect(card.locator("[data-test=side-device]")).to_contain_text("135****6666")
        expect(card.locator("[data-test=keep-base]")).to_be_disabled()
        assert "13533334444" not in card.inner_text()
        card.locator("[data-test=reveal-conflict]").click()
        expect(card.locator("[data-test=side-base]")).to_contain_text("13511112222")
        expect(card.locator("[data-test=side-server]")).to_contain_text("13533334444")
        expect(card.locator("[data-test=side-device]")).to_contain_text("13555556666")
        card.locator("[data-test=keep-base]").click()
        expect(card).to_have_count(0)
        assert full_numbers(stored_in_browser(desk)) == []
    finally:
        desk.context.close()
    admin, _, _ = _login(live_server, "admin")
    status, audit = live_server.api("GET", "/api/admin/audit?action=reveal_identity", token=admin)
    assert status == 200, audit
    assert any(entry.get("record_id") == party_id for entry in audit["items"]), audit
    status, party = live_server.api("GET", f"/api/parties/{party_id}/identity", token=token_a)
    assert status == 200 and party["phone"] == "13511112222"
