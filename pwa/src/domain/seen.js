/**
 * When she last looked at 今日, kept in the IndexedDB meta store (`today_seen`) and on the server
 * (PUT /api/me/today-seen keeps the latest look of all her phones). A look made offline waits in meta
 * and is sent with the next successful sync; the server's answer, if later, is adopted.
 */
import { authed } from '../sync/api.js';
import { getMeta, setMeta } from '../store/db.js';

export const SEEN_KEY = 'today_seen';

/** @returns {Promise<string|null>} the ISO time of the last look known on this phone */
export async function lastSeen(db) {
  return (await getMeta(db, SEEN_KEY))?.at ?? null;
}

/**
 * She looked now: she has seen all that had reached this phone, i.e. up to its last good sync (an item
 * made before that but pulled later is still new to her). Kept, to be sent with the next sync.
 */
export async function markSeen(db) {
  const last = await getMeta(db, 'last_sync');
  const at = last?.status === 'ok' ? last.at : null;
  const kept = await lastSeen(db);
  if (at && (!kept || kept < at)) await setMeta(db, SEEN_KEY, { at, sent: false });
}

/** Send a look not yet sent, or learn one made on another phone. @returns {Promise<string|null>} */
export async function exchangeSeen(ctx) {
  const kept = await getMeta(ctx.db, SEEN_KEY);
  const { data } = kept && !kept.sent
    ? await authed(ctx, 'PUT', '/api/me/today-seen', { body: { today_seen_at: kept.at } })
    : await authed(ctx, 'GET', '/api/me').then(({ data: me }) => ({ data: { today_seen_at: me.user.today_seen_at } }));
  const server = data.today_seen_at ? new Date(data.today_seen_at).toISOString() : null;
  const now = await getMeta(ctx.db, SEEN_KEY); // a look made while the request ran stays unsent
  if (server && (!now || now.at <= server)) await setMeta(ctx.db, SEEN_KEY, { at: server, sent: true });
  else if (now && now.at === kept?.at) await setMeta(ctx.db, SEEN_KEY, { at: now.at, sent: true });
  return [now?.at, server].filter(Boolean).sort().pop() ?? null;
}
