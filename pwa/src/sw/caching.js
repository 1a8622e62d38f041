/**
 * Caching for the service worker: the revisioned app shell (Workbox precaching) under versioned
 * cache names, the navigation fallback to index.html, and cleanup of old caches on activate.
 * API responses are never cached: data lives in IndexedDB.
 */
import { setCacheNameDetails } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

export const CACHE_PREFIX = 'tiaojie';
/** Bump when the caching layout changes (like an IndexedDB version): old caches are deleted on activate. */
export const CACHE_VERSION = 'v1';
const NOT_THE_APP = [/^\/api\//, /^\/healthz/, /^\/sw\.js$/];
/** Code kept for offline use once fetched, not precached (vite.config.js `later-*`): emptied by each new version. */
export const LATER_CACHE = `${CACHE_PREFIX}-later-${CACHE_VERSION}`;

/** Precache the build's file list (with revisions) and serve any app path from index.html offline. */
export function installAppShell(manifest) {
  setCacheNameDetails({ prefix: CACHE_PREFIX, suffix: CACHE_VERSION, precache: 'shell', runtime: 'runtime' });
  cleanupOutdatedCaches();
  precacheAndRoute(manifest);
  registerRoute(({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/later-'), keptOnceFetched);
  registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: NOT_THE_APP }));
}

/** A `later-*` file: from the cache once fetched (its name changes with its content), else from the network and kept. */
async function keptOnceFetched({ request }) {
  const cache = await caches.open(LATER_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Delete every cache of ours that is not of the current version, and the previous version's `later-*` files (run on activate). */
export async function deleteOldCaches() {
  await caches.delete(LATER_CACHE);
  const current = `-${CACHE_VERSION}`;
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith(`${CACHE_PREFIX}-`) && !name.endsWith(current))
    .map((name) => caches.delete(name)));
}
