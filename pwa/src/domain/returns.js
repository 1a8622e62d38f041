/** 退回补正 on the phone: the comments in words, and the returned cases and news 今日 lists. */
import { returnState } from '../sync/rules.js';
import { t } from '../i18n/index.js';
import { fieldLabel } from './fields.js';

const PARTS = new Set(['parties', 'mediation_logs', 'followups', 'other']);

/** A return's comments as lines, each field named in words. @returns {{field, label, comment}[]} */
export function commentLines(comments) {
  return Object.entries(comments ?? {}).map(([field, comment]) => ({
    field, comment, label: PARTS.has(field) ? t(`return.field.${field}`) : fieldLabel(field),
  }));
}

/** Whose a case is for 今日's tasks: her assigned case, or one she registered that nobody was assigned. */
export function isMine(record, userId) {
  return record.assigned_mediator_id === userId || (!record.assigned_mediator_id && record.created_by === userId);
}

/** Her cases sent back and not yet resubmitted, latest return first. */
export function returnedCases(records, userId) {
  return records.filter((r) => !r.voided_at && isMine(r, userId) && returnState(r) === 'returned')
    .sort((a, b) => (a.returned_at < b.returned_at ? 1 : -1));
}

/**
 * What arrived for her, newest first, each with the time it arrived (`at`): cases dispatched to her
 * and not yet started, cases sent back, revisits that have fallen due (`at` is the due day).
 */
export function newsItems(records, followups, userId, day) {
  const titles = new Map(records.filter((r) => isMine(r, userId)).map((r) => [r.id, r.title]));
  const items = [];
  for (const r of records) {
    if (r.voided_at || !isMine(r, userId)) continue;
    if (r.status === 'assigned' && r.assigned_mediator_id === userId) items.push({ kind: 'dispatch', id: r.id, title: r.title, at: r.updated_at ?? r.accepted_at ?? '' });
    if (returnState(r) === 'returned') items.push({ kind: 'returned', id: r.id, title: r.title, at: r.returned_at });
  }
  for (const f of followups) {
    if (!f.voided_at && !f.done_at && f.due_on && f.due_on <= day && titles.has(f.dispute_id)) {
      items.push({ kind: 'revisit', id: f.dispute_id, followup_id: f.id, title: titles.get(f.dispute_id), at: f.due_on });
    }
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : -1));
}

/** Arrived after her last look (a due day counts as unread until she looked on or after that day). */
export function isUnread(item, seenAt) {
  if (!seenAt) return true;
  return item.kind === 'revisit' ? item.at > seenAt.slice(0, 10) : item.at > seenAt;
}
