/**
 * Attachments as the phone decides about them (docs/attachments.md): the size caps from the server's
 * field rules, checked before a capture is saved (never a raw 413), the photo's size after downscaling,
 * and the state each file shows: only on the phone, uploading N %, on the server, or refused.
 */
import FIELD_RULES from '../sync/field-rules.js';

/** A photo's long side after downscaling on the phone (issue 11: ≤ 1,600 px, typically ≤ 400 KB). */
export const PHOTO_LONG_SIDE = 1600;
/** The long side of the thumbnail kept on the phone for lists (a few KB). */
export const THUMB_LONG_SIDE = 240;
/** What a photo aims at; one larger is encoded again at a lower quality. */
export const PHOTO_TARGET_BYTES = 400 * 1024;

/** Kinds the mediator picks for a photo of the case (signatures and fingerprints come from the agreement). */
export const PHOTO_KINDS = ['evidence', 'scene', 'agreement_scan', 'id_document', 'other'];

/** What is shown for each attachment (catalogue keys `attachment.state.*`). */
export const FILE_STATE = Object.freeze({
  local: 'local', // 仅在手机：the server has neither the record nor the bytes
  waiting: 'waiting', // 待上传：the record is on the server, the bytes are still only on the phone
  uploading: 'uploading', // 上传中 N%
  uploaded: 'uploaded', // 已上传
  refused: 'refused', // 需处理：the server refused the bytes
});

/**
 * Width and height within `longSide`, proportions kept, never enlarged.
 * @returns {{width: number, height: number}}
 */
export function fitWithin(width, height, longSide) {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * How finely a photo is resampled when downscaled: bilinear ('low') is sharp enough down to half size and
 * takes half the time of 'high' (at CPU ×4, ~170 against ~400 ms for a 4.3-MP photo); a stronger reduction
 * needs more taps against aliasing.
 */
export function smoothingFor(scale) {
  return scale >= 0.5 ? 'low' : 'medium';
}

/** The bytes a case's attachments hold (voided ones no longer count). */
export function caseBytes(attachments) {
  return attachments.filter((a) => !a.voided_at).reduce((sum, a) => sum + (a.byte_size ?? 0), 0);
}

/**
 * Why a file may not be saved, before it is: larger than its type's cap, or past the case's cap.
 * @param {{mime_type: string, byte_size: number}} file
 * @param {number} usedByCase bytes the case's attachments already hold
 * @returns {null|{code: 'type_not_accepted'|'file_too_large'|'case_too_large', limit?: number, used?: number}}
 */
export function capRefusal(file, usedByCase, limits = FIELD_RULES.limits) {
  const cap = limits.attachment_max_bytes[file.mime_type];
  if (cap === undefined) return { code: 'type_not_accepted' };
  if (file.byte_size > cap) return { code: 'file_too_large', limit: cap };
  const caseCap = limits.attachment_case_max_bytes;
  if (caseCap !== undefined && usedByCase + file.byte_size > caseCap) return { code: 'case_too_large', limit: caseCap, used: usedByCase };
  return null;
}

/** Bytes as people read them: 380 KB, 4.8 MB. */
export function sizeText(bytes) {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * The state one attachment shows. `record` is its working copy, `file` this phone's copy of its bytes
 * (store/files.js; none for a file taken elsewhere), `queued` whether its create still waits in the outbox,
 * `live` the bytes acknowledged in this session's upload, if one is running.
 * @returns {{state: string, percent?: number}}
 */
export function fileState(record, file, queued, live = null) {
  if (record?.upload_complete || file?.uploaded_at) return { state: FILE_STATE.uploaded };
  if (!file) return { state: FILE_STATE.uploading }; // taken on another device: its bytes have not arrived
  if (file.refused) return { state: FILE_STATE.refused };
  if (queued) return { state: FILE_STATE.local };
  const sent = Math.max(live ?? 0, file.sent ?? 0);
  if (live === null && !sent) return { state: FILE_STATE.waiting };
  return { state: FILE_STATE.uploading, percent: Math.min(99, Math.floor((100 * sent) / file.byte_size)) };
}
