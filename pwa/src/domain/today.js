/**
 * 今日's content as a small summary: what arrived for her (dispatches, returns, revisits fallen due; marked
 * unread against her last look, domain/seen.js), cases sent back with their comments, the open cases most
 * in need (red, then amber), revisits due within a week, and the mediator's last visits. Kept in IndexedDB meta `today`, so a cold start draws 今日
 * from one read instead of reading every case; rebuilt after saves and sync rounds. Deadlines are
 * worked out again when drawn, so a summary from yesterday still colours today's cases right.
 */
import { getMeta, setMeta, TODAY_KEY } from '../store/db.js';
import { listRecords, outboxByRecord } from '../store/records.js';
import { addDays, loadDisputes, OPEN_STATUSES, today } from './cases.js';
import { newsItems, returnedCases } from './returns.js';
import { myVisits } from './visits.js';

const CASES = 30;
const NEWS = 30;
const VISITS = 10;
const REVISIT_WINDOW_DAYS = 7;
const RANK = { red: 0, amber: 1, ok: 2, none: 3 };

/** The fields 今日 draws a case with (and works its deadline out from). */
const CASE_FIELDS = ['id', 'title', 'case_no', 'status', 'due_on', 'accepted_at'];

/**
 * @param {{rows: object[], followups: object[], visits: object[], queued: Map, userId: number, cursor: string|null, day?: string}} data
 * @returns {{user_id: number, day: string, cursor: string|null, news: object[], returned: object[], cases: object[], revisits: object[], visits: object[]}}
 */
export function summarize({ rows, followups, visits, queued, userId, cursor, day = today() }) {
  const cases = rows.filter((row) => OPEN_STATUSES.has(row.record.status))
    .sort((a, b) => RANK[a.deadline] - RANK[b.deadline]).slice(0, CASES)
    .map((row) => ({ ...pick(row.record, CASE_FIELDS), sync: row.sync }));
  const titles = new Map(rows.map((row) => [row.record.id, row.record.title]));
  const until = addDays(day, REVISIT_WINDOW_DAYS);
  const revisits = followups.filter((f) => !f.voided_at && !f.done_at && f.due_on && f.due_on <= until)
    .map((f) => ({ id: f.id, dispute_id: f.dispute_id, due_on: f.due_on, title: titles.get(f.dispute_id) ?? '' }))
    .sort((a, b) => (a.due_on < b.due_on ? -1 : 1));
  const mine = myVisits(visits, queued, userId).slice(0, VISITS)
    .map(({ record, sync }) => ({ ...pick(record, ['id', 'place', 'visited_at', 'area_id', 'purposes']), sync }));
  const records = rows.map((row) => row.record);
  const returned = returnedCases(records, userId).slice(0, CASES)
    .map((r) => pick(r, ['id', 'title', 'case_no', 'returned_at', 'return_comments']));
  const news = newsItems(records, followups, userId, day).slice(0, NEWS);
  return { user_id: userId, day, cursor: cursor ?? null, news, returned, cases, revisits, visits: mine };
}

/** Read what 今日 needs, summarize it and keep the summary in meta. */
export async function rebuildToday(db, userId) {
  const [rows, followups, visits, queued, cursor] = await Promise.all([
    loadDisputes(db), listRecords(db, 'followup'), listRecords(db, 'visit'), outboxByRecord(db), getMeta(db, 'cursor'),
  ]);
  const summary = summarize({ rows, followups, visits, queued, userId, cursor });
  await setMeta(db, TODAY_KEY, summary);
  return summary;
}

/** Whether a kept summary can be drawn as it is: this user's, from today, nothing pulled since. */
export function isCurrent(summary, userId, cursor) {
  return Boolean(summary) && summary.user_id === userId && summary.day === today() && summary.cursor === (cursor ?? null);
}

function pick(record, names) {
  return Object.fromEntries(names.map((name) => [name, record[name] ?? null]));
}
