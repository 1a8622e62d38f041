/** The mediator's own visits: which are "mine", their order, and the list's filters (all in memory). */
import { listRecords, outboxByRecord, stateOf } from '../store/records.js';
import { localDay } from './dates.js';

/**
 * Visits this user made (theirs on the server, or created or edited here and still queued), not voided,
 * newest first, each with its sync state. @returns {Array<{record: object, sync: string}>}
 */
export function myVisits(visits, queued, userId) {
  return visits.filter((v) => !v.voided_at && (v.created_by === userId || queued.has(`visit:${v.id}`)))
    .sort((a, b) => ((a.visited_at ?? '') < (b.visited_at ?? '') ? 1 : -1))
    .map((record) => ({ record, sync: stateOf(queued.get(`visit:${record.id}`)?.mutations ?? [], record) }));
}

/** Read and pick this user's visits from IndexedDB. */
export async function loadMyVisits(db, userId) {
  const [visits, queued] = await Promise.all([listRecords(db, 'visit'), outboxByRecord(db)]);
  return myVisits(visits, queued, userId);
}

/**
 * @param {Array<{record: object}>} rows
 * @param {{text?: string, purpose?: string, from?: string, to?: string, linked?: ''|'linked'|'nil'}} filters
 *   text: in place, persons met or notes; from/to: days (Beijing), both included
 */
export function filterVisits(rows, { text = '', purpose = '', from = '', to = '', linked = '' } = {}) {
  const needle = text.trim().toLowerCase();
  return rows.filter(({ record }) => {
    if (needle && ![record.place, record.persons_met, record.notes].some((v) => (v ?? '').toLowerCase().includes(needle))) return false;
    if (purpose && !(record.purposes ?? []).includes(purpose)) return false;
    const day = record.visited_at ? localDay(record.visited_at) : '';
    if (from && day < from) return false;
    if (to && day > to) return false;
    const links = (record.dispute_ids ?? []).length;
    if (linked === 'linked' && !links) return false;
    if (linked === 'nil' && links) return false;
    return true;
  });
}
