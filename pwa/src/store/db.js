/**
 * The one place IndexedDB is opened. The upgrade ladder is cumulative, like the server's
 * Alembic migrations: each step runs once, in order, for a phone coming from any older version.
 */
import { deleteDB, openDB, wrap } from 'idb';

export const DB_NAME = 'tiaojie';
export const DB_VERSION = 4;

/** Object store names, in one place so a typo is a crash at import, not a silent miss. */
export const STORES = Object.freeze({
  snapshots: 'snapshots', // the server's flat form of each record, keyed [entity, id]
  records: 'records', // working copies: snapshot + pending changes, what screens read
  outbox: 'outbox', // mutations not yet acknowledged, ordered by an auto-increment seq
  notices: 'notices', // conflicts and other events shown to the mediator
  meta: 'meta', // cursor, device id, tokens, user, reference data and its ETag
  drafts: 'drafts', // half-filled forms, saved as typed (store/drafts.js), keyed `user:form`
  files: 'files', // this phone's attachments: upload state and a thumbnail, keyed by the attachment's id (store/files.js)
  fileBytes: 'file_bytes', // their bytes as ArrayBuffers (Blobs fail on some WebKit builds) until the server has them
  rawPhotos: 'raw_photos', // photos as the camera gave them, kept before they are prepared (store/raw-photos.js); never synced
  rawPhotoBytes: 'raw_photo_bytes', // their original bytes (EXIF and location included: they never leave the phone)
});

/** The meta key of 今日's summary (domain/today.js), read at start-up. */
export const TODAY_KEY = 'today';

/** @param {import('idb').IDBPDatabase} db @param {number} oldVersion */
export function upgrade(db, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore(STORES.snapshots, { keyPath: ['entity', 'id'] });
    const records = db.createObjectStore(STORES.records, { keyPath: ['entity', 'id'] });
    records.createIndex('entity', 'entity');
    records.createIndex('dispute_id', 'dispute_id');
    const outbox = db.createObjectStore(STORES.outbox, { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('record', ['entity', 'id']);
    outbox.createIndex('mutation_id', 'mutation_id', { unique: true });
    const notices = db.createObjectStore(STORES.notices, { keyPath: 'key', autoIncrement: true });
    notices.createIndex('record', ['entity', 'id']);
    db.createObjectStore(STORES.meta);
  }
  if (oldVersion < 2) {
    const drafts = db.createObjectStore(STORES.drafts, { keyPath: 'key' });
    drafts.createIndex('user_id', 'user_id');
  }
  if (oldVersion < 3) {
    const files = db.createObjectStore(STORES.files, { keyPath: 'id' });
    files.createIndex('dispute_id', 'dispute_id');
    db.createObjectStore(STORES.fileBytes, { keyPath: 'id' });
  }
  if (oldVersion < 4) {
    const raw = db.createObjectStore(STORES.rawPhotos, { keyPath: 'id' });
    raw.createIndex('dispute_id', 'dispute_id');
    db.createObjectStore(STORES.rawPhotoBytes, { keyPath: 'id' });
  }
  // if (oldVersion < 5) { … } — the next step goes here; never edit a step that has shipped.
}

const handles = new Map();

/**
 * The database, opened once per name. A newer tab asking for a higher version makes this
 * one close its handle, so the upgrade is never blocked by an old tab.
 * @param {string} [name]
 * @param {IDBDatabase} [opened] a handle already open at DB_VERSION (start-up's early read)
 * @returns {Promise<import('idb').IDBPDatabase>}
 */
export function openStore(name = DB_NAME, opened = null) {
  if (!handles.has(name)) {
    const opening = opened ? Promise.resolve(adopt(name, opened)) : openDB(name, DB_VERSION, {
      upgrade,
      blocking() {
        opening.then((db) => db.close());
        handles.delete(name);
      },
      terminated() {
        handles.delete(name);
      },
    });
    handles.set(name, opening);
  } else if (opened) {
    opened.close();
  }
  return handles.get(name);
}

/** Take over a handle opened without idb, with the same close-on-upgrade behaviour. */
function adopt(name, raw) {
  raw.addEventListener('versionchange', () => {
    raw.close();
    handles.delete(name);
  });
  raw.addEventListener('close', () => handles.delete(name));
  return wrap(raw);
}

/** Remove every local record, mutation and token (sign-out, revoked device). */
export async function wipe(name = DB_NAME) {
  const opening = handles.get(name);
  handles.delete(name);
  if (opening) (await opening).close();
  await deleteDB(name);
}

/** @param {import('idb').IDBPDatabase} db @param {string} key */
export function getMeta(db, key) {
  return db.get(STORES.meta, key);
}

/** Several meta values in one transaction (start-up reads them all at once). @returns {Promise<unknown[]>} */
export function getMetas(db, keys) {
  const store = db.transaction(STORES.meta).store;
  return Promise.all(keys.map((key) => store.get(key)));
}

/** @param {import('idb').IDBPDatabase} db @param {string} key @param {unknown} value */
export function setMeta(db, key, value) {
  return value === undefined ? db.delete(STORES.meta, key) : db.put(STORES.meta, value, key);
}
