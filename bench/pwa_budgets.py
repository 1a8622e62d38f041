"""The PWA's budgets (shared/design/benchmarks.md, "PWA") measured in Debian's headless Chromium.

Against a real server started the way the browser tests start theirs (tests/e2e/conftest.py: a fresh,
migrated, seeded SQLite file, `flask run` serving the built PWA), with Playwright for Python:

  shell   bytes transferred on a first visit (page + service worker precache, the browser's count) ≤ 150 KB
  cold    offline cold start to the first usable screen (今日 with the grid's cases), CPU ×4     ≤ 1.0 s
  save    save a new dispute offline: click 保存 → "仅保存在手机" on the case                     ≤ 50 ms
  list    open the local list with 5,000 disputes (seeded into IndexedDB) and filter it          ≤ 100 ms
  sync    a sync round of 500 pending edits: longest main-thread task (longtask), progress shown ≤ 100 ms
  capture capture-and-save of one photo offline, CPU ×4: a 4000 × 3000 camera JPEG picked in the file input,
          from its change event to the photo shown saved on the phone (处理中 · 仅在手机: its original kept,
          pwa/src/components/attachments/raw-photos.js)                                           ≤ 300 ms;
          beside it, the time until the prepared photo (thumbnail, 仅在手机) replaces it. Each photo is
          picked 1.5 s after the one before is prepared: a mediator takes photos seconds apart, not back to back
  first   first sign-in, 2,000 records in scope, 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, CPU ×4:
          今日 usable ≤ 5 s, every record on the phone ≤ 30 s (all traffic through tests/throttle.py)

CPU ×4 is CDP's `Emulation.setCPUThrottlingRate`, which slows only the page's main thread, except for capture:
the photo is prepared in a dedicated worker, which CDP does not slow (nor can it: Chromium refuses the command
on a worker target), so capture runs its own Chromium in a cgroup holding the whole browser to a quarter of one
core (bench/cpu_cgroup.py; root and a cgroup v1 cpu hierarchy; removed after the run). Without one it falls back
to CDP and its row says so; `--capture-throttle cdp` asks for CDP's, to compare with earlier figures.

Medians of RUNS runs (≥ 3). Prints a table and appends it to docs/benchmarks.md under its own
"## PWA" heading (append only). Needs `make pwa` (pwa/dist) and /usr/bin/chromium; never `playwright install`.

    .venv/bin/python bench/pwa_budgets.py                 # everything, append to docs/benchmarks.md
    .venv/bin/python bench/pwa_budgets.py --only cold save --no-write --runs 5
    .venv/bin/python bench/pwa_budgets.py --only capture --runs 7
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402
from bench.cpu_cgroup import CpuCgroup  # noqa: E402
from bench.generator import Generator  # noqa: E402
from bench.harness import machine, table  # noqa: E402
from tests.throttle import Throttle  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, _serve  # noqa: E402  (the e2e server, as tests run it)
from tests.e2e.pages import (  # noqa: E402
    DEMO_PASSWORD, first_visit_transfer, last_sync_at, sign_in, wait_for_service_worker, wait_until_synced)

DOCS = ROOT / "docs" / "benchmarks.md"
USER = "mediator"
LOCAL = "仅保存在手机"

# --- page-side helpers -----------------------------------------------------------------------

OPEN_DB = """const openDb = () => new Promise((ok, fail) => {
    const r = indexedDB.open('tiaojie'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });"""

UUID7 = """const uuid7 = (ms, n) => {
    const hex = (v, len) => v.toString(16).padStart(len, '0');
    const rnd = (len) => Array.from(crypto.getRandomValues(new Uint8Array(len)), (b) => hex(b, 2)).join('');
    const t = hex(ms, 12);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rnd(2).slice(1)}-${(8 + (n % 4)).toString(16)}${rnd(2).slice(1)}-${rnd(6)}`; };"""

# 今日 is usable when it shows the grid's cases; the time is taken on the frame after they are in the DOM.
USABLE_OBSERVER = """(() => {
  const done = () => {
    if (window.__usableDom !== undefined) return;
    if (!document.querySelector('[data-test=today] [data-test=today-case]')) return;
    window.__usableDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { window.__usablePainted = performance.now(); });
  };
  const observer = new MutationObserver(done);
  observer.observe(document, { childList: true, subtree: true });
})();"""

SAVE_AND_TIME = """() => new Promise((resolve) => {
  const button = document.querySelector('[data-test=save]');
  let t0 = 0;
  const observer = new MutationObserver(() => {
    const detail = document.querySelector('[data-test=dispute-detail]');
    if (!detail || !detail.textContent.includes('%s')) return;
    observer.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => resolve({ dom, painted: performance.now() - t0, store: globalThis.__tiaojieLastSaveMs }));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  t0 = performance.now();
  button.click();
})""" % LOCAL

SEED_DISPUTES = "async (count) => {\n" + OPEN_DB + UUID7 + """
  const db = await openDb();
  const user = await new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get('user'); r.onsuccess = () => ok(r.result); });
  const titles = ['楼上漏水纠纷', '宅基地界址争议', '拖欠工资纠纷', '广场舞噪音扰民', '小区停车位争执', '赡养老人矛盾', '物业费纠纷', '邻里通道堵塞'];
  const cats = ['neighbor', 'property', 'labor', 'neighbor', 'property', 'family', 'property', 'neighbor'];
  const statuses = ['reported', 'accepted', 'mediating', 'agreed', 'closed'];
  const base = Date.now() - count * 60000;
  const tx = db.transaction(['records', 'snapshots'], 'readwrite');
  for (let i = 0; i < count; i += 1) {
    const k = i % titles.length;
    const day = new Date(base + i * 60000).toISOString();
    const record = {
      entity: 'dispute', id: uuid7(base + i * 60000, i), version: 1, area_id: user.area_id,
      case_no: `BENCH-2026-${String(i + 1).padStart(5, '0')}`, title: `${titles[k]}（${i + 1}）`, category: cats[k],
      source: 'initiative', status: statuses[i % statuses.length], risk_level: ['low', 'medium', 'high'][i % 3],
      summary: '双方就此事多次发生口角，请求网格员上门调解。'.repeat(3), reported_at: day, accepted_at: day,
      created_by: user.id, has_open_conflict: false, voided_at: null,
    };
    tx.objectStore('snapshots').put(record);
    tx.objectStore('records').put(record);
  }
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
  db.close();
  return count;
}"""

OPEN_LIST = """() => new Promise((resolve) => {
  const count = () => Number((document.querySelector('[data-test=list-count]')?.textContent ?? '').replace(/\\D/g, '') || -1);
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (count() < 5000 || !document.querySelector('[data-test=dispute-row]')) return;
    observer.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => resolve({ dom, painted: performance.now() - t0, n: count() }));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  document.querySelectorAll('.van-tabbar-item')[1].click();
})"""

FILTER_LIST = """(text) => new Promise((resolve) => {
  const count = () => Number((document.querySelector('[data-test=list-count]')?.textContent ?? '').replace(/\\D/g, '') || -1);
  const before = count();
  const input = document.querySelector('[data-test=search] input');
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (count() === before) return;
    observer.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => resolve({ dom, painted: performance.now() - t0, before, after: count() }));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
})"""

SEED_OUTBOX = "async (count) => {\n" + OPEN_DB + UUID7 + """
  const db = await openDb();
  const user = await new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get('user'); r.onsuccess = () => ok(r.result); });
  const tx = db.transaction(['outbox', 'records'], 'readwrite');
  const now = Date.now();
  for (let i = 0; i < count; i += 1) {
    const id = uuid7(now + i, i);
    const changes = { area_id: user.area_id, visited_at: new Date(now - i * 1000).toISOString(), place: `幸福里 ${1 + (i % 30)} 栋 ${100 + i} 室`,
      purposes: ['risk_screening'], notes: '走访未发现矛盾纠纷，住户反映楼道照明已修复。' };
    tx.objectStore('outbox').add({ mutation_id: uuid7(now + i, i + 1), entity: 'visit', id, op: 'create', base_version: null,
      changes, client_time: new Date(now + i).toISOString(), user_id: user.id, state: 'pending', errors: null, error_code: null });
    tx.objectStore('records').put({ entity: 'visit', id, version: 0, ...changes, created_by: user.id });
  }
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
  db.close();
  return count;
}"""

COUNT_OUTBOX = "async () => {" + OPEN_DB + """
  const db = await openDb();
  const all = await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); });
  db.close();
  return [all.length, all.filter((m) => m.state === 'pending').length, JSON.stringify(all.find((m) => m.state !== 'pending') ?? null).slice(0, 600)];
}"""

WATCH_SYNC = """() => {
  window.__longtasks = [];
  window.__progress = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })
    .observe({ type: 'longtask' });
  const line = () => document.querySelector('[data-test=sync-line]')?.textContent ?? '';
  new MutationObserver(() => {
    const text = line();
    if (/正在(发送|接收|同步)/.test(text)) { window.__running = true; window.__syncEnd = null; }
    else if (window.__running) window.__syncEnd = performance.now();
    if (/正在(发送|接收)/.test(text) && window.__progress.at(-1) !== text) window.__progress.push(text);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  window.__syncEnd = null;
  window.__syncStart = performance.now();
}"""


# The photo shows saved on the phone as it was taken (处理中 · 仅在手机: its original kept, not yet prepared), then
# prepared (its thumbnail and 仅在手机, its create queued). Timed from the input's change event, taken before the app's
# own listener (capture phase on the document), to the frame after each is in the DOM; resolves once prepared.
ARM_CAPTURE = """(expected) => {
  window.__capture = new Promise((resolve) => {
    let t0 = null;
    let saved = null;
    document.addEventListener('change', (event) => {
      if (event.target.matches('[data-test=photo-camera]')) t0 = performance.now();
    }, { capture: true, once: true });
    const count = (selector) => document.querySelectorAll(selector).length;
    const observer = new MutationObserver(() => {
      if (t0 === null) return;
      if (saved === null && count('[data-test=attachment]') >= expected && count('[data-test=attachment][data-raw=preparing]')) {
        const dom = performance.now() - t0;
        saved = { dom };
        requestAnimationFrame(() => { saved.painted = performance.now() - t0; });
      }
      if (saved === null || count('[data-test=attachment] [data-test=file-state][data-state=local]') < expected
          || count('[data-test=attachment] img') < expected) return;
      observer.disconnect();
      const prepared = performance.now() - t0;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ...saved, prepared })));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}"""


def camera_photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A 12-MP camera JPEG (quality 92, sensor grain, EXIF with a location), about as heavy as a phone's."""
    import io
    import random

    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize((width // 4, height // 4)).convert("RGB")
    pen = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(width // 4), rng.randrange(height // 4)
        pen.rectangle((x, y, x + rng.randint(20, 200), y + rng.randint(20, 150)),
                      fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = image.resize(size, Image.Resampling.BILINEAR)
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).point(lambda v: 120 + v * 16 // 255)
    image = ImageChops.add(image, Image.merge("RGB", (grain, grain, grain)), offset=-128)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (36.0, 40.0, 12.5), 3: "E", 4: (117.0, 1.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


# --- the benchmarks --------------------------------------------------------------------------

def new_context(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="allow", bypass_csp=True)
    context.set_default_timeout(60_000)
    return context


def signed_in_page(browser, url: str):
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, url, USER)
    wait_for_service_worker(page)
    wait_until_synced(page, timeout=60_000)
    return context, page


def bench_shell(browser, url: str, runs: int) -> dict[str, Any]:
    """Bytes on the wire for a first visit (page and service worker precache), as Chromium counts them."""
    totals, detail = [], {}
    for _ in range(runs):
        context = new_context(browser)
        detail = first_visit_transfer(context, url)
        totals.append(sum(size for size, _ in detail.values()) / 1024)
        context.close()
    encodings = sorted({encoding for _, encoding in detail.values() if encoding})
    return {"kb": statistics.median(totals), "runs": totals, "files": detail, "encodings": encodings}


def bench_cold(playwright, url: str, runs: int, rate: float = 4) -> dict[str, Any]:
    """A closed browser reopened with the network cut: time to 今日 with cases, CPU slowed ×rate."""
    profile = Path(tempfile.mkdtemp(prefix="tiaojie-cold-"))
    options = dict(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, viewport=PHONE, locale="zh-CN",
                   service_workers="allow", bypass_csp=True)
    try:
        context = playwright.chromium.launch_persistent_context(str(profile), **options)
        page = context.pages[0] if context.pages else context.new_page()
        sign_in(page, url, USER)
        wait_for_service_worker(page)
        wait_until_synced(page, timeout=60_000)
        page.locator("[data-test=today-case]").first.wait_for()
        page.goto("about:blank")
        page.wait_for_timeout(2000)  # let Chromium write IndexedDB to disk before the browser closes
        context.close()
        dom, painted = [], []
        for _ in range(runs):
            context = playwright.chromium.launch_persistent_context(str(profile), **options)
            context.set_default_timeout(60_000)
            context.set_offline(True)
            context.add_init_script(USABLE_OBSERVER)
            page = context.pages[0] if context.pages else context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            page.goto(f"{url}/")
            page.wait_for_function("window.__usablePainted !== undefined")
            dom.append(page.evaluate("window.__usableDom"))
            painted.append(page.evaluate("window.__usablePainted"))
            assert page.evaluate("navigator.serviceWorker.controller !== null"), "not served by the service worker"
            context.close()
        return {"dom": dom, "painted": painted, "ms": statistics.median(painted)}
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def bench_save(browser, url: str, runs: int, rate: float = 1) -> dict[str, Any]:
    context, page = signed_in_page(browser, url)
    context.set_offline(True)
    cdp = context.new_cdp_session(page)
    results = []
    for run in range(runs + 1):  # the first is a warm-up (the route's code, the first IndexedDB write)
        page.goto(f"{url}/disputes/new")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.locator("[data-test=title] input").fill(f"楼道堆物纠纷 {run}")
        page.locator(".tj-chip[data-code=neighbor]").click()
        page.locator("input[name=party-0-name]").fill("赵某")
        page.locator("input[name=party-1-name]").fill("钱某")
        result = page.evaluate(SAVE_AND_TIME)
        if run:
            results.append(result)
    context.close()
    return {"dom": [r["dom"] for r in results], "painted": [r["painted"] for r in results],
            "store": [r["store"] for r in results], "ms": statistics.median(r["dom"] for r in results)}


def bench_list(browser, url: str, runs: int, count: int = 5000) -> dict[str, Any]:
    context, page = signed_in_page(browser, url)
    context.set_offline(True)  # no sync round changes the data while we measure
    page.evaluate(SEED_DISPUTES, count)
    opened, filtered, cold = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        page.goto(f"{url}/disputes")
        page.wait_for_function("Number(document.querySelector('[data-test=list-count]')?.textContent.replace(/\\D/g, '')) >= 5000")
        cold.append((time.perf_counter() - started) * 1000)
        page.goto(f"{url}/")
        page.locator("[data-test=today-case]").first.wait_for()
        page.wait_for_timeout(300)
        result = page.evaluate(OPEN_LIST)
        opened.append(result["painted"])
        found = page.evaluate(FILTER_LIST, "漏水")
        assert 0 < found["after"] < found["before"], found
        filtered.append(found["painted"])
    context.close()
    return {"open": opened, "filter": filtered, "cold": cold, "ms": statistics.median(opened), "filter_ms": statistics.median(filtered)}


def bench_sync(browser, url: str, runs: int, edits: int = 500, rate: float = 1) -> dict[str, Any]:
    longest, seconds, progress_seen = [], [], []
    for _ in range(runs):  # a fresh phone each run: 500 edits queued offline, then the network returns
        context, page = signed_in_page(browser, url)
        context.set_offline(True)
        page.evaluate(SEED_OUTBOX, edits)
        assert page.evaluate(COUNT_OUTBOX)[1] == edits
        page.goto(f"{url}/")
        page.locator("[data-test=today]").wait_for()
        try:
            page.wait_for_function(f"document.querySelector('[data-test=sync-line]')?.textContent.includes('{edits} 条待发送')",
                                   timeout=15_000)
        except Exception:
            print("sync line:", page.locator("[data-test=sync-line]").inner_text(), flush=True)
            raise
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.evaluate(WATCH_SYNC)
        before = page.evaluate("Date.now()")
        context.set_offline(False)  # the `online` event starts the round
        deadline = time.monotonic() + 300
        while page.evaluate(COUNT_OUTBOX)[0] or page.evaluate("window.__syncEnd") is None:  # a real poll: the round has ended
            assert time.monotonic() < deadline, "the sync round did not finish"
            page.wait_for_timeout(200)
        assert _iso(before) < (last_sync_at(page) or ""), "no successful round after the network returned"
        elapsed = page.evaluate("window.__syncEnd - window.__syncStart")
        tasks = page.evaluate("window.__longtasks")
        steps = page.evaluate("window.__progress")
        longest.append(max(tasks, default=0.0))
        seconds.append(elapsed / 1000)
        progress_seen.append(steps)
        context.close()
    return {"longest": longest, "seconds": seconds, "progress": progress_seen, "ms": statistics.median(longest)}


FIRST_SYNC_RECORDS = 2000
SLOW_LINE = {"down_kbit": 1600, "up_kbit": 750, "rtt_ms": 150}

# The click on 登录 and the frame after 今日 first lists cases, on the wall clock in sessionStorage: signing in
# may load a new document, whose performance.now() starts again.
WATCH_SIGN_IN = """(() => {
  const mark = (name) => sessionStorage.setItem(name, String(Date.now()));
  document.addEventListener('click', (event) => {
    if (event.target.closest('[data-test=login-submit]')) mark('bench.clickAt');
  }, true);
  const observer = new MutationObserver(() => {
    if (sessionStorage.getItem('bench.usableAt') || !sessionStorage.getItem('bench.clickAt')) return;
    if (!document.querySelector('[data-test=today] [data-test=today-case]')) return;
    observer.disconnect();
    requestAnimationFrame(() => mark('bench.usableAt'));
  });
  observer.observe(document, { childList: true, subtree: true });
})();"""
SINCE_CLICK = "(name) => (Number(sessionStorage.getItem(name) ?? Date.now()) - Number(sessionStorage.getItem('bench.clickAt'))) / 1000"

COUNT_RECORDS = OPEN_DB + """
(async () => { const db = await openDb();
  const n = await new Promise((ok) => { const r = db.transaction('records').objectStore('records').count(); r.onsuccess = () => ok(r.result); });
  db.close(); return n; })()"""


# A busy loop timed in the page and in a dedicated worker: how much a throttle slows each (worker from a blob URL).
CALIBRATE = """async () => {
  const loop = 'let x = 0; const t0 = performance.now(); for (let i = 0; i < 8e7; i += 1) x += Math.sqrt(i); return performance.now() - t0;';
  const page = new Function(loop)();
  const source = `onmessage = () => postMessage((() => { ${loop} })())`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const inWorker = await new Promise((resolve) => { worker.onmessage = ({ data }) => resolve(data); worker.postMessage(0); });
  worker.terminate();
  return { page, worker: inWorker };
}"""


@contextlib.contextmanager
def cpu_slowed(context, page, rate: float, cgroup: CpuCgroup | None):
    """CPU ×rate for what runs in the block: the whole browser (cgroup), or CDP's page-only emulation."""
    if rate == 1:
        yield
    elif cgroup:
        with cgroup.slowed():
            yield
    else:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        try:
            yield
        finally:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})


# Between one photo prepared and the next picked: a mediator takes photos seconds apart, and what a kept photo sets
# off (今日's rebuild when the page is idle) has run by then.
PHOTOS_APART_MS = 1500


def bench_capture(playwright, url: str, runs: int, rate: float = 4, cgroup: CpuCgroup | None = None) -> dict[str, Any]:
    """One photo after another taken offline on a case, CPU slowed ×rate: change event → the photo shown saved on
    the phone (its original kept), and → the prepared photo in its place. The next photo is picked PHOTOS_APART_MS
    after the one before is prepared (a mediator takes photos seconds apart).

    A browser of its own, started in `cgroup` when there is one (the throttle then covers the photo worker too);
    signing in and syncing run at full speed, only the photos and the calibration loop are slowed."""
    browser = playwright.chromium.launch(executable_path=str(cgroup.executable if cgroup else CHROMIUM), args=CHROMIUM_ARGS)
    context, page = signed_in_page(browser, url)
    page.locator(".van-tabbar-item").nth(1).click()
    page.locator("[data-test=dispute-row]").nth(2).click()
    page.locator("[data-test=attachments]").wait_for()
    context.set_offline(True)
    before = page.locator("[data-test=attachment]").count()
    photos = [camera_photo(seed) for seed in range(runs + 1)]
    idle = page.evaluate(CALIBRATE)
    results = []
    with cpu_slowed(context, page, rate, cgroup):
        slowed = page.evaluate(CALIBRATE)
        for number, photo in enumerate(photos, start=1):
            page.evaluate(ARM_CAPTURE, before + number)
            page.locator("[data-test=photo-camera]").set_input_files(
                {"name": f"IMG_{number:04d}.jpg", "mimeType": "image/jpeg", "buffer": photo})
            results.append(page.evaluate("window.__capture"))
            page.wait_for_timeout(PHOTOS_APART_MS)
    measured = page.evaluate("performance.getEntriesByName('tj:capture-save').map((m) => m.duration)")
    context.close()
    browser.close()
    first, rest = results[0], results[1:]
    return {"first": first["dom"], "dom": [r["dom"] for r in rest], "painted": [r["painted"] for r in rest],
            "prepared": [r["prepared"] for r in rest], "first_prepared": first["prepared"],
            "measured": measured[1:], "ms": statistics.median(r["dom"] for r in rest),
            "photo_kb": statistics.median(len(p) for p in photos) / 1024,
            "loop": {"idle": idle, "slowed": slowed}}


def capture_slowed(playwright, url: str, runs: int, throttle: str) -> dict[str, Any]:
    """bench_capture at CPU ×4, the whole browser in a cgroup if one can be had (and removed after), else CDP's."""
    cgroup, why_not = CpuCgroup.open(CHROMIUM, 4) if throttle == "cgroup" else (None, "CDP asked for")
    if cgroup is None:
        print(f"capture: CPU ×4 by CDP, the page's main thread only: {why_not}", flush=True)
    try:
        result = bench_capture(playwright, url, runs, cgroup=cgroup)
        result["throttle"] = (f"whole browser, cgroup quota 25 % of one core; held back {cgroup.throttled_ms() / 1000:.1f} s"
                              if cgroup else f"CDP: page's main thread only, the photo worker NOT slowed — {why_not}")
        return result
    finally:
        if cgroup:
            cgroup.close()


def records_in_scope(url: str, token: str) -> int:
    """What a first sync of the mediator's phone brings: every page of a pull from no cursor."""
    count, cursor = 0, ""
    while True:
        reply = harness.request(url, "GET", f"/api/sync/pull?limit=500{'&cursor=' + cursor if cursor else ''}", token=token)
        assert reply.status == 200, reply.body
        count += len(reply.body["records"])
        cursor = reply.body["cursor"]
        if not reply.body["has_more"]:
            return count


def fill_grid(url: str, total: int) -> int:
    """Push generated cases into the mediator's grid (from another phone of hers) until `total` records are in scope."""
    signed_in = harness.request(url, "POST", "/api/auth/login", {"username": USER, "password": DEMO_PASSWORD,
                                                                  "device_id": "bench-first-sign-in-filler"})
    assert signed_in.status == 200, signed_in.body
    token = signed_in.body["access_token"]
    me = harness.request(url, "GET", "/api/me", token=token).body["user"]
    missing = total - records_in_scope(url, token)
    docs = Generator(me["area_id"]).docs(max(0, missing))
    for start in range(0, len(docs), 200):
        mutations = [{"mutation_id": f"fill-{d.id}", "entity": d.entity, "id": d.id, "op": "create", "base_version": None,
                      "changes": d.fields,
                      "client_time": "2026-12-01T02:00:00.000Z"} for d in docs[start:start + 200]]
        reply = harness.request(url, "POST", "/api/sync/push", token=token,
                                body={"device_id": "bench-first-sign-in-filler", "mutations": mutations})
        refused = [r for r in reply.body["results"] if r["status"] != "applied"] if reply.status == 200 else reply.body
        assert not refused, str(refused)[:500]
    return records_in_scope(url, token)


def bench_first(playwright, url: str, runs: int, rate: float = 4) -> dict[str, Any]:
    """A phone that has never opened the app signs in on a slow line: 今日 usable, then every record stored."""
    in_scope = fill_grid(url, FIRST_SYNC_RECORDS)
    port = int(url.rsplit(":", 1)[1])
    usable, everything, login_page = [], [], []
    with Throttle(port, **SLOW_LINE) as line:
        slow_url = f"http://127.0.0.1:{line.port}"
        for _ in range(runs):
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = new_context(browser)
            context.add_init_script(WATCH_SIGN_IN)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            started = time.monotonic()
            page.goto(f"{slow_url}/login")
            page.locator("[data-test=login-submit]").wait_for()
            login_page.append(time.monotonic() - started)
            page.locator("input[name=username]").fill(USER)
            page.locator("input[name=password]").fill(DEMO_PASSWORD)
            page.locator("[data-test=login-submit]").click()
            page.wait_for_function("sessionStorage.getItem('bench.usableAt') !== null", timeout=120_000)
            usable.append(page.evaluate(SINCE_CLICK, "bench.usableAt"))
            while page.evaluate(COUNT_RECORDS) < in_scope:
                page.wait_for_timeout(100)
                assert page.evaluate(SINCE_CLICK, "now") < 300, "the first sync did not finish"
            everything.append(page.evaluate(SINCE_CLICK, "now"))
            browser.close()
    return {"records": in_scope, "usable": usable, "all": everything, "login_page": login_page,
            "s": statistics.median(usable), "all_s": statistics.median(everything)}


def _iso(epoch_ms: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_ms / 1000)) + f".{int(epoch_ms % 1000):03d}Z"


# --- report ----------------------------------------------------------------------------------

def fmt(values: list[float], unit: str = "ms", digits: int = 0) -> str:
    return f"{min(values):.{digits}f}–{max(values):.{digits}f} {unit}" if values else "–"


def verdict(value: float, budget: float) -> str:
    return "OK" if value <= budget else "**over**"


def report(results: dict[str, Any], runs: int, chromium: str) -> str:
    rows = []
    if "shell" in results:
        r = results["shell"]
        rows.append(["first visit, bytes transferred (browser's count)", f"{r['kb']:.1f} KB", "≤ 150 KB",
                     verdict(r["kb"], 150), f"{len(r['files'])} requests; sent as {', '.join(r['encodings']) or 'plain'}"])
    if "cold" in results:
        r = results["cold"]
        rows.append(["offline cold start → 今日 with cases, CPU ×4", f"{r['ms']:.0f} ms", "≤ 1000 ms", verdict(r["ms"], 1000),
                     f"painted {fmt(r['painted'])}; in DOM median {statistics.median(r['dom']):.0f} ms"])
    if "save" in results:
        r = results["save"]
        rows.append(["save dispute + 2 parties offline → 仅保存在手机", f"{r['ms']:.0f} ms", "≤ 50 ms", verdict(r["ms"], 50),
                     f"range {fmt(r['dom'])}; painted median {statistics.median(r['painted']):.0f} ms; "
                     f"IndexedDB writes alone {statistics.median(r['store']):.0f} ms"])
    if "save4" in results:
        r = results["save4"]
        rows.append(["  the same, CPU ×4", f"{r['ms']:.0f} ms", "(info)", "", f"range {fmt(r['dom'])}"])
    if "list" in results:
        r = results["list"]
        rows.append(["open the list, 5,000 local disputes (今日 → 纠纷)", f"{r['ms']:.0f} ms", "≤ 100 ms", verdict(r["ms"], 100),
                     f"range {fmt(r['open'])}; reload straight into the list {statistics.median(r['cold']):.0f} ms"])
        rows.append(["filter it (search 漏水)", f"{r['filter_ms']:.0f} ms", "≤ 100 ms", verdict(r["filter_ms"], 100),
                     f"range {fmt(r['filter'])}"])
    if "sync" in results:
        r = results["sync"]
        shown = all(any("正在发送" in step for step in steps) for steps in r["progress"])
        example = next((steps for steps in r["progress"] if steps), [])
        rows.append(["sync round, 500 pending edits: longest main-thread task", f"{r['ms']:.0f} ms", "≤ 100 ms",
                     verdict(r["ms"], 100) + ("" if shown else "; **no progress seen**"),
                     f"range {fmt(r['longest'])}; round {statistics.median(r['seconds']):.1f} s; progress "
                     f"{len(example)} updates, e.g. “{example[len(example) // 2] if example else '—'}”"])
    if "sync4" in results:
        r = results["sync4"]
        rows.append(["  the same, CPU ×4", f"{r['ms']:.0f} ms", "(info)", "",
                     f"range {fmt(r['longest'])}; round {statistics.median(r['seconds']):.1f} s"])
    if "capture" in results:
        r = results["capture"]
        loop = r["loop"]
        rows.append([f"capture-and-save one photo offline (4000 × 3000 JPEG) → 处理中 · 仅在手机 (original kept), "
                     f"CPU ×4 ({r['throttle']})",
                     f"{r['ms']:.0f} ms", "≤ 300 ms", verdict(r["ms"], 300),
                     f"range {fmt(r['dom'])}; painted median {statistics.median(r['painted']):.0f} ms; the app's own "
                     f"measure (pick → original kept) median {statistics.median(r['measured']):.0f} ms; **prepared photo "
                     f"in its place** median {statistics.median(r['prepared']):.0f} ms, range {fmt(r['prepared'])}; "
                     f"first photo of the page {r['first']:.0f} / {r['first_prepared']:.0f} ms (not counted); photos "
                     f"{r['photo_kb']:.0f} KB; a busy loop took "
                     f"{loop['slowed']['page']:.0f} ms in the page, {loop['slowed']['worker']:.0f} ms in a worker "
                     f"({loop['idle']['page']:.0f} and {loop['idle']['worker']:.0f} ms not slowed, under the same load)"])
    if "capture1" in results:
        r = results["capture1"]
        rows.append(["  the same, CPU not slowed", f"{r['ms']:.0f} ms", "(info)", "",
                     f"range {fmt(r['dom'])}; prepared photo in its place median {statistics.median(r['prepared']):.0f} ms, "
                     f"range {fmt(r['prepared'])}; first photo {r['first']:.0f} / {r['first_prepared']:.0f} ms"])
    if "first" in results:
        r = results["first"]
        line = f"{SLOW_LINE['down_kbit'] / 1000:g} Mbit/s down, {SLOW_LINE['up_kbit']} kbit/s up, {SLOW_LINE['rtt_ms']} ms RTT"
        rows.append([f"first sign-in, {r['records']:,} records in scope ({line}, CPU ×4): 今日 usable", f"{r['s']:.1f} s",
                     "≤ 5 s", verdict(r["s"], 5), f"range {fmt(r['usable'], 's', 1)}; the login page itself "
                     f"{statistics.median(r['login_page']):.1f} s (not counted)"])
        rows.append(["  every record on the phone", f"{r['all_s']:.1f} s", "≤ 30 s", verdict(r["all_s"], 30),
                     f"range {fmt(r['all'], 's', 1)}"])
    facts = machine()
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "pwa"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = (f"## PWA (bench/pwa_budgets.py) — {facts['date']}\n\n"
            f"commit `{facts['commit'].split(' ')[0]}{' (+ uncommitted pwa/ changes)' if dirty else ''}`; "
            f"{facts['nproc']} CPUs ({facts['cpu']}), {facts['memory']} RAM, load {load} at the end (1 / 5 / 15 min); Chromium {chromium} headless, 360 × 740; "
            f"medians of {runs} runs; `flask run` serving pwa/dist on loopback (tests/e2e/conftest.py's server)\n\n")
    notes = ("\nTimes are taken in the page (`performance.now()`): cold start from navigation start (a browser reopened "
             "on the signed-in profile, network cut, service worker serving the shell) to the frame after 今日 lists "
             "the grid's cases; save from the click to 仅保存在手机 on the new case (DOM), after one warm-up save; "
             "list from the tab tap to the frame showing 5,000+ rows counted (5,000 disputes written straight into "
             "IndexedDB), filter from the input event to the frame with the new count; sync: 500 visit creates queued "
             "offline, the round started by the `online` event, longest `longtask` entry (none ≥ 50 ms counts as 0); "
             "first sign-in: a new browser each run, every byte (page and service worker alike) through one throttled "
             "line (tests/throttle.py), timed from the click on 登录 to the frame after 今日 lists cases, and to the "
             "moment the phone's IndexedDB holds every record a first pull brings (the grid filled by generated cases "
             "pushed from another phone beforehand); capture: on a case opened on the signed-in phone, network cut, "
             "a new 4000 × 3000 JPEG each run set on the camera input 1.5 s after the one before is prepared, from its change "
             "event to the frame after the photo shows saved on the phone (处理中 · 仅在手机: its original kept), and to "
             "the prepared photo (thumbnail, 仅在手机) in its place (the page's first photo reported apart), CPU ×4 for the whole browser when a cgroup "
             "can be had (bench/cpu_cgroup.py: a quarter of one core for every Chromium process, the photo worker "
             "included), else CDP's, which slows the page's main thread only. Every other ×4 here is CDP's: the page's "
             "main thread only, not the service worker, off-thread script compiling, nor IndexedDB in the browser "
             "process, so those figures are flattered too.\n")
    return head + table(["benchmark", "median", "budget", "", "notes"], rows) + "\n" + notes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=[], help="shell cold save list sync capture first (default: all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only, do not append to docs/benchmarks.md")
    parser.add_argument("--capture-throttle", choices=["cgroup", "cdp"], default="cgroup",
                        help="capture's CPU ×4: the whole browser in a cgroup (default), or CDP's (page's main thread only)")
    args = parser.parse_args(argv)
    wanted = set(args.only or ["shell", "cold", "save", "list", "sync", "capture", "first"])
    runs = max(3, args.runs)
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="tiaojie-pwa-bench-"))
    serving = _serve(workdir, {"JWT_ACCESS_SECONDS": "3600"})
    server = next(serving)
    results: dict[str, Any] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            chromium = browser.version
            steps = [("shell", lambda: bench_shell(browser, server.url, runs)),
                     ("cold", lambda: bench_cold(playwright, server.url, runs)),
                     ("save", lambda: bench_save(browser, server.url, max(runs, 5))),
                     ("save4", lambda: bench_save(browser, server.url, max(runs, 5), rate=4)),
                     ("list", lambda: bench_list(browser, server.url, runs)),
                     ("sync", lambda: bench_sync(browser, server.url, runs)),
                     ("sync4", lambda: bench_sync(browser, server.url, runs, rate=4)),
                     ("capture", lambda: capture_slowed(playwright, server.url, max(runs, 5), args.capture_throttle)),
                     ("capture1", lambda: bench_capture(playwright, server.url, max(runs, 5), rate=1)),
                     ("first", lambda: bench_first(playwright, server.url, runs))]  # last: it fills the grid
            for name, step in steps:
                if name.rstrip("41") not in wanted:
                    continue
                started = time.monotonic()
                results[name] = step()
                print(f"{name}: done in {time.monotonic() - started:.0f} s", flush=True)
            browser.close()
    finally:
        serving.close()
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, runs, chromium)
    print("\n" + text)
    if not args.no_write:
        with DOCS.open("a", encoding="utf-8") as docs:
            docs.write("\n" + text)
        print(f"appended to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
