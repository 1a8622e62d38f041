/**
 * The upload queue: after a sync round has pushed the records, send the bytes of every acknowledged
 * attachment, one file at a time, each resumed from the server's offset. It runs in the page: the
 * service worker's Background Sync sends records only (tus-js-client would weigh on its first visit,
 * and a worker cannot load code on demand); the page resumes the bytes when it next opens. Loaded on demand
 * (app-state.js sendFiles), online only.
 */
import { getMeta, setMeta } from '../store/db.js';
import { allFiles, fileBytes, markUploaded, updateFile, voidedFileIds } from '../store/files.js';
import { allMutations } from '../store/outbox.js';
import { backoffDelay, isOffline, refreshAccess, SignInRequired } from './api.js';
import { afterFailure, uploadable } from './upload-queue.js';

/** Tries of one file in one run before the queue waits for the next sync round. */
const TRIES = 3;
const LOCK_NAME = 'tiaojie-uploads';

let running = null;

/**
 * Send what waits, unless a run is already going (then that run's promise).
 * @param {object} ctx the sync context (db, base, fetch, sleep; sendFile replaces sync/uploader.js in tests)
 * @param {{onProgress?: (id: string, sent: number) => void, onSettled?: (id: string) => void}} [hooks]
 * @returns {Promise<{status: 'ok'|'offline'|'later'|'sign_in'|'signed_out'|'busy', sent: number, tried: number}>}
 */
export function uploadPending(ctx, hooks = {}) {
  running ??= exclusive(() => drain(ctx, hooks)).finally(() => { running = null; });
  return running;
}

/** One tab uploads at a time (a second one would only meet 423 upload_busy). */
function exclusive(run) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return run();
  return locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? run() : { status: 'busy', sent: 0, tried: 0 }));
}

async function drain(ctx, hooks) {
  const outcome = { status: 'ok', sent: 0, tried: 0 };
  const user = await getMeta(ctx.db, 'user');
  if (!user) return { ...outcome, status: 'signed_out' };
  const tries = new Map();
  for (;;) {
    if (isOffline()) return { ...outcome, status: 'offline' };
    const [file] = uploadable(await allFiles(ctx.db), await allMutations(ctx.db), user.id, await voidedFileIds(ctx.db));
    if (!file) return outcome;
    const bytes = await fileBytes(ctx.db, file.id);
    if (!bytes) { // the bytes are gone (an older app dropped them): nothing to send
      await updateFile(ctx.db, file.id, { refused: 'bytes_missing' });
      continue;
    }
    outcome.tried += 1;
    try {
      await sendWithToken(ctx, file, bytes, hooks);
      await markUploaded(ctx.db, file.id);
      outcome.sent += 1;
      settled(hooks, file.id);
      continue;
    } catch (failure) {
      if (failure instanceof SignInRequired) return { ...outcome, status: 'sign_in' };
      const decision = afterFailure(failure);
      if (decision.uploaded) await markUploaded(ctx.db, file.id);
      else if (decision.patch) await updateFile(ctx.db, file.id, decision.patch);
      if (decision.next === 'sign_in') {
        await setMeta(ctx.db, 'auth_state', 'sign_in_again');
        return { ...outcome, status: 'sign_in' };
      }
      if (decision.next === 'later') {
        const tried = (tries.get(file.id) ?? 0) + 1;
        tries.set(file.id, tried);
        if (tried >= TRIES || isOffline()) return { ...outcome, status: 'later' };
        await (ctx.sleep ?? defaultSleep)(backoffDelay(tried - 1, ctx.backoff));
      }
      if (decision.next === 'again' && (tries.get(file.id) ?? 0) >= TRIES) return { ...outcome, status: 'later' };
      if (decision.next === 'again') tries.set(file.id, (tries.get(file.id) ?? 0) + 1);
      if (decision.next === 'skip') settled(hooks, file.id);
    }
  }
}

/** One attempt with the stored token; an expired one is renewed once. */
async function sendWithToken(ctx, file, bytes, hooks) {
  const sendFile = ctx.sendFile ?? (await import('./uploader.js')).sendFile; // ctx.sendFile: a test's stand-in
  const attempt = async (token) => {
    let begun = file.begun;
    return sendFile(ctx, file, bytes, {
      token,
      onBegun: () => {
        if (!begun) updateFile(ctx.db, file.id, { begun: true });
        begun = true;
      },
      onProgress: (sent) => hooks.onProgress?.(file.id, sent),
      onAccepted: (offset) => { updateFile(ctx.db, file.id, { sent: offset, begun: true }); },
    }).finally(() => { file = { ...file, begun }; });
  };
  const auth = await getMeta(ctx.db, 'auth');
  if (!auth?.access_token) throw new SignInRequired('no_token');
  try {
    return await attempt(auth.access_token);
  } catch (failure) {
    if (failure?.status !== 401 || failure.code !== 'token_expired') throw failure;
    return attempt(await refreshAccess(ctx, auth));
  }
}

function settled(hooks, id) {
  try {
    hooks.onSettled?.(id);
  } catch {
    // a broken listener must not stop the queue
  }
}

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
