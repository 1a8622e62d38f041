/**
 * The case list as screens use it: disputes from IndexedDB with their sync state and deadline,
 * kept in memory between screens, filtered in memory (5,000 cases filter in a few ms).
 */
import { localDay as today } from './dates.js';
import { listRecords, outboxByRecord, stateOf, SYNC_STATE } from '../store/records.js';

export const OPEN_STATUSES = new Set(['reported', 'accepted', 'assigned', 'mediating', 'suspended']);

/** Open: a case created on this phone has no status until the server stamps it `reported`. */
export function isOpen(record) {
  return OPEN_STATUSES.has(record.status ?? 'reported');
}
const DUE_AFTER_DAYS = 30;
const AMBER_AFTER_DAYS = 20;

/** Today as YYYY-MM-DD in Beijing, the day the server's deadlines use (app/services/deadlines.py). */
export { today };

export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The case's due day: the server's `due_on`, else 30 days after acceptance or report. */
export function dueOn(dispute) {
  if (dispute.due_on) return dispute.due_on;
  const start = dispute.accepted_at;
  return start ? addDays(start.slice(0, 10), DUE_AFTER_DAYS) : null;
}

/** `none`, `ok`, `amber` (from day 20) or `red` (past due), as app/services/deadlines.py. */
export function deadlineState(dispute, day = today()) {
  const due = dueOn(dispute);
  if (!OPEN_STATUSES.has(dispute.status) || !due) return 'none';
  if (day > due) return 'red';
  if (day >= addDays(due, -(DUE_AFTER_DAYS - AMBER_AFTER_DAYS))) return 'amber';
  return 'ok';
}

let cache = { db: null, rows: null };

/**
 * Every live dispute with `sync` (its state), `deadline` and `search` (its lower-cased text), newest
 * first. Read once and kept: saves on this phone patch it (`noteSaved`), a sync that changed records
 * drops it (`forgetDisputes`); callers at the same moment share one read.
 * @returns {Promise<object[]>}
 */
export function loadDisputes(db) {
  if (!cache.rows || cache.db !== db) {
    const rows = readDisputes(db);
    cache = { db, rows };
    rows.catch(() => { if (cache.rows === rows) cache = { db: null, rows: null }; });
  }
  return cache.rows;
}

/** Records changed under the list (a sync round, a resend): the next reader reads them again. */
export function forgetDisputes() {
  cache = { db: null, rows: null };
}

/**
 * Cases saved on this phone take their place in the kept list (or lead it, when new) without
 * reading the others again. @param {Array<{record: object, mutations: object[]|null}>} saved
 */
export function noteSaved(saved) {
  const disputes = saved.filter((s) => s.record?.entity === 'dispute' && s.mutations);
  if (!cache.rows || !disputes.length) return;
  const day = today();
  cache.rows = cache.rows.then((rows) => {
    let next = rows;
    for (const { record, mutations } of disputes) {
      const at = next.findIndex((row) => row.record.id === record.id);
      const row = record.voided_at ? null : toRow(record, mutations, day);
      if (at >= 0) next = [...next.slice(0, at), ...(row ? [row] : []), ...next.slice(at + 1)];
      else if (row) next = [row, ...next]; // a new UUIDv7 id: the newest
    }
    return next;
  });
}

function toRow(record, mutations, day) {
  return {
    record,
    sync: stateOf(mutations, record),
    deadline: deadlineState(record, day),
    search: `${record.title ?? ''} ${record.case_no ?? ''} ${record.summary ?? ''}`.toLowerCase(),
  };
}

async function readDisputes(db) {
  const [records, queued] = await Promise.all([listRecords(db, 'dispute'), outboxByRecord(db)]);
  const day = today();
  const rows = [];
  for (const record of records) {
    if (record.voided_at) continue;
    rows.push(toRow(record, queued.get(`dispute:${record.id}`)?.mutations ?? [], day));
  }
  rows.sort((a, b) => (b.record.id > a.record.id ? 1 : -1)); // UUIDv7: newest first
  return rows;
}

/** Filter in memory: text, status, category, overdue (amber or red), risk level. */
export function filterDisputes(rows, { text = '', status = '', category = '', overdue = '', risk = '' } = {}) {
  const needle = text.trim().toLowerCase();
  return rows.filter(({ record, deadline, search }) => (!needle || search.includes(needle))
    && (!status || record.status === status)
    && (!category || record.category === category)
    && (!risk || record.risk_level === risk)
    && (!overdue || (overdue === 'red' ? deadline === 'red' : deadline === 'red' || deadline === 'amber')));
}

export { SYNC_STATE };
