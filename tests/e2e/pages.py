"""Steps the browser tests share: sign in, wait for the service worker, wait for sync."""
from __future__ import annotations

from playwright.sync_api import Page, expect

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


def wait_until_synced(page: Page, timeout: float = 30_000) -> None:
    """Until a sync round has finished with nothing waiting (the status line says so)."""
    page.wait_for_function(
        """async () => {
            const open = indexedDB.open('tiaojie');
            const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
            const read = (store, key) => new Promise((ok) => {
                const request = db.transaction(store).objectStore(store)[key === undefined ? 'count' : 'get'](key);
                request.onsuccess = () => ok(request.result);
            });
            const [pending, last] = [await read('outbox'), await read('meta', 'last_sync')];
            db.close();
            return pending === 0 && last && last.status === 'ok';
        }""", timeout=timeout, polling=500)


def dispute_count(page: Page) -> int:
    """The number of cases the list shows (its count line)."""
    text = page.locator("[data-test=list-count]").inner_text()
    return int("".join(ch for ch in text if ch.isdigit()))
