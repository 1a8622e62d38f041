/**
 * Photos kept as the camera gave them, before they are prepared (docs/attachments.md): picking a photo writes
 * its original bytes here at once, so it is saved in the time of one IndexedDB write rather than after a decode
 * and an encode; the photo worker prepares it after, and store/files.js saveCapture deletes it in the same
 * transaction that keeps the prepared photo (`rawDeletes`), so a photo is never lost nor kept twice. Nothing here
 * is synced or uploaded: the original, its EXIF and location with it, never leaves the phone.
 *
 * Two stores, as for files: `raw_photos` (what finishing needs, small: the case's list reads it) and
 * `raw_photo_bytes` (the original as an ArrayBuffer: Blobs fail on some WebKit builds).
 *
 * A raw row: {id (the attachment's id to be), dispute_id, user_id, kind, taken_at, parent_entity, parent_id,
 *   caption, mime_type, byte_size, saved_at, unreadable (the photo could not be decoded: shown, never dropped)}.
 */
import { STORES } from './db.js';

/**
 * Keep a photo's original and what is needed to finish it, in one transaction.
 * @param {{id: string, dispute_id: string, user_id: number, kind: string, taken_at: string, parent_entity?: string,
 *   parent_id?: string, caption?: string, mime_type: string}} photo
 * @param {ArrayBuffer} bytes
 */
export async function keepRaw(db, photo, bytes, now = new Date()) {
  const row = {
    parent_entity: null, parent_id: null, caption: '', ...photo,
    byte_size: bytes.byteLength, saved_at: now.toISOString(), unreadable: false,
  };
  const tx = db.transaction([STORES.rawPhotos, STORES.rawPhotoBytes], 'readwrite');
  await Promise.all([tx.objectStore(STORES.rawPhotos).put(row), tx.objectStore(STORES.rawPhotoBytes).put({ id: row.id, bytes }), tx.done]);
  return row;
}

/** The raw photos of one case (no bytes). */
export function rawOfCase(db, disputeId) {
  return db.getAllFromIndex(STORES.rawPhotos, 'dispute_id', disputeId);
}

/** How many raw photos the phone holds (start-up asks before loading the code that prepares them). */
export function countRaw(db) {
  return db.count(STORES.rawPhotos);
}

/** The next raw photo of this user to prepare: the oldest readable one not in `skip`, or null. */
export async function nextRaw(db, userId, skip = new Set()) {
  const rows = (await db.getAll(STORES.rawPhotos)).filter((row) => row.user_id === userId && !row.unreadable && !skip.has(row.id));
  rows.sort((a, b) => (a.saved_at === b.saved_at ? (a.id < b.id ? -1 : 1) : (a.saved_at < b.saved_at ? -1 : 1)));
  return rows[0] ?? null;
}

/** The original bytes of a raw photo, or null once it is prepared or discarded. */
export async function rawBytes(db, id) {
  return (await db.get(STORES.rawPhotoBytes, id))?.bytes ?? null;
}

/** Mark a raw photo unreadable (or readable again, to retry). */
export async function markUnreadable(db, id, unreadable = true) {
  const tx = db.transaction(STORES.rawPhotos, 'readwrite');
  const row = await tx.store.get(id);
  if (row) await tx.store.put({ ...row, unreadable });
  await tx.done;
}

/** Drop a raw photo: the mediator discarded it, or it was refused by the caps once prepared. */
export async function discardRaw(db, id) {
  const tx = db.transaction([STORES.rawPhotos, STORES.rawPhotoBytes], 'readwrite');
  await Promise.all([tx.objectStore(STORES.rawPhotos).delete(id), tx.objectStore(STORES.rawPhotoBytes).delete(id), tx.done]);
}

/** The deletes that go with the save of a raw photo once prepared (saveCapture's `also`). */
export function rawDeletes(id) {
  return [{ store: STORES.rawPhotos, delete: id }, { store: STORES.rawPhotoBytes, delete: id }];
}
