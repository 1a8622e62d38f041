/**
 * When sync runs: on start, when the connection returns, ~2 s after a save, on demand, on a
 * timer while the app is open, and through Background Sync where the browser has it (the
 * service worker messages the page, or syncs itself when no page is open).
 */
import { hasPending, syncOnce } from './client.js';

export const SYNC_TAG = 'tiaojie-outbox';
export const LOCK_NAME = 'tiaojie-sync';
const SAVE_DEBOUNCE_MS = 2000;
const PERIOD_MS = 5 * 60 * 1000;

/**
 * Run one sync round unless another tab or the service worker is already running one.
 * @returns {Promise<object>} the round's summary, or {status: 'busy'}
 */
export function syncExclusive(ctx) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return syncOnce(ctx);
  return locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? syncOnce(ctx) : { status: 'busy' }));
}

/** Ask for a Background Sync while edits wait (no-op where the API is missing). */
export async function requestBackgroundSync(db) {
  try {
    if (!(await hasPending(db))) return false;
    const registration = await globalThis.navigator?.serviceWorker?.ready;
    if (!registration?.sync) return false;
    await registration.sync.register(SYNC_TAG);
    return true;
  } catch {
    return false; // permission denied or unsupported: the online event and the timer cover it
  }
}

/**
 * Wire the page's triggers. `run()` is single-flight: a request while a round is running
 * schedules exactly one more round after it.
 * @param {{ctx: object, onResult: (summary: object) => void, onStart?: () => void}} options
 * @returns {{run: () => Promise<object>, afterSave: () => void, stop: () => void}}
 */
export function startSyncTriggers({ ctx, onResult, onStart = () => {} }) {
  let running = null;
  let again = false;
  let saveTimer = null;

  async function run() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let summary;
      do {
        again = false;
        onStart();
        summary = await syncExclusive(ctx);
        onResult(summary);
      } while (again && summary.status === 'ok');
      await requestBackgroundSync(ctx.db);
      return summary;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  function afterSave() {
    clearTimeout(saveTimer);
    requestBackgroundSync(ctx.db);
    saveTimer = setTimeout(run, SAVE_DEBOUNCE_MS);
  }

  const onOnline = () => run();
  const onMessage = (event) => {
    if (event.data?.type === 'SYNC') run();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') run();
  };
  globalThis.addEventListener('online', onOnline);
  globalThis.navigator?.serviceWorker?.addEventListener('message', onMessage);
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(() => globalThis.navigator.onLine && run(), PERIOD_MS);
  run();

  return {
    run,
    afterSave,
    stop() {
      clearTimeout(saveTimer);
      clearInterval(timer);
      globalThis.removeEventListener('online', onOnline);
      globalThis.navigator?.serviceWorker?.removeEventListener('message', onMessage);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
