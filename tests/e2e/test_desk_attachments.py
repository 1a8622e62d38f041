"""The desk's case view lists the case's attachments: 上传中 while a record's bytes are still travelling,
a download once they have arrived; 手机状态 shows the attachment bytes a phone has yet to upload."""
from __future__ import annotations

import base64
import hashlib
import io
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, LiveServer
from tests.e2e.pages import sign_in_desk
from tests.e2e.test_desk_supervise import DESKTOP

pytestmark = pytest.mark.browser


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (120, 60), 255).save(out, "PNG")
    return out.getvalue()


def _tus(server: LiveServer, token: str, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    request = urllib.request.Request(f"{server.url}{path}", data=body or None, method=method, headers={
        "Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def _attachment(case_id: str, data: bytes, kind: str, caption: str) -> dict:
    return {"mutation_id": str(uuid.uuid4()), "entity": "attachment", "id": str(uuid.uuid4()), "op": "create",
            "base_version": None, "changes": {
                "dispute_id": case_id, "kind": kind, "mime_type": "image/png", "byte_size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "caption": caption}}


@pytest.fixture(scope="module")
def desk(browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in_desk(page, live_server.url, "supervisor")
    yield page
    context.close()


def _signed_in(server: LiveServer, username: str) -> tuple[str, str]:
    """A device id and its access token."""
    device_id = f"e2e-desk-attachments-{uuid.uuid4().hex[:8]}"
    status, body = server.api("POST", "/api/auth/login", {
        "username": username, "password": DEMO_PASSWORD, "device_id": device_id})
    assert status == 200, body
    return device_id, body["access_token"]


def test_the_case_view_shows_uploading_until_the_bytes_arrive_then_a_download(desk: Page, live_server: LiveServer):
    device_id, token = _signed_in(live_server, "supervisor")
    status, page = live_server.api("GET", "/api/disputes?per_page=1", token=token)
    assert status == 200, page
    case_id = page["items"][0]["id"]
    data = _png()
    travelling, arrived = _attachment(case_id, data, "evidence", "现场照片（未传完）"), _attachment(
        case_id, data, "signature", "申请人签名")
    status, pushed = live_server.api("POST", "/api/sync/push", {"device_id": device_id, "mutations": [travelling, arrived]}, token=token)
    assert status == 200 and [r["status"] for r in pushed["results"]] == ["applied", "applied"], pushed
    metadata = f"attachment_id {base64.b64encode(arrived['id'].encode()).decode()}"
    assert _tus(live_server, token, "POST", "/api/uploads/", {
        "Upload-Length": str(len(data)), "Upload-Metadata": metadata}) == 201
    assert _tus(live_server, token, "PATCH", f"/api/uploads/{arrived['id']}", {
        "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}, data) == 204

    desk.goto(f"{live_server.url}/desk/cases/{case_id}")
    section = desk.locator("[data-test=case-attachments]")
    row = section.locator(f"[data-attachment='{travelling['id']}']")
    expect(row).to_contain_text("现场照片（未传完）")
    expect(row.locator("[data-test=desk-attachment-state]")).to_have_text("上传中")
    expect(row.locator("[data-test=attachment-download]")).to_have_count(0)
    done = section.locator(f"[data-attachment='{arrived['id']}']")
    expect(done).to_contain_text("申请人签名")
    expect(done.locator("[data-test=desk-attachment-state]")).to_have_text("已上传")
    with desk.expect_download() as saved:
        done.locator("[data-test=attachment-download]").click()
    assert saved.value.suggested_filename == f"{arrived['id']}.png"


def test_phone_health_shows_the_attachment_bytes_a_phone_has_yet_to_upload(desk: Page, live_server: LiveServer):
    device_id, token = _signed_in(live_server, "mediator")
    status, _ = live_server.api("POST", "/api/sync/push", {
        "device_id": device_id, "mutations": [], "device": {"outbox_size": 0, "pending_attachment_bytes": 2_411_724}},
        token=token)
    assert status == 200
    desk.goto(f"{live_server.url}/desk/devices")
    row = desk.locator(f"[data-test='device-{device_id}']")
    expect(row.locator("[data-test=pending-attachment-bytes]")).to_have_text("2.3 MB")
