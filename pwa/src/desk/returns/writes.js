/**
 * 退回补正 as sync mutations of the supervisor's desk device (the same push as accepting and dispatching):
 * send a case back with comments on named fields, or accept the correction. The rule the server applies
 * is sync/workflow.py `return_violation` (rules.js `returnViolation` mirrors it).
 */
import { mutation, push, pushProblem } from '../api.js';

/** What a comment may name besides the case's own fields (app/schemas/records.py RETURN_COMMENT_TARGETS). */
export const RETURN_PARTS = Object.freeze(['parties', 'mediation_logs', 'followups', 'other']);
/** The fields offered for comment, most often badly recorded first. */
export const RETURN_TARGETS = Object.freeze([
  'title', 'summary', 'category', 'source', 'occurred_on', 'amount_involved', 'risk_level', 'parties',
  'mediation_logs', 'agreement_terms', 'followups', 'other',
]);

/** Send back: comments (field → text, blanks dropped), and any earlier resubmission cleared. */
export function sendBackChanges(comments, now = new Date()) {
  const kept = Object.fromEntries(Object.entries(comments).map(([name, text]) => [name, text.trim()]).filter(([, text]) => text));
  return { returned_at: now.toISOString(), return_comments: kept, resubmitted_at: null };
}

/** The correction is accepted: the case leaves 退回补正 (its history keeps the round). */
export const ACCEPT_CORRECTION = Object.freeze({ returned_at: null, return_comments: null, resubmitted_at: null });

async function send(mutations) {
  return pushProblem(await push(mutations)) ?? { kind: 'ok' };
}

export function sendBack(dispute, comments) {
  return send([mutation('dispute', dispute.id, 'update', dispute.version, sendBackChanges(comments))]);
}

export function acceptCorrection(dispute) {
  return send([mutation('dispute', dispute.id, 'update', dispute.version, { ...ACCEPT_CORRECTION })]);
}
