/**
 * The service worker entry: it only wires events. Caching lives in sw/caching.js, Background
 * Sync in sw/background-sync.js. A new version waits until the page asks it to take over.
 */
import { deleteOldCaches, installAppShell } from './sw/caching.js';
import { syncFromWorker } from './sw/background-sync.js';
import { SYNC_TAG } from './sync/triggers.js';

const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

installAppShell(self.__WB_MANIFEST);

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data?.type === 'VERSION') event.ports[0]?.postMessage(APP_VERSION);
});

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(syncFromWorker(APP_VERSION));
});
