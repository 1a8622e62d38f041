/**
 * Drafts: every form's values saved to IndexedDB as they are typed, per user and form, so a back
 * arrow, a reload or a closed tab loses nothing. A draft goes when its form is saved or dropped.
 * Screens use them through `useDraft` (store/use-draft.js).
 */
import { toRaw } from 'vue';
import { STORES } from './db.js';

/** A plain copy a structured clone takes (reactive proxies are not cloneable). */
export function plain(values) {
  return JSON.parse(JSON.stringify(toRaw(values)));
}

/** Lay saved values over a form: nested objects filled in place (a screen may hold them in consts), the rest replaced. */
export function fill(target, values) {
  for (const [name, value] of Object.entries(values)) {
    const current = target[name];
    const nested = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (nested(current) && nested(value)) fill(current, value);
    else target[name] = value;
  }
}

/** @param {import('idb').IDBPDatabase} db @param {{key: string, user_id: number, form: string, route: string, title?: string, values: object}} draft */
export function saveDraft(db, draft) {
  return db.put(STORES.drafts, { ...draft, values: plain(draft.values), saved_at: new Date().toISOString() });
}

/** @returns {Promise<object|undefined>} */
export function loadDraft(db, key) {
  return db.get(STORES.drafts, key);
}

export function dropDraft(db, key) {
  return db.delete(STORES.drafts, key);
}

/** This user's drafts, newest first. @returns {Promise<object[]>} */
export async function listDrafts(db, userId) {
  const drafts = await db.getAllFromIndex(STORES.drafts, 'user_id', userId);
  return drafts.sort((a, b) => b.saved_at.localeCompare(a.saved_at));
}
