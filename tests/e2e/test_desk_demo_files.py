"""The demo district's files on the desk: a signed demo case lists its photos and signatures, each shown and
marked 已上传 (the demo seeds them with their bytes, app/services/demo/attachments.py)."""
from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer
from tests.e2e.pages import sign_in_desk
from tests.e2e.test_desk_supervise import DESKTOP

pytestmark = pytest.mark.browser


def _demo_files(server: LiveServer) -> dict[str, list[tuple[str, str, str]]]:
    """The seeded attachments by case: (id, kind, caption), read from the server's own database."""
    path = server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT dispute_id, id, kind, caption FROM attachments WHERE created_by IN "
            "(SELECT id FROM users WHERE username LIKE 'mediator%') ORDER BY taken_at").fetchall()
    files: dict[str, list[tuple[str, str, str]]] = {}
    for dispute_id, attachment_id, kind, caption in rows:
        files.setdefault(dispute_id, []).append((attachment_id, kind, caption))
    return files


def test_a_signed_demo_case_shows_its_photos_and_signatures_on_the_desk(browser, live_server: LiveServer):
    files = _demo_files(live_server)
    case_id, attached = max(((case, rows) for case, rows in files.items() if any(k == "scene" for _, k, _ in rows)),
                            key=lambda item: len(item[1]))
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    try:
        desk = context.new_page()
        sign_in_desk(desk, live_server.url, "admin")
        desk.goto(f"{live_server.url}/desk/cases/{case_id}")
        section = desk.locator("[data-test=case-attachments]")
        for attachment_id, kind, caption in attached:
            row = section.locator(f"[data-attachment='{attachment_id}']")
            expect(row).to_contain_text({"scene": "现场", "evidence": "证据", "signature": "签名"}[kind])
            expect(row).to_contain_text(caption)
            expect(row.locator("[data-test=desk-attachment-state]")).to_have_text("已上传")
        expect(section.locator("[data-test=desk-attachment] img")).to_have_count(len(attached))
        for image in section.locator("[data-test=desk-attachment] img").all():
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") > 0, "the stored bytes are an image the desk can show"
    finally:
        context.close()
