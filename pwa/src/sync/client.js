/**
 * The sync client (sync-protocol.md §3, §6, §7): push the outbox in order, in batches, then pull
 * until the server has nothing more. The same module runs in the page and in the service worker;
 * a Web Lock keeps two of them from syncing at once.
 */
import { isDeskUser } from '../domain/roles.js';
import { getMeta, setMeta, STORES, wipe } from '../store/db.js';
import { pendingFileBytes } from '../store/files.js';
import { claimBatch, outboxStats, pushable, settle } from '../store/outbox.js';
import { applyEvictions, applyPulled, dropSnapshots, sweepAfterReset } from '../store/records.js';
import { ApiError, authed, DeviceRevoked, isOffline, isTransient, NetworkError, SignInRequired, withRetry } from './api.js';

export const MAX_BATCH = 500;
export const PULL_LIMIT = 500;
const MAX_RESETS_PER_RUN = 2;

/**
 * @typedef {object} SyncContext
 * @property {import('idb').IDBPDatabase} db
 * @property {typeof fetch} fetch
 * @property {string} [base] URL prefix of the API ('' in the browser)
 * @property {string} [appVersion]
 * @property {(ms: number) => Promise<void>} [sleep]
 * @property {number} [retries]
 * @property {(progress: object) => void} [onProgress]
 * @property {() => Promise<void>} [wipe] how to wipe local data on a revoked device
 */

/**
 * One full sync round. Never throws: the outcome says what happened, for the status line.
 * @param {SyncContext} ctx
 * @returns {Promise<{status: 'ok'|'offline'|'error'|'sign_in_again'|'revoked'|'signed_out'|'busy', pushed: number, conflicts: number, rejected: number, pulled: number, reset: boolean, error?: string}>}
 */
export async function syncOnce(ctx) {
  const summary = { status: 'ok', pushed: 0, conflicts: 0, rejected: 0, pulled: 0, reset: false };
  const user = await getMeta(ctx.db, 'user');
  if (!user) return { ...summary, status: 'signed_out' };
  if ((await getMeta(ctx.db, 'auth_state')) === 'sign_in_again') return { ...summary, status: 'sign_in_again' };
  if (isOffline()) return { ...summary, status: 'offline' };
  try {
    await push(ctx, user, summary);
    if (isDeskUser(user)) await keepNoCaseData(ctx.db);
    else await pull(ctx, summary);
    await setMeta(ctx.db, 'last_sync', { at: new Date().toISOString(), status: 'ok' });
  } catch (error) {
    Object.assign(summary, await outcomeOf(ctx, error));
    if (summary.status !== 'revoked') {
      const previous = (await getMeta(ctx.db, 'last_sync')) ?? {};
      await setMeta(ctx.db, 'last_sync', { ...previous, failed_at: new Date().toISOString(), status: summary.status });
    }
  }
  return summary;
}

async function outcomeOf(ctx, error) {
  if (error instanceof DeviceRevoked) {
    await (ctx.wipe ?? (() => wipe(ctx.db.name)))();
    return { status: 'revoked' };
  }
  if (error instanceof SignInRequired) {
    await setMeta(ctx.db, 'auth_state', 'sign_in_again');
    return { status: 'sign_in_again', error: error.code };
  }
  if (error instanceof NetworkError) return { status: 'offline' };
  if (error instanceof ApiError) return { status: 'error', error: error.code };
  return { status: 'error', error: String(error?.message ?? error) };
}

/**
 * Send this user's outbox, oldest first, in batches. A 413 halves the batch. A batch the server fails
 * on (5xx) is split in halves, at once, until the mutation that fails alone is found; that one is
 * quarantined (`server_error`) and the rest keeps flowing — but only when the server shows it works
 * (another push of this round went through, or an empty push does): a server that is down blames no
 * edit. At most one edit is blamed per successful push, so a server failing on every edit
 * quarantines one per round, not the outbox.
 */
async function push(ctx, user, summary) {
  const deviceId = await getMeta(ctx.db, 'device_id');
  let fits = MAX_BATCH; // what the server's size limit lets through (413)
  let split = MAX_BATCH; // the half being tried while a failing batch is bisected (5xx)
  let vouched = false; // a push went through since the last edit was blamed
  let blamed = 0;
  for (let round = 0; round < 10000; round += 1) {
    const batch = await claimBatch(ctx.db, user.id, Math.min(fits, split));
    if (!batch.length) return;
    let data;
    try {
      data = await send(ctx, deviceId, user.id, batch);
    } catch (error) {
      if (error instanceof ApiError && error.status === 413 && batch.length > 1) {
        fits = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      if (error instanceof ApiError && error.status === 413) {
        await quarantine(ctx, batch[0], 'too_large', error.message, summary);
        continue;
      }
      if (!isServerFailure(error)) throw error;
      if (batch.length > 1) {
        split = Math.ceil(batch.length / 2);
        continue;
      }
      if (!vouched && (blamed || !(await serverWorks(ctx, deviceId, user.id)))) throw error;
      await quarantine(ctx, batch[0], 'server_error', error.message, summary);
      vouched = false;
      blamed += 1;
      split = MAX_BATCH;
      continue;
    }
    vouched = true;
    const byId = new Map((data?.results ?? []).map((result) => [result.mutation_id, result]));
    let answered = 0;
    for (const mutation of batch) {
      const result = byId.get(mutation.mutation_id);
      if (!result) continue; // unanswered: stays in flight, resent next round
      const outcome = await settle(ctx.db, mutation, result);
      if (outcome === 'unknown') continue; // a status this version does not know: kept in flight, like an unanswered one
      answered += 1;
      if (outcome === 'rejected') summary.rejected += 1;
      else if (outcome === 'conflict') summary.conflicts += 1;
      if (outcome !== 'rejected') summary.pushed += 1;
      progress(ctx, { phase: 'push', done: summary.pushed + summary.rejected });
    }
    if (!answered) throw new ApiError(502, 'no_results', 'the server settled no mutation of the batch');
  }
}

/** One push. A failing batch of several is split at once (its halves are retried anyway); one alone is retried. */
async function send(ctx, deviceId, userId, batch) {
  const body = { device_id: deviceId, device: await deviceHealth(ctx, userId), mutations: batch.map(toWire) };
  const retryable = batch.length > 1 ? (error) => isTransient(error) && !isServerFailure(error) : isTransient;
  const { data } = await withRetry(ctx, () => authed(ctx, 'POST', '/api/sync/push', { body }), retryable);
  return data;
}

function isServerFailure(error) {
  return error instanceof ApiError && error.status >= 500;
}

/** Whether the server answers a push at all: an empty one (it also carries the health report). */
async function serverWorks(ctx, deviceId, userId) {
  try {
    await send(ctx, deviceId, userId, []);
    return true;
  } catch (error) {
    if (isServerFailure(error) || error instanceof NetworkError) return false;
    throw error;
  }
}

async function quarantine(ctx, mutation, code, message, summary) {
  await settle(ctx.db, mutation, { status: 'rejected', error_code: code, errors: { _mutation: [message] } });
  summary.rejected += 1;
}

/** The wire form of a mutation (sync-protocol.md §3): local bookkeeping stays on the phone. */
export function toWire(mutation) {
  const { mutation_id, entity, id, op, base_version, changes, client_time } = mutation;
  return { mutation_id, entity, id, op, base_version, changes, client_time };
}

/** The device's health report the server keeps for supervisors. */
export async function deviceHealth(ctx, userId) {
  const stats = await outboxStats(ctx.db, userId);
  let storageUsed = null;
  try {
    const estimate = await globalThis.navigator?.storage?.estimate?.();
    storageUsed = estimate?.usage ?? null;
  } catch {
    storageUsed = null;
  }
  return {
    app_version: ctx.appVersion ?? 'dev',
    outbox_size: stats.total,
    oldest_pending: stats.oldest,
    storage_used_bytes: storageUsed,
    pending_attachment_bytes: await pendingFileBytes(ctx.db),
  };
}

/**
 * The desk is online only (domain/roles.js): it never pulls, and what an older version pulled is
 * dropped; only working copies of its own unsent edits stay until they are answered.
 */
async function keepNoCaseData(db) {
  await dropSnapshots(db);
  await sweepAfterReset(db);
  await setMeta(db, 'cursor', undefined);
}

/**
 * Pull from the stored cursor until `has_more` is false; a `reset` re-pulls from the start. The next page
 * is asked for while this one is stored (its cursor is in the answer), so the line and the phone's
 * storage work at once; the cursor is kept only once its page is stored.
 */
async function pull(ctx, summary) {
  let cursor = await getMeta(ctx.db, 'cursor');
  let resetting = Boolean(await getMeta(ctx.db, 'resetting'));
  let resets = 0;
  let asked = pullPage(ctx, cursor);
  for (;;) {
    const data = await asked;
    if (data.reset) {
      if (resets >= MAX_RESETS_PER_RUN) throw new ApiError(500, 'reset_loop', 'the server keeps asking for a reset');
      resets += 1;
      summary.reset = true;
      resetting = true;
      cursor = null;
      await dropSnapshots(ctx.db);
      await setMeta(ctx.db, 'resetting', true);
      await setMeta(ctx.db, 'cursor', undefined);
      asked = pullPage(ctx, cursor);
      continue;
    }
    cursor = data.cursor ?? cursor;
    if (data.has_more) {
      asked = pullPage(ctx, cursor);
      asked.catch(() => {}); // awaited on the next turn; a failure while this page is stored is not unhandled
    }
    summary.pulled += await applyPulled(ctx.db, data.records ?? []);
    await applyEvictions(ctx.db, data.evictions);
    await setMeta(ctx.db, 'cursor', cursor);
    progress(ctx, { phase: 'pull', done: summary.pulled });
    if (!data.has_more) break;
  }
  if (resetting) {
    await sweepAfterReset(ctx.db);
    await setMeta(ctx.db, 'resetting', undefined);
  }
}

async function pullPage(ctx, cursor) {
  const query = new URLSearchParams({ limit: String(PULL_LIMIT) });
  if (cursor) query.set('cursor', cursor);
  return jsonOf((await withRetry(ctx, () => authed(ctx, 'GET', `/api/sync/pull?${query}`))).data);
}

/**
 * The body of an answer that must carry one. A 200 that is not JSON (a captive portal's sign-in page)
 * is no answer: the round fails instead of reading it as an empty page or as empty reference data.
 */
function jsonOf(data) {
  if (!data) throw new ApiError(502, 'not_json', 'the answer is not JSON');
  return data;
}

function progress(ctx, detail) {
  try {
    ctx.onProgress?.(detail);
  } catch {
    // a broken listener must not stop a sync
  }
}

/**
 * Reference data (areas, committees, mediators, enum labels) with its ETag: a 304 costs nothing.
 * @returns {Promise<object|null>} the reference data now held
 */
export async function refreshReference(ctx) {
  const held = await getMeta(ctx.db, 'reference');
  const etag = await getMeta(ctx.db, 'reference_etag');
  const headers = held && etag ? { 'If-None-Match': etag } : {};
  const { status, data, headers: answer } = await withRetry(ctx, () => authed(ctx, 'GET', '/api/reference', { headers }));
  if (status === 304) return held;
  await setMeta(ctx.db, 'reference', jsonOf(data));
  await setMeta(ctx.db, 'reference_etag', answer.get('ETag') ?? undefined);
  return data;
}

/**
 * Whether the signed-in user's edits wait to be sent (for Background Sync registration). A
 * quarantined edit waits for the mediator and another user's for that user: neither asks for a
 * sync, or every round would register the next one at once.
 */
export async function hasPending(db) {
  const user = await getMeta(db, 'user');
  return Boolean(user) && (await pushable(db, user.id)).length > 0;
}
