/**
 * 结案 from the desk: what closing a case sends, and which required papers it would close without. The
 * rule is the server's (sync/workflow.py `close_violation`: a reason; the missing papers' reason when the
 * dossier, judged as the case will stand once closed, lacks any); the papers come from its own table
 * (reference `dossier_rules`) read by domain/dossier.js, as on the phone. The dossier endpoint judges the
 * case as it stands now, on its open path, so it cannot say what closing will lack.
 */
import { missingPapers } from '../../sync/rules.js';

/**
 * The required papers the case would lack once closed, `detail` being GET /api/disputes/<id> (its child
 * lists are keyed as rules.js RELATED); [] until the desk holds the table (the server still judges).
 */
export function closingMissing(detail, table) {
  return missingPapers({ ...detail.dispute, status: 'closed' }, detail, table);
}

/** The dispute's fields that close it; `papersMissing` says the dossier lacks papers, so their reason goes too. */
export function closeChanges({ closeReason, papersMissingReason = '' }, papersMissing, now = new Date()) {
  const changes = { status: 'closed', close_reason: closeReason.trim() || null, closed_at: now.toISOString() };
  if (papersMissing) changes.papers_missing_reason = papersMissingReason.trim() || null;
  return changes;
}
