"""Steps the browser tests share: sign in, wait for the service worker, wait for sync."""
from __future__ import annotations

import time

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
