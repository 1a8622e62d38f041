/**
 * What start-up reads first, taken from src/early.js (which index.html runs before the main chunk):
 * the open database and the meta values the first screen needs. Used only if the database is at
 * this code's version with every store; otherwise start-up opens it the usual way (openStore).
 */
import { DB_NAME, DB_VERSION, STORES, TODAY_KEY } from './db.js';

/** What start-up reads: the session, reference data, sync status and 今日's summary. */
export const START_KEYS = ['user', 'reference', 'auth_state', 'last_sync', 'cursor', TODAY_KEY];

/** @returns {Promise<{db: IDBDatabase, values: unknown[]}|null>} */
export async function earlyRead() {
  const early = await (globalThis.__tiaojieEarly ?? null);
  globalThis.__tiaojieEarly = null;
  if (!early) return null;
  const { db, meta } = early;
  const current = db.name === DB_NAME && db.version === DB_VERSION
    && Object.values(STORES).every((name) => db.objectStoreNames.contains(name));
  if (!current || !meta) {
    db.close();
    return null;
  }
  return { db, values: START_KEYS.map((key) => meta.get(key)) };
}
