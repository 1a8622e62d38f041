/**
 * The page's shared state: the open database, the signed-in user, reference data, the sync
 * status line, 今日's summary, and a counter screens watch to reload after data changed.
 */
import { markRaw, reactive } from 'vue';
import { forgetDisputes, loadDisputes, noteSaved } from './domain/cases.js';
import { exchangeSeen } from './domain/seen.js';
import { isCurrent, rebuildToday } from './domain/today.js';
import { getMetas, openStore } from './store/db.js';
import { earlyRead, START_KEYS } from './store/early-read.js';
import { clearMirror, readMirror, referenceFor, writeMirror } from './store/start-mirror.js';
import { askToPersist, storageStatus } from './store/storage.js';
import { dropVoidedBytes, pendingFileBytes } from './store/files.js';
import { countRaw } from './store/raw-photos.js';
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
  today: null, // 今日's summary (domain/today.js)
  updateReady: null, // a waiting service worker, when a new version is available
  storageNearFull: false, // the app's storage is past store/storage.js NEAR_FULL of the quota
  uploads: {}, // attachment id → bytes sent in the upload running now (sync/uploads.js)
});

let db = null;
let triggers = null;
let todayDirty = true;
let lastSaved = []; // what the last save wrote (see `newCaseJustSaved`)
let todayRun = null;
let todayAgain = false;
let markBooted;
const bootDone = new Promise((resolve) => { markBooted = resolve; });

export function database() {
  return db;
}

/** After a wipe (sign-out, revoked device): a fresh, empty store. */
export async function reopen() {
  clearMirror();
  forgetDisputes();
  state.today = null;
  todayDirty = true;
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
    onProgress: (detail) => {
      state.sync.progress = detail;
      if (detail.phase === 'pull') pulledPage();
    },
  };
}

/**
 * Draw from start-up's synchronous copy (store/start-mirror.js) before IndexedDB is open; `boot`
 * then confirms or corrects it. @returns {boolean} whether there was a copy to draw from
 */
export function bootFromMirror() {
  const mirror = readMirror();
  if (!mirror) return false;
  Object.assign(state, { user: mirror.user, reference: markRaw(mirror.reference), today: markRaw(mirror.today), ready: true });
  state.sync.lastAt = mirror.last_sync_at ?? null;
  return true;
}

/** Resolves once `boot` has read IndexedDB: screens other than 今日 wait for it. */
export function booted() {
  return bootDone;
}

/** Open the local store and read the session and 今日's summary, in one transaction: enough to draw. */
export async function boot() {
  try {
    const early = await earlyRead();
    db = await openStore(undefined, early?.db);
    const [user, reference, authState, last, cursor, summary] = early?.values ?? await getMetas(db, START_KEYS);
    if (state.user && state.user.id !== user?.id) clearMirror(); // the copy was of someone no longer here
    state.user = user ?? null;
    state.reference = reference ? markRaw(reference) : null;
    state.signInAgain = authState === 'sign_in_again';
    state.revoked = globalThis.sessionStorage?.getItem('tiaojie.revoked') === '1';
    globalThis.sessionStorage?.removeItem('tiaojie.revoked');
    state.sync.lastAt = last?.at ?? null;
    state.today = user && summary?.user_id === user.id ? markRaw(summary) : null;
    todayDirty = !isCurrent(summary, user?.id, cursor);
    globalThis.addEventListener('online', () => { state.online = true; });
    globalThis.addEventListener('offline', () => { state.online = false; });
    state.ready = true;
  } finally {
    markBooted();
  }
}

/** What can wait until the first screen is drawn: counts, 今日's rebuild, the case list, sync. */
export function afterFirstScreen() {
  performance.mark('tj:after-first-screen');
  refreshCounts().catch(() => {});
  if (!state.user) return;
  if (todayDirty) refreshToday();
  else loadDisputes(db).catch(() => {});
  startSync();
  checkStorage();
  prepareLeftPhotos().catch(() => {});
}

/**
 * Photos kept raw and not yet prepared (the app was closed or crashed meanwhile) are prepared now; the code that
 * prepares them is loaded only when there are some (components/attachments/raw-photos.js).
 */
async function prepareLeftPhotos() {
  if (!(await countRaw(db))) return;
  const { prepareRawPhotos } = await import('./components/attachments/raw-photos.js');
  await prepareRawPhotos();
}

/** Ask for persistent storage (unsent edits live here) and note when the quota is near. */
export async function checkStorage() {
  await askToPersist();
  state.storageNearFull = Boolean((await storageStatus())?.nearFull);
}

/** Outbox counts for the status line. */
export async function refreshCounts() {
  if (!db) return;
  const stats = await outboxStats(db, state.user?.id ?? null);
  Object.assign(state.sync, { pending: stats.pending + stats.inflight, inflight: stats.inflight, rejected: stats.rejected, held: stats.held });
}

/** Rebuild 今日's summary now (one at a time; a request meanwhile runs once more after). */
export function refreshToday() {
  if (!db || !state.user) return Promise.resolve();
  if (todayRun) {
    todayAgain = true;
    return todayRun;
  }
  todayDirty = false;
  todayRun = (async () => {
    do {
      todayAgain = false;
      const userId = state.user.id;
      const summary = await rebuildToday(db, userId);
      if (state.user?.id !== userId) continue;
      state.today = markRaw(summary);
      writeMirror({ user: state.user, today: summary, reference: referenceFor(state.reference, summary), last_sync_at: state.sync.lastAt });
    } while (todayAgain && state.user);
  })().catch(() => { todayDirty = true; }).finally(() => { todayRun = null; });
  return todayRun;
}

/** 今日 is about to show: bring its summary up to date if anything changed since it was made. */
export function ensureToday() {
  return todayDirty || !state.today ? refreshToday() : Promise.resolve();
}

/** 今日 is rebuilt when the page is idle (or when it is shown, whichever comes first). */
function todayChanged() {
  todayDirty = true;
  const idle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 300));
  idle(() => { if (todayDirty) refreshToday(); }, { timeout: 3000 });
}

/** Records changed under the screens (a sync round, a resend): lists read again, counts refresh. */
export async function changed() {
  forgetDisputes();
  state.dataVersion += 1;
  todayChanged();
  await refreshCounts();
}

/**
 * A page of a pull is stored: lists read again, and 今日 is rebuilt at once while it has no case to show
 * (a first sync of thousands of records draws 今日 from its first page, not after the last).
 */
function pulledPage() {
  forgetDisputes();
  state.dataVersion += 1;
  if (state.today?.cases?.length) todayChanged();
  else refreshToday();
}

function touchedRecords(summary) {
  return Boolean(summary.pushed || summary.pulled || summary.conflicts || summary.rejected || summary.reset);
}

export function startSync() {
  triggers ??= startSyncTriggers({
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
      if (summary.status === 'ok') await exchangeSeen(syncContext()).catch(() => {});
      if (summary.status === 'ok') sendFiles();
      if (touchedRecords(summary)) await changed();
      else await refreshCounts();
    },
  });
  return triggers;
}

/**
 * Send the bytes of attachments the server has acknowledged, showing each file's progress. The queue's code
 * (sync/uploads.js, tus-js-client) is loaded only when bytes wait: it is used online only, outside the precache.
 */
export async function sendFiles() {
  await dropVoidedBytes(db);
  if (!(await pendingFileBytes(db))) return { status: 'ok', sent: 0, tried: 0 };
  const { uploadPending } = await import('./sync/uploads.js');
  return uploadPending(syncContext(), {
    onProgress: (id, sent) => { state.uploads[id] = sent; },
    onSettled: (id) => {
      delete state.uploads[id];
      state.dataVersion += 1;
    },
  }).then((outcome) => {
    state.uploads = {};
    if (outcome.tried) state.dataVersion += 1; // the files' confirmed offsets, as kept
    if (outcome.status === 'sign_in') state.signInAgain = true;
    return outcome;
  });
}

export function stopSync() {
  triggers?.stop();
  triggers = null;
}

/** Sync now (the button, sign-in), or soon after a save. */
export function syncNow() {
  return startSync().run();
}

/**
 * After a save on this phone: saved cases take their place in the kept list (a save of child records
 * passes `[]`; without `saved` the list is read again), screens reload, counts refresh, a sync follows.
 * @param {Array<{record: object, mutations: object[]|null}>} [saved] what the save(s) returned
 */
export function afterSave(saved) {
  lastSaved = saved ?? [];
  if (saved) noteSaved(saved);
  else forgetDisputes();
  state.dataVersion += 1;
  todayChanged();
  triggers?.afterSave();
  return refreshCounts();
}

/**
 * A case created by the last save, as the case screen reads it (store/records.js caseDetail), so the
 * screen the save opens draws at once instead of reading back what was just written. Taken once.
 * @returns {{record: object, children: object, queued: Map, notices: object[]}|null}
 */
export function newCaseJustSaved(id) {
  const created = lastSaved.some(({ mutation }) => mutation?.op === 'create' && mutation.entity === 'dispute' && mutation.id === id);
  if (!created) return null;
  const saved = lastSaved;
  lastSaved = [];
  const children = { party: [], mediation_log: [], followup: [], referral: [], attachment: [] };
  const queued = new Map();
  let record = null;
  for (const { record: row, mutations } of saved) {
    if (row.entity === 'dispute' && row.id === id) record = row;
    else if (row.dispute_id === id) children[row.entity]?.push(row);
    queued.set(`${row.entity}:${row.id}`, mutations ?? []);
  }
  return { record, children, queued, notices: [] };
}

export async function loadReference() {
  try {
    const reference = await refreshReference(syncContext());
    state.reference = reference ? markRaw(reference) : null;
  } catch {
    // offline: keep what is held
  }
}

/** Every mutation not yet acknowledged, for the attention list. */
export function mutations() {
  return allMutations(db);
}
