/**
 * The case list as screens use it: disputes from IndexedDB with their sync state and deadline,
 * kept in memory between screens, filtered in memory (5,000 cases filter in a few ms).
 */
import { getRecord, listRecords, outboxByRecord, stateOf, SYNC_STATE } from '../store/records.js';

export const OPEN_STATUSES = new Set(['reported', 'accepted', 'assigned', 'mediating', 'suspended']);
const DUE_AFTER_DAYS = 30;
const AMBER_AFTER_DAYS = 20;

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Today as YYYY-MM-DD in Beijing, the day the server's deadlines use (app/services/deadlines.py). */
export function today(now = new Date()) {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(day, days) {
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

let cache = { version: -1, db: null, rows: null };

/**
 * Every live dispute with `sync` (its state) and `deadline`, newest first. One read per data
 * version: callers at the same moment (the start-up prefetch and the first screen) share it.
 * @param {number} version the app's data version: a new one reloads from IndexedDB
 */
export function loadDisputes(db, version) {
  if (cache.version !== version || cache.db !== db) {
    const rows = readDisputes(db);
    cache = { version, db, rows };
    rows.catch(() => { if (cache.rows === rows) cache = { version: -1, db: null, rows: null }; });
  }
  return cache.rows;
}

async function readDisputes(db) {
  const [records, queued] = await Promise.all([listRecords(db, 'dispute'), outboxByRecord(db)]);
  const day = today();
  const rows = [];
  for (const record of records) {
    if (record.voided_at) continue;
    const mutations = queued.get(`dispute:${record.id}`)?.mutations ?? [];
    rows.push({
      record,
      sync: stateOf(mutations, record),
      deadline: deadlineState(record, day),
      search: `${record.title ?? ''} ${record.case_no ?? ''} ${record.summary ?? ''}`.toLowerCase(),
    });
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

/** One record with its sync state. */
export async function recordWithState(db, entity, id) {
  const record = await getRecord(db, entity, id);
  if (!record) return null;
  const queued = (await outboxByRecord(db)).get(`${entity}:${id}`);
  return { record, sync: stateOf(queued?.mutations ?? [], record), mutations: queued?.mutations ?? [] };
}

export { SYNC_STATE };
