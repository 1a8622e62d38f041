/**
 * The last few addresses/places this user typed, newest first, kept in IndexedDB `meta` per user so a
 * shared phone does not offer one mediator's places to another.
 */
import { getMeta, setMeta } from './db.js';

export const RECENT_LIMIT = 8;

const key = (userId) => `recent_places:${userId ?? 'anon'}`;

/** @returns {Promise<string[]>} */
export async function recentPlaces(db, userId) {
  return (await getMeta(db, key(userId))) ?? [];
}

/** Put the typed places first (trimmed, de-duplicated), keep at most RECENT_LIMIT. */
export async function rememberPlaces(db, userId, places) {
  const fresh = places.map((p) => (p ?? '').trim()).filter(Boolean);
  if (!fresh.length) return recentPlaces(db, userId);
  const merged = [...new Set([...fresh, ...(await recentPlaces(db, userId))])].slice(0, RECENT_LIMIT);
  await setMeta(db, key(userId), merged);
  return merged;
}
