/**
 * Signing in and out. The device id is made once per browser and kept across sign-outs; the
 * outbox survives a "sign in again", and is sent only under the identity that made it.
 */
import { v7 as uuidv7 } from 'uuid';
import { getMeta, setMeta, STORES, wipe } from '../store/db.js';
import { refreshWorkingCopy } from '../store/outbox.js';
import { authed, request } from './api.js';

const DEVICE_KEY = 'tiaojie.device_id';

/** This browser's device id: IndexedDB first, then localStorage (it outlives a sign-out), else new. */
export async function deviceId(db) {
  let id = await getMeta(db, 'device_id');
  if (!id) {
    id = globalThis.localStorage?.getItem(DEVICE_KEY) || uuidv7();
    await setMeta(db, 'device_id', id);
  }
  globalThis.localStorage?.setItem(DEVICE_KEY, id);
  return id;
}

/**
 * Sign in; a different user than the last one starts from an empty local copy (their scope
 * differs), while the previous user's unsent edits stay queued, held for them.
 * @returns {Promise<object>} the user
 */
export async function signIn(ctx, { username, password }) {
  const device_id = await deviceId(ctx.db);
  const { data } = await request(ctx, 'POST', '/api/auth/login', { body: { username, password, device_id } });
  const previous = await getMeta(ctx.db, 'user');
  if (previous && previous.id !== data.user.id) await forgetRecords(ctx.db);
  await setMeta(ctx.db, 'auth', { access_token: data.access_token, refresh_token: data.refresh_token });
  await setMeta(ctx.db, 'user', data.user);
  await setMeta(ctx.db, 'auth_state', undefined);
  if (previous && previous.id !== data.user.id) await rebuildOwnWorkingCopies(ctx.db, data.user.id);
  return data.user;
}

/** Drop every record and the cursor, keep the outbox (held edits of another user). */
async function forgetRecords(db) {
  const tx = db.transaction([STORES.snapshots, STORES.records, STORES.notices, STORES.meta], 'readwrite');
  await tx.objectStore(STORES.snapshots).clear();
  await tx.objectStore(STORES.records).clear();
  await tx.objectStore(STORES.notices).clear();
  await tx.objectStore(STORES.meta).delete('cursor');
  await tx.done;
}

/** Show a returning user's own queued edits again. */
async function rebuildOwnWorkingCopies(db, userId) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const own = (await tx.objectStore(STORES.outbox).getAll()).filter((m) => m.user_id === userId);
  const seen = new Set();
  for (const mutation of own) {
    const key = `${mutation.entity}:${mutation.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await refreshWorkingCopy(tx, mutation.entity, mutation.id);
  }
  await tx.done;
}

/**
 * Sign out: tell the server (if it can be reached), then clear everything on the phone —
 * records hold personal data (PIPL). The screen warns first when edits are unsent.
 */
export async function signOut(ctx) {
  try {
    await authed(ctx, 'POST', '/api/auth/logout', { body: {} });
  } catch {
    // offline or already signed out: the local wipe is what protects the data
  }
  await wipe(ctx.db.name);
}

/** A revoked device also forgets its id: a new sign-in registers a new device. */
export async function wipeRevoked(db) {
  globalThis.localStorage?.removeItem(DEVICE_KEY);
  await wipe(db.name);
}
