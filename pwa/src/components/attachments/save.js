/**
 * Keep a prepared capture (media/capture.js) as an attachment of a case, after the size caps: the
 * record through the outbox, the bytes beside it (store/files.js). Returns the refusal in words, or null.
 * Photos come here from their raw entry (raw-photos.js in this folder); drawn signatures straight.
 */
import { afterSave, database, state } from '../../app-state.js';
import { capRefusal, caseBytes, sizeText } from '../../domain/attachments.js';
import { t } from '../../i18n/index.js';
import { saveCapture } from '../../store/files.js';
import { rawDeletes } from '../../store/raw-photos.js';
import { newId } from '../../store/records.js';

/**
 * `raw`: the raw photo (store/raw-photos.js) this capture was prepared from: the attachment takes its id and
 * user, and its entry is deleted in the transaction that saves the capture.
 * @param {{disputeId: string, kind: string, prepared: object, attachments: object[], parent?: {entity: string, id: string},
 *   caption?: string, takenAt?: string, raw?: {id: string, user_id: number}}} capture
 * @returns {Promise<string|null>}
 */
export async function keepCapture({ disputeId, kind, prepared, attachments, parent = null, caption = '', takenAt, raw = null }) {
  const used = caseBytes(attachments);
  const refusal = capRefusal(prepared, used);
  if (refusal) {
    return t(`attachment.refused.${refusal.code}`, {
      limit: sizeText(refusal.limit ?? 0), used: sizeText(used), size: sizeText(prepared.byte_size),
    });
  }
  const values = {
    dispute_id: disputeId, kind, mime_type: prepared.mime_type, byte_size: prepared.byte_size, sha256: prepared.sha256,
    taken_at: takenAt ?? new Date().toISOString(),
  };
  if (parent) Object.assign(values, { parent_entity: parent.entity, parent_id: parent.id });
  if (caption) values.caption = caption;
  const capture = { id: raw?.id ?? newId(), values, bytes: prepared.bytes, thumb: prepared.thumb };
  await saveCapture(database(), capture, raw?.user_id ?? state.user.id, new Date(), raw ? rawDeletes(raw.id) : []);
  await afterSave([]);
  return null;
}

/**
 * Caps in words, shown before anything is saved. Raw photos (`preparing`) are counted apart, not in the bytes
 * used: their prepared size is not known yet, and the caps are checked on it when each is kept.
 */
export function capsLine(limits, attachments, preparing = 0) {
  const line = t('attachment.caps', {
    file: sizeText(limits.attachment_max_bytes['image/jpeg']), used: sizeText(caseBytes(attachments)),
    case: sizeText(limits.attachment_case_max_bytes),
  });
  return preparing ? `${line}${t('attachment.caps_preparing', { count: preparing })}` : line;
}
