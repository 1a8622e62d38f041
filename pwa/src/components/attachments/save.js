/**
 * Keep a prepared capture (media/capture.js) as an attachment of a case, after the size caps: the
 * record through the outbox, the bytes beside it (store/files.js). Returns the refusal in words, or null.
 */
import { afterSave, database, state } from '../../app-state.js';
import { capRefusal, caseBytes, sizeText } from '../../domain/attachments.js';
import { t } from '../../i18n/index.js';
import { saveCapture } from '../../store/files.js';
import { newId } from '../../store/records.js';

/**
 * @param {{disputeId: string, kind: string, prepared: object, attachments: object[], parent?: {entity: string, id: string},
 *   caption?: string, takenAt?: string}} capture
 * @returns {Promise<string|null>}
 */
export async function keepCapture({ disputeId, kind, prepared, attachments, parent = null, caption = '', takenAt }) {
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
  await saveCapture(database(), { id: newId(), values, bytes: prepared.bytes, thumb: prepared.thumb }, state.user.id);
  await afterSave([]);
  return null;
}

/** Caps in words, shown before anything is saved. */
export function capsLine(limits, attachments) {
  return t('attachment.caps', {
    file: sizeText(limits.attachment_max_bytes['image/jpeg']), used: sizeText(caseBytes(attachments)),
    case: sizeText(limits.attachment_case_max_bytes),
  });
}
