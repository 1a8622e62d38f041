import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, forgetDisputes, loadDisputes, noteSaved, today } from '../src/domain/cases.js';
import { isCurrent, rebuildToday, summarize } from '../src/domain/today.js';
import { getMeta, TODAY_KEY } from '../src/store/db.js';
import { caseDetail, saveNewRecords, saveRecord } from '../src/store/records.js';
import { freshDb } from './helpers.js';

const day = '2026-11-28';
const row = (id, status, accepted, sync = 'synced') => ({
  record: { entity: 'dispute', id, title: `case ${id}`, case_no: null, status, accepted_at: `${accepted}T02:00:00Z`, summary: 'x' },
  sync, deadline: 'none',
});

test('今日 lists open cases most overdue first, revisits due within a week, and my visits', () => {
  const rows = [row('a', 'mediating', addDays(day, -5)), row('b', 'accepted', addDays(day, -40)), row('c', 'closed', addDays(day, -60)),
    row('d', 'mediating', addDays(day, -25), 'local')].map((r) => ({ ...r, deadline: r.record.id === 'b' ? 'red' : r.record.id === 'd' ? 'amber' : 'ok' }));
  const followups = [
    { id: 'f1', dispute_id: 'a', due_on: addDays(day, 3) }, { id: 'f2', dispute_id: 'b', due_on: addDays(day, 30) },
    { id: 'f3', dispute_id: 'a', due_on: day, done_at: `${day}T01:00:00Z` },
  ];
  const visits = [
    { id: 'v1', created_by: 7, visited_at: `${day}T01:00:00Z`, place: '3号楼', purposes: ['mediation'] },
    { id: 'v2', created_by: 8, visited_at: `${day}T02:00:00Z`, place: '别人的' },
    { id: 'v3', created_by: 8, visited_at: `${day}T03:00:00Z`, place: '本机待发', purposes: [] },
  ];
  const queued = new Map([['visit:v3', { mutations: [{ state: 'pending' }] }]]);
  const summary = summarize({ rows, followups, visits, queued, userId: 7, cursor: 'c9', day });
  assert.deepEqual(summary.cases.map((c) => c.id), ['b', 'd', 'a']);
  assert.deepEqual(Object.keys(summary.cases[0]).sort(), ['accepted_at', 'case_no', 'due_on', 'id', 'status', 'sync', 'title']);
  assert.equal(summary.cases[1].sync, 'local');
  assert.deepEqual(summary.revisits.map((f) => [f.id, f.title]), [['f1', 'case a']]);
  assert.deepEqual(summary.visits.map((v) => [v.id, v.sync]), [['v3', 'local'], ['v1', 'synced']]);
  assert.equal(isCurrent(summary, 7, 'c9'), summary.day === today());
  assert.equal(isCurrent(summary, 8, 'c9'), false);
  assert.equal(isCurrent({ ...summary, day: today() }, 7, 'c10'), false, 'something was pulled since');
});

test('the summary is kept in meta, and a saved case joins the kept list without reading it again', async () => {
  const db = await freshDb();
  forgetDisputes();
  const [first] = await saveNewRecords(db, 7, [{ entity: 'dispute', id: '0190a0b0-0000-7000-8000-00000000000a',
    values: { title: '旧案', status: 'mediating', accepted_at: new Date().toISOString(), summary: '' } }]);
  assert.equal((await loadDisputes(db)).length, 1);
  const saved = await saveNewRecords(db, 7, [
    { entity: 'dispute', id: '0190a0b0-0000-7000-8000-00000000000b', values: { title: '新案', status: 'reported' } },
    { entity: 'party', id: '0190a0b0-0000-7000-8000-00000000000c', values: { dispute_id: '0190a0b0-0000-7000-8000-00000000000b', name: '甲', role: 'applicant' } },
  ]);
  const edit = await saveRecord(db, { entity: 'dispute', id: first.record.id, userId: 7, values: { title: '旧案（改）' } });
  await db.clear('records'); // proves the list below is the kept one, patched, not read again
  noteSaved([...saved, edit]);
  const rows = await loadDisputes(db);
  assert.deepEqual(rows.map((r) => [r.record.title, r.sync]), [['新案', 'local'], ['旧案（改）', 'local']]);
  assert.ok(rows[0].search.includes('新案'));
  forgetDisputes();
  assert.equal((await loadDisputes(db)).length, 0, 'forgotten: read again');

  const summary = await rebuildToday(db, 7);
  assert.deepEqual(await getMeta(db, TODAY_KEY), summary);
  assert.equal(summary.user_id, 7);
});

test('a case is read for its screen in one go: record, live children, queued mutations, notices', async () => {
  const db = await freshDb();
  const id = '0190a0b0-0000-7000-8000-0000000000d1';
  await saveNewRecords(db, 7, [
    { entity: 'dispute', id, values: { title: '案' } },
    { entity: 'party', id: '0190a0b0-0000-7000-8000-0000000000d2', values: { dispute_id: id, name: '乙' } },
    { entity: 'referral', id: '0190a0b0-0000-7000-8000-0000000000d3', values: { dispute_id: id, agency_kind: 'police' } },
  ]);
  await db.add('notices', { kind: 'conflict', entity: 'dispute', id, conflicts: [{ field: 'summary' }] });
  const detail = await caseDetail(db, id);
  assert.equal(detail.record.title, '案');
  assert.equal(detail.children.party.length, 1);
  assert.equal(detail.children.referral[0].agency_kind, 'police');
  assert.equal(detail.queued.get(`dispute:${id}`)[0].op, 'create');
  assert.equal(detail.notices.length, 1);
});

test('今日 news: her dispatches, returns and revisits fallen due, unread after her last look; returned cases carry comments', async () => {
  const { isUnread } = await import('../src/domain/returns.js');
  const mine = (id, fields) => ({ record: { entity: 'dispute', id, title: `case ${id}`, status: 'mediating', assigned_mediator_id: 7, ...fields }, sync: 'synced', deadline: 'ok' });
  const rows = [
    mine('d', { status: 'assigned', updated_at: '2026-11-28T03:00:00Z' }),
    mine('r', { returned_at: '2026-11-28T05:00:00Z', return_comments: { summary: '补充时间' } }),
    mine('s', { returned_at: '2026-11-27T05:00:00Z', resubmitted_at: '2026-11-27T06:00:00Z', return_comments: { summary: 'x' } }),
    mine('o', { status: 'assigned', assigned_mediator_id: 8, updated_at: '2026-11-28T04:00:00Z' }),
    mine('u', { assigned_mediator_id: null, created_by: 7, returned_at: '2026-11-26T01:00:00Z', return_comments: { parties: '补电话' } }),
  ];
  const followups = [{ id: 'f1', dispute_id: 'd', due_on: day }, { id: 'f2', dispute_id: 'd', due_on: addDays(day, 1) },
    { id: 'f3', dispute_id: 'o', due_on: day }];
  const summary = summarize({ rows, followups, visits: [], queued: new Map(), userId: 7, cursor: null, day });
  assert.deepEqual(summary.returned.map((r) => [r.id, r.return_comments]), [['r', { summary: '补充时间' }], ['u', { parties: '补电话' }]]);
  assert.deepEqual(summary.news.map((n) => [n.kind, n.id]), [['returned', 'r'], ['dispatch', 'd'], ['revisit', 'd'], ['returned', 'u']]);
  const unread = (seen) => summary.news.filter((n) => isUnread(n, seen)).map((n) => `${n.kind}:${n.id}`);
  assert.deepEqual(unread('2026-11-28T04:00:00.000Z'), ['returned:r']);
  assert.deepEqual(unread('2026-11-27T23:00:00.000Z'), ['returned:r', 'dispatch:d', 'revisit:d']);
  assert.equal(unread(null).length, 4);
});
