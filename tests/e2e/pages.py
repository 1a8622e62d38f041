"""Steps the browser tests share: sign in, wait for the service worker, wait for sync."""
from __future__ import annotations

import time
import urllib.parse

from playwright.sync_api import BrowserContext, Page, Request, expect

DEMO_PASSWORD = "demo-pass-2026"


def sign_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("[data-test=login-submit]").click()
    expect(page.locator("[data-test=today]")).to_be_visible()


def wait_for_service_worker(page: Page) -> None:
    """Until the service worker has installed the app shell and controls the page."""
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000)
    page.evaluate("navigator.serviceWorker.ready")


def last_sync_at(page: Page) -> str | None:
    """When the last successful sync round ended (an ISO timestamp), or None."""
    return page.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const last = await new Promise((ok) => {
            const request = db.transaction('meta').objectStore('meta').get('last_sync');
            request.onsuccess = () => ok(request.result);
        });
        db.close();
        return last && last.status === 'ok' ? last.at : null;
    }""")


def wait_until_synced(page: Page, timeout: float = 30_000, after: str | None = None) -> None:
    """Until a sync round has ended well (after `after`, if given) with nothing left to send.

    Polled from Python: `page.wait_for_function` does not await a predicate's promise (an async
    predicate is always truthy), so it cannot wait on IndexedDB.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        done = page.evaluate(
            """async (after) => {
                const open = indexedDB.open('tiaojie');
                const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
                const read = (store, key) => new Promise((ok) => {
                    const request = db.transaction(store).objectStore(store)[key === undefined ? 'count' : 'get'](key);
                    request.onsuccess = () => ok(request.result);
                });
                const [pending, last] = [await read('outbox'), await read('meta', 'last_sync')];
                db.close();
                return pending === 0 && Boolean(last) && last.status === 'ok' && (!after || last.at > after);
            }""", after)
        if done:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not synced within {timeout / 1000:.0f} s")
        page.wait_for_timeout(250)


def sync_now(page: Page) -> None:
    """Press 立即同步 and wait for that round (not an earlier one) to end well."""
    before = last_sync_at(page)
    page.locator("[data-test=sync-now]").click()
    wait_until_synced(page, after=before)


def dispute_count(page: Page) -> int:
    """The number of cases the list shows (its count line)."""
    text = page.locator("[data-test=list-count]").inner_text()
    return int("".join(ch for ch in text if ch.isdigit()))


def sign_in_desk(page: Page, base_url: str, username: str) -> None:
    """Sign in as a supervisor or admin: the app lands on the desk, at the review queue."""
    page.goto(f"{base_url}/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("[data-test=login-submit]").click()
    expect(page.locator("[data-test=desk-queue]")).to_be_visible()
    assert "/desk/" in page.url, page.url


def first_visit_transfer(context: BrowserContext, base_url: str, path: str = "/login") -> dict[str, tuple[int, str]]:
    """Open the app in a fresh profile until its service worker has precached the shell: bytes on the wire
    (headers + encoded body, the browser's own count) and content-encoding of every app file, page and worker."""
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(f"{base_url}{path}")
    wait_for_service_worker(page)
    page.wait_for_load_state("networkidle")
    files: dict[str, tuple[int, str]] = {}
    for request in finished:
        url = urllib.parse.urlparse(request.url)
        if url.path.startswith("/api/") or url.path == "/healthz" or not request.url.startswith(base_url):
            continue
        sizes = request.sizes()
        response = request.response()
        encoding = response.headers.get("content-encoding", "") if response else ""
        key = url.path + (" (worker)" if request.service_worker else "")
        previous = files.get(key, (0, ""))[0]
        files[key] = (previous + sizes["responseHeadersSize"] + sizes["responseBodySize"], encoding)
    # The worker's own script is fetched by the browser, outside page and worker: Chromium reports only its
    # headers. When it was sent in full (200), fetch it once more as Chromium asks for it and count those bytes.
    worker = next((r for r in finished if r.url == f"{base_url}/sw.js" and r.response()), None)
    if worker is None or worker.response().status != 200:
        return files
    script = page.request.get(f"{base_url}/sw.js", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    header_bytes = sum(len(name) + len(value) + 4 for name, value in script.headers.items())
    files["/sw.js (worker)"] = (header_bytes + int(script.headers["content-length"]),
                                script.headers.get("content-encoding", ""))
    return files


def queue_as_an_older_app_would(page: Page, entity: str, field: str, value: object) -> None:
    """Rewrite `field` of the queued create of `entity` in the phone's outbox, as an app version that checked
    less before saving would have queued it: the server, not the phone, then refuses it."""
    page.evaluate("""async ([entity, field, value]) => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const store = db.transaction('outbox', 'readwrite').objectStore('outbox');
        const all = await new Promise((ok) => { const r = store.getAll(); r.onsuccess = () => ok(r.result); });
        const queued = all.find((m) => m.entity === entity && m.op === 'create' && field in m.changes);
        queued.changes[field] = value;
        await new Promise((ok) => { const r = store.put(queued); r.onsuccess = ok; });
        db.close();
    }""", [entity, field, value])
