"""Administration in real Chromium on a desktop-sized window: the admin adds a mediator and finds it in
the audit log; a supervisor is shown no admin menu and the API refuses her."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.pages import sign_in_desk

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desktop(browser):
    """A fresh desktop-sized browser profile."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def open_desk(page: Page, server: LiveServer, username: str) -> None:
    sign_in_desk(page, server.url, username)
    expect(page.locator("[data-test=desk]")).to_be_visible()


def test_the_admin_adds_a_mediator_and_finds_the_change_in_the_audit_log(live_server, desktop):
    page, username = desktop, f"e2e_{uuid.uuid4().hex[:8]}"
    open_desk(page, live_server, "admin")

    page.locator("[data-test=nav-desk-admin-users]").click()
    expect(page.locator("[data-test=user-table]")).to_be_visible()
    page.locator("[data-test=user-new]").click()
    form = page.locator("[data-test=user-form]")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=display_name]").fill("测试调解员")
    form.locator("select[name=role]").select_option("mediator")
    area = form.locator("select[name=area_id]")
    expect(area.locator("option").nth(2)).to_be_attached()
    area.select_option(index=area.locator("option").count() - 1)  # the last grid of the tree
    form.locator("input[name=phone]").fill("13911112222")
    form.locator("input[name=password]").fill("e2e-pass-2026-new")
    page.locator("[data-test=user-save]").click()

    expect(page.locator("[data-test=form-notice]")).to_have_text("已保存")
    page.locator("[data-test=filter-q]").fill(username)
    page.locator("[data-test=filter-q]").press("Enter")
    row = page.locator(f"[data-test=user-row-{username}]")
    expect(row).to_contain_text("139****2222")
    expect(row).not_to_contain_text("13911112222")
    status, body = live_server.api("POST", "/api/auth/login", {
        "username": username, "password": "e2e-pass-2026-new", "device_id": f"e2e-{username}"})
    assert status == 200, body
    new_id = body["user"]["id"]

    page.locator("[data-test=nav-desk-admin-audit]").click()
    page.locator("[data-test=audit-action]").select_option("user_create")
    entry = page.locator("[data-test=audit-row-user_create]").first
    expect(entry).to_contain_text("新建用户")
    expect(entry).to_contain_text(str(new_id))
    expect(entry).to_contain_text("（admin）")
    expect(page.locator("[data-test=audit-table]")).not_to_contain_text("13911112222")


def test_a_supervisor_sees_no_admin_menu_and_the_api_refuses_her(live_server, desktop):
    page = desktop
    open_desk(page, live_server, "supervisor")

    expect(page.locator(".desk__menu a").first).to_be_visible()
    expect(page.locator("[data-test^=nav-desk-admin]")).to_have_count(0)
    page.goto(f"{live_server.url}/desk/admin/users")
    expect(page.locator("[data-test=desk]")).to_be_visible()
    expect(page.locator("[data-test=admin-users]")).to_have_count(0)
    assert "/desk/admin" not in page.url

    token = live_server.login("supervisor")
    for path in ("/api/admin/users", "/api/admin/areas", "/api/admin/audit"):
        status, body = live_server.api("GET", path, token=token)
        assert (status, body["error"]["code"]) == (403, "forbidden"), path
