/**
 * This phone's attachments (docs/attachments.md): the record goes through the outbox like every record;
 * its bytes wait here, as an ArrayBuffer, until the server has them all, then are dropped (the thumbnail
 * stays for lists). Two stores: `files` (upload state and thumbnail, small: lists read it) and
 * `file_bytes` (the bytes, read only to upload).
 *
 * A file row: {id, dispute_id, user_id, kind, mime_type, byte_size, sha256, thumb, saved_at,
 *   begun (the server answered the upload's creation), sent (bytes the server confirmed),
 *   uploaded_at, refused (the server's error code when it refused the bytes)}.
 */
import { STORES } from './db.js';
import { enqueueCreates } from './outbox.js';

/**
 * Save a capture: the attachment's create in the outbox, its working copy, its file row and its bytes,
 * in one transaction (a photo is never saved without its record, nor a record without its bytes), with
 * `also`'s writes (the deletes of the raw photo it was prepared from: store/raw-photos.js rawDeletes).
 * @param {{id: string, values: object, bytes: ArrayBuffer, thumb: ArrayBuffer|null}} capture
 * @returns {Promise<{mutation: object, record: object, mutations: object[]}>}
 */
export async function saveCapture(db, { id, values, bytes, thumb }, userId, now = new Date(), also = []) {
  const file = {
    id, dispute_id: values.dispute_id, user_id: userId, kind: values.kind, mime_type: values.mime_type,
    byte_size: values.byte_size, sha256: values.sha256, thumb, saved_at: now.toISOString(),
    begun: false, sent: 0, uploaded_at: null, refused: null,
  };
  const [saved] = await enqueueCreates(db, [{ entity: 'attachment', id, changes: values }], userId, now, [
    { store: STORES.files, value: file },
    { store: STORES.fileBytes, value: { id, bytes } },
    ...also,
  ]);
  return saved;
}

/** The file rows of one case (thumbnails and upload state, no bytes). */
export function filesOfCase(db, disputeId) {
  return db.getAllFromIndex(STORES.files, 'dispute_id', disputeId);
}

/** Every file row on the phone. */
export function allFiles(db) {
  return db.getAll(STORES.files);
}

/** The bytes of one file, or null once uploaded. */
export async function fileBytes(db, id) {
  return (await db.get(STORES.fileBytes, id))?.bytes ?? null;
}

/** Change a file row (upload progress, begun, refused). */
export async function updateFile(db, id, patch) {
  const tx = db.transaction(STORES.files, 'readwrite');
  const row = await tx.store.get(id);
  if (row) await tx.store.put({ ...row, ...patch });
  await tx.done;
  return row ? { ...row, ...patch } : null;
}

/** The server has every byte and accepted them: drop the bytes, keep the row and its thumbnail. */
export async function markUploaded(db, id, now = new Date()) {
  const tx = db.transaction([STORES.files, STORES.fileBytes], 'readwrite');
  const row = await tx.objectStore(STORES.files).get(id);
  if (row) await tx.objectStore(STORES.files).put({ ...row, sent: row.byte_size, uploaded_at: now.toISOString(), refused: null });
  await tx.objectStore(STORES.fileBytes).delete(id);
  await tx.done;
}

/** The ids of this phone's files whose attachment is voided, here (a void queued) or on the server. */
export async function voidedFileIds(db) {
  const tx = db.transaction([STORES.files, STORES.records]);
  const ids = await tx.objectStore(STORES.files).getAllKeys();
  const records = await Promise.all(ids.map((id) => tx.objectStore(STORES.records).get(['attachment', id])));
  await tx.done;
  return new Set(ids.filter((_, index) => records[index]?.voided_at));
}

/** Files whose bytes the server still lacks and still wants: not uploaded, not voided. */
export async function pendingFiles(db) {
  const [rows, voided] = await Promise.all([db.getAll(STORES.files), voidedFileIds(db)]);
  return rows.filter((row) => !row.uploaded_at && !voided.has(row.id));
}

/** Bytes still only on this phone (every user's: they are the phone's, as the outbox count is). */
export async function pendingFileBytes(db) {
  return (await pendingFiles(db)).reduce((sum, row) => sum + row.byte_size - (row.sent ?? 0), 0);
}

/**
 * Drop the bytes of voided attachments once the server has the void (none left in the outbox): they are never
 * sent. While the void waits they are kept, so a void the server refuses and the mediator gives up loses nothing.
 */
export async function dropVoidedBytes(db) {
  const voided = await voidedFileIds(db);
  if (!voided.size) return 0;
  const tx = db.transaction([STORES.outbox, STORES.fileBytes], 'readwrite');
  const waiting = new Set((await tx.objectStore(STORES.outbox).getAll()).filter((m) => m.op === 'void').map((m) => m.id));
  const gone = [...voided].filter((id) => !waiting.has(id));
  await Promise.all([...gone.map((id) => tx.objectStore(STORES.fileBytes).delete(id)), tx.done]);
  return gone.length;
}
