/**
 * Background Sync: when the browser fires the outbox tag, an open page is asked to sync (it shows
 * progress); with no page open, the worker syncs itself with the same client module.
 */
import { openStore } from '../store/db.js';
import { syncExclusive } from '../sync/triggers.js';
import { wipeRevoked } from '../sync/session.js';

export async function syncFromWorker(appVersion) {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (pages.length) {
    for (const page of pages) page.postMessage({ type: 'SYNC' });
    return;
  }
  const db = await openStore();
  const summary = await syncExclusive({
    db, fetch: (...args) => fetch(...args), base: '', appVersion, wipe: () => wipeRevoked(db),
  });
  if (summary.status === 'offline' || summary.status === 'error') {
    throw new Error(`sync ${summary.status}`); // the browser retries the tag later
  }
}
