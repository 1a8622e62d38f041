/**
 * Which attachment bytes to send, and what to do after a failure (docs/attachments.md "Bytes"): pure
 * decisions, so they are tested without a browser. The sending itself is sync/uploader.js (tus-js-client).
 *
 * The bytes of an attachment follow its record: they are sent only once the server has acknowledged the
 * record's create (else the upload's creation is 404: the record must exist), by the user who took them.
 * An upload the server has begun is always resumed (HEAD, then PATCH from the server's offset): it is
 * never created again, which would start its bytes from zero — unless the server says it holds none.
 */

/** Bytes per PATCH: a cut connection loses at most this much; small enough for a slow line to finish one. */
export const CHUNK_BYTES = 256 * 1024;

/** The tus endpoint and one upload's URL, which the server names after the attachment (deterministic). */
export const UPLOADS_PATH = '/api/uploads/';

/**
 * The files to send now, oldest first: bytes still on the phone, not refused, not voided, taken by `userId`, whose
 * record's create the server has answered (no create of it left in the outbox, sent, pending or rejected).
 * @param {object[]} files rows of store/files.js @param {object[]} mutations the outbox
 * @param {Set<string>} [voided] ids of voided attachments (store/files.js voidedFileIds)
 */
export function uploadable(files, mutations, userId, voided = new Set()) {
  const unacknowledged = new Set(mutations.filter((m) => m.entity === 'attachment' && m.op === 'create').map((m) => m.id));
  return files
    .filter((f) => !f.uploaded_at && !f.refused && f.user_id === userId && !unacknowledged.has(f.id) && !voided.has(f.id))
    .sort((a, b) => (a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0));
}

/**
 * Where tus-js-client starts: an upload the server has begun is resumed from its URL (HEAD gives the
 * offset), with no endpoint, so a failed HEAD is an error and never a fresh creation; otherwise it is
 * created at the endpoint.
 * @returns {{uploadUrl: string}|{endpoint: string}}
 */
export function tusTarget(file, base = '') {
  return file.begun ? { uploadUrl: `${base}${UPLOADS_PATH}${file.id}` } : { endpoint: `${base}${UPLOADS_PATH}` };
}

/**
 * What a failed upload means (status and error code of the server's answer; status 0: no answer).
 * `patch` is applied to the file row; `next` says what the queue does:
 * - `again`: try this file again at once (the server holds none of its bytes: create it anew);
 * - `skip`: go on with the next file (this one is settled or refused);
 * - `sign_in`: the token could not be renewed; stop;
 * - `later`: the network or the server is failing; stop until the next sync round.
 * @param {{status: number, code?: string}} failure
 * @returns {{next: 'again'|'skip'|'sign_in'|'later', patch?: object, uploaded?: boolean}}
 */
export function afterFailure(failure) {
  const { status, code } = failure;
  if (status === 404 && code === 'upload_not_found') return { next: 'again', patch: { begun: false, sent: 0 } };
  if (status === 409 && code === 'upload_complete') return { next: 'skip', uploaded: true };
  if (status === 422 || status === 415 || (status === 413 && code === 'upload_too_large')) {
    return { next: 'skip', patch: { refused: code ?? `http_${status}`, begun: false, sent: 0 } };
  }
  if (status === 404) return { next: 'skip', patch: { refused: code ?? 'not_found' } }; // voided, or out of scope
  if (status === 401) return { next: 'sign_in' };
  return { next: 'later' };
}
