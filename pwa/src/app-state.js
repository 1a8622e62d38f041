/**
 * The page's shared state: the open database, the signed-in user, reference data, the sync
 * status line, and a counter screens watch to reload after data changed.
 */
import { reactive } from 'vue';
import { loadDisputes } from './domain/cases.js';
import { getMeta, openStore } from './store/db.js';
import { allMutations, outboxStats } from './store/outbox.js';
import { refreshReference } from './sync/client.js';
import { wipeRevoked } from './sync/session.js';
import { startSyncTriggers } from './sync/triggers.js';

export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export const state = reactive({
  ready: false,
  user: null,
  reference: null,
  signInAgain: false,
  revoked: false,
  online: globalThis.navigator?.onLine ?? true,
  sync: { running: false, status: null, lastAt: null, pending: 0, rejected: 0, held: 0, inflight: 0, progress: null, total: 0 },
  dataVersion: 0,
  updateReady: null, // a waiting service worker, when a new version is available
});

let db = null;
let triggers = null;

export function database() {
  return db;
}

/** After a wipe (sign-out, revoked device): a fresh, empty store. */
export async function reopen() {
  db = await openStore();
  return db;
}

export function syncContext() {
  return {
    db,
    fetch: (...args) => globalThis.fetch(...args),
    base: '',
    appVersion: APP_VERSION,
    wipe: () => wipeRevoked(db),
    onProgress: (detail) => { state.sync.progress = detail; },
  };
}

/** Open the local store and read the session; screens render from local data at once. */
export async function boot() {
  db = await openStore();
  const [user, reference, authState, last] = await Promise.all(
    ['user', 'reference', 'auth_state', 'last_sync'].map((key) => getMeta(db, key)));
  // the first screen lists cases: start reading them now, while the app mounts
  if (user) loadDisputes(db, state.dataVersion).catch(() => {});
  state.user = user ?? null;
  state.reference = reference ?? null;
  state.signInAgain = authState === 'sign_in_again';
  state.revoked = globalThis.sessionStorage?.getItem('tiaojie.revoked') === '1';
  globalThis.sessionStorage?.removeItem('tiaojie.revoked');
  await refreshCounts();
  state.sync.lastAt = last?.at ?? null;
  globalThis.addEventListener('online', () => { state.online = true; });
  globalThis.addEventListener('offline', () => { state.online = false; });
  state.ready = true;
  if (state.user) startSync();
}

/** Outbox counts for the status line. */
export async function refreshCounts() {
  if (!db) return;
  const stats = await outboxStats(db, state.user?.id ?? null);
  Object.assign(state.sync, { pending: stats.pending + stats.inflight, inflight: stats.inflight, rejected: stats.rejected, held: stats.held });
}

/** Something changed locally: lists reload, counts refresh. */
export async function changed() {
  state.dataVersion += 1;
  await refreshCounts();
}

export function startSync() {
  if (triggers) return triggers;
  triggers = startSyncTriggers({
    ctx: syncContext(),
    onStart: () => { Object.assign(state.sync, { running: true, progress: null, total: state.sync.pending }); },
    onResult: async (summary) => {
      state.sync.running = false;
      state.sync.progress = null;
      if (summary.status === 'busy') return;
      state.sync.status = summary.status;
      if (summary.status === 'ok') state.sync.lastAt = new Date().toISOString();
      if (summary.status === 'revoked') {
        stopSync();
        Object.assign(state, { user: null, reference: null, revoked: true });
        await reopen();
        globalThis.sessionStorage?.setItem('tiaojie.revoked', '1');
        globalThis.location.assign('/login');
        return;
      }
      if (summary.status === 'sign_in_again') state.signInAgain = true;
      if (summary.status === 'ok' && !state.reference) await loadReference();
      await changed();
    },
  });
  return triggers;
}

export function stopSync() {
  triggers?.stop();
  triggers = null;
}

/** Sync now (the button), or soon after a save. */
export function syncNow() {
  return (triggers ?? startSync()).run();
}

export async function afterSave() {
  await changed();
  triggers?.afterSave();
}

export async function loadReference() {
  try {
    state.reference = await refreshReference(syncContext());
  } catch {
    // offline: keep what is held
  }
}

/** Every mutation not yet acknowledged, for the attention list. */
export function mutations() {
  return allMutations(db);
}
