/**
 * Signing in and out. A device id belongs to the user who registered it (the server refuses it
 * to anyone else with 409 device_in_use), so it lives in IndexedDB only and goes with the wipe
 * at every sign-out: the next user of a shared phone registers a fresh one. The outbox survives
 * a "sign in again", and is sent only under the identity that made it.
 */
import { v7 as uuidv7 } from 'uuid';
import { getMeta, setMeta, STORES, wipe } from '../store/db.js';
import { pendingFiles } from '../store/files.js';
import { countRaw } from '../store/raw-photos.js';
import { refreshWorkingCopy } from '../store/outbox.js';
import { ApiError, authed, request } from './api.js';

/** Where ids made before 2026-12 were also kept; removed so a wiped phone cannot bring one back. */
const OLD_DEVICE_KEY = 'tiaojie.device_id';

/** This browser's device id for the current sign-in, made on first use. */
export async function deviceId(db) {
  let id = await getMeta(db, 'device_id');
  if (!id) {
    id = uuidv7();
    await setMeta(db, 'device_id', id);
  }
  return id;
}

/** Post the sign-in; a device id registered to someone else (a session that ran out on a shared phone) is replaced once. */
async function postSignIn(ctx, username, password) {
  const body = { username, password, device_id: await deviceId(ctx.db) };
  try {
    return await request(ctx, 'POST', '/api/auth/login', { body });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'device_in_use')) throw error;
    body.device_id = uuidv7();
    const answer = await request(ctx, 'POST', '/api/auth/login', { body });
    await setMeta(ctx.db, 'device_id', body.device_id);
    return answer;
  }
}

/**
 * Sign in; a different user than the last one starts from an empty local copy (their scope
 * differs), while the previous user's unsent edits stay queued, held for them.
 * @returns {Promise<object>} the user
 */
export async function signIn(ctx, { username, password }) {
  const { data } = await postSignIn(ctx, username, password);
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
 * What a sign-out would delete that the server does not have: queued edits (every user's on this
 * phone, held ones too), drafts, and photos and signatures whose bytes are not uploaded (photos still kept as the
 * camera gave them among them).
 * @returns {Promise<{edits: number, drafts: number, files: number}>}
 */
export async function countUnsent(db) {
  const tx = db.transaction([STORES.outbox, STORES.drafts]);
  const [edits, drafts, files, raw] = await Promise.all([tx.objectStore(STORES.outbox).count(), tx.objectStore(STORES.drafts).count(),
    pendingFiles(db), countRaw(db)]);
  return { edits, drafts, files: files.length + raw };
}

/**
 * The unsent edits and drafts as one JSON document for the user to keep in a file before a sign-out
 * deletes them (no tokens, no device id: only what was typed and queued).
 */
export async function unsentExport(db, user) {
  const tx = db.transaction([STORES.outbox, STORES.drafts]);
  const [mutations, drafts] = await Promise.all([tx.objectStore(STORES.outbox).getAll(), tx.objectStore(STORES.drafts).getAll()]);
  return {
    kind: 'tiaojie-unsent', exported_at: new Date().toISOString(),
    user: user ? { id: user.id, username: user.username, display_name: user.display_name } : null,
    mutations: mutations.map(({ mutation_id, entity, id, op, base_version, changes, client_time, user_id, state, errors }) => ({
      mutation_id, entity, id, op, base_version, changes, client_time, user_id, state, errors })),
    drafts: drafts.map(({ user_id, form, route, title, values, saved_at }) => ({ user_id, form, route, title, values, saved_at })),
  };
}

/**
 * Sign out: tell the server (if it can be reached), then clear everything on the phone —
 * records hold personal data (PIPL) — the device id included. The screen first offers to send
 * or save to a file whatever `countUnsent` finds, and asks for a typed confirmation (Settings.vue).
 */
export async function signOut(ctx) {
  try {
    await authed(ctx, 'POST', '/api/auth/logout', { body: {} });
  } catch {
    // offline or already signed out: the local wipe is what protects the data
  }
  await wipeWithDeviceId(ctx.db);
}

/** A revoked device also forgets its id: a new sign-in registers a new device. */
export async function wipeRevoked(db) {
  await wipeWithDeviceId(db);
}

async function wipeWithDeviceId(db) {
  globalThis.localStorage?.removeItem(OLD_DEVICE_KEY);
  await wipe(db.name);
}
