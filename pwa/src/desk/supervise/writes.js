/**
 * The supervisor's writes as sync mutations (sync-protocol.md §3), pushed at once: accept 受理,
 * dispatch 派单, refer 移交, the referral's progress and close 结案. Each carries the version the desk read,
 * so an edit a phone made meanwhile is merged or recorded as a conflict, never lost.
 */
import { v7 as uuidv7 } from 'uuid';
import { today } from '../../domain/cases.js';
import { canMove } from '../../sync/rules.js';
import { mutation, push, pushProblem } from '../api.js';
import { addDays } from '../format.js';
import { closeChanges } from './closing.js';

const DUE_AFTER_DAYS = 30;
export const DISPATCHABLE = new Set(['reported', 'accepted', 'assigned']);

/** The fields that accept a case now: accepted, and due 30 days from today (Beijing). */
export function acceptChanges(now = new Date()) {
  return { status: 'accepted', accepted_at: now.toISOString(), due_on: addDays(today(now), DUE_AFTER_DAYS) };
}

/** Dispatch to a mediator and/or a committee; a case not yet accepted is accepted in the same edit. */
export function dispatchChanges(dispute, { mediatorId = null, committeeId = null }, now = new Date()) {
  const changes = dispute.status === 'reported' ? acceptChanges(now) : {};
  if (dispute.status !== 'assigned') changes.status = 'assigned';
  changes.assigned_mediator_id = mediatorId;
  changes.committee_id = committeeId;
  return changes;
}

/** A referral out to a linked agency, and the case marked referred where the workflow allows it. */
export function referralMutations(dispute, { agencyKind, agencyName, reason }, now = new Date()) {
  const referral = mutation('referral', uuidv7(), 'create', null, {
    dispute_id: dispute.id, direction: 'out', agency_kind: agencyKind, agency_name: agencyName || null,
    sent_at: now.toISOString(), reason: reason || null, status: 'sent',
  });
  const caseChanges = { linked_agencies: [...new Set([...(dispute.linked_agencies ?? []), agencyKind])] };
  if (dispute.status !== 'referred' && canMove(dispute.status, 'referred')) caseChanges.status = 'referred';
  return [referral, mutation('dispute', dispute.id, 'update', dispute.version, caseChanges)];
}

async function send(mutations) {
  const problem = pushProblem(await push(mutations));
  return problem ?? { kind: 'ok' };
}

export function accept(dispute) {
  return send([mutation('dispute', dispute.id, 'update', dispute.version, acceptChanges())]);
}

export function dispatch(dispute, choice) {
  return send([mutation('dispute', dispute.id, 'update', dispute.version, dispatchChanges(dispute, choice))]);
}

export function refer(dispute, form) {
  return send(referralMutations(dispute, form));
}

export function updateReferral(referral, status, result) {
  const changes = { status };
  if (result) changes.result = result;
  return send([mutation('referral', referral.id, 'update', referral.version, changes)]);
}

/** Close the case: one update with the reason, and the missing papers' reason when `papersMissing`. */
export function closeCase(dispute, form, papersMissing) {
  return send([mutation('dispute', dispute.id, 'update', dispute.version, closeChanges(form, papersMissing))]);
}
