import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STORES } from '../src/store/db.js';
import {
  allMutations, claimBatch, discard, enqueue, enqueueCreates, INFLIGHT, outboxStats, PENDING, pushable, REJECTED, retry, settle,
} from '../src/store/outbox.js';
import { getRecord, outboxByRecord, saveRecord, SYNC_STATE } from '../src/store/records.js';
import { freshDb, serverRecord } from './helpers.js';

const D1 = '0190a0b0-0000-7000-8000-000000000001';
const P1 = '0190a0b0-0000-7000-8000-000000000002';

test('an edit folds into the record\'s unsent create', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a', category: 'neighbor' }, userId: 7 });
  const { folded } = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'b', summary: 's' }, userId: 7 });
  assert.equal(folded, true);
  const all = await db.getAll(STORES.outbox);
  assert.equal(all.length, 1);
  assert.equal(all[0].op, 'create');
  assert.deepEqual(all[0].changes, { title: 'b', category: 'neighbor', summary: 's' });
  const record = await getRecord(db, 'dispute', D1);
  assert.equal(record.title, 'b');
  assert.equal(record.case_no, null);
});

test('a mutation in flight is never changed; the next edit is a new mutation on the base the create makes', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  assert.equal(sent.state, INFLIGHT);
  const { folded, mutation } = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'b' }, userId: 7 });
  assert.equal(folded, false);
  assert.equal(mutation.base_version, 1);
  const all = await db.getAll(STORES.outbox);
  assert.equal(all.length, 2);
  assert.deepEqual(all[0].changes, { title: 'a' });
  assert.equal(all[0].state, INFLIGHT);
  assert.equal(all[1].state, PENDING);
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'b');
});

test('updates of a synced record carry the snapshot version, and fold keeping that base', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 4, { title: 'server', status: 'reported' }));
  const first = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'x' }, userId: 7 });
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 6, { title: 'server2', status: 'reported' }));
  const second = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'y' }, userId: 7 });
  assert.equal(first.mutation.base_version, 4);
  assert.equal(second.folded, true);
  assert.equal(second.mutation.base_version, 4);
});

test('a status change does not fold past mutations queued after the target (the workflow may need them)', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  await enqueue(db, { entity: 'party', id: P1, op: 'create', changes: { dispute_id: D1, consent: 'consented' }, userId: 7 });
  const status = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { status: 'mediating' }, userId: 7 });
  assert.equal(status.folded, false);
  const text = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'more' }, userId: 7 });
  assert.equal(text.folded, true, 'folds into the latest (status) mutation, which is the newest');
  const all = await db.getAll(STORES.outbox);
  assert.deepEqual(all.map((m) => m.entity), ['dispute', 'party', 'dispute']);
});

test('another user\'s edits neither fold together nor get pushed under the wrong identity', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const { folded } = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'b' }, userId: 8 });
  assert.equal(folded, false);
  assert.equal((await pushable(db, 8)).length, 1);
  assert.equal((await pushable(db, 7)).length, 1);
  assert.equal((await claimBatch(db, 8, 500))[0].user_id, 8);
  assert.equal((await outboxStats(db, 8)).held, 1);
});

test('applied: the record replaces the snapshot and the working copy keeps the later pending edit', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'later' }, userId: 7 });
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'applied',
    record: serverRecord('dispute', D1, 1, { title: 'a', summary: null, case_no: '(2026)槐人调字第00001号' }),
  });
  assert.equal(outcome, 'done');
  const record = await getRecord(db, 'dispute', D1);
  assert.equal(record.case_no, '(2026)槐人调字第00001号');
  assert.equal(record.summary, 'later');
  assert.equal(record.version, 1);
  const states = await outboxByRecord(db);
  assert.equal(states.get(`dispute:${D1}`).state, SYNC_STATE.local);
});

test('rejected: quarantined with its errors, never blocks the rest, can be fixed or discarded', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server', status: 'reported' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { status: 'mediating' }, userId: 7 });
  await enqueue(db, { entity: 'visit', id: P1, op: 'create', changes: { place: 'x' }, userId: 7 });
  const batch = await claimBatch(db, 7, 500);
  await settle(db, batch[0], {
    mutation_id: batch[0].mutation_id, status: 'rejected', record: null,
    errors: { status: ['every party must consent before mediation'] }, error_code: 'consent_required',
  });
  const [held] = (await db.getAll(STORES.outbox)).filter((m) => m.state === REJECTED);
  assert.equal(held.error_code, 'consent_required');
  assert.equal((await getRecord(db, 'dispute', D1)).status, 'mediating', 'the user\'s value stays visible');
  assert.equal((await outboxByRecord(db)).get(`dispute:${D1}`).state, SYNC_STATE.attention);
  const next = await claimBatch(db, 7, 500);
  assert.deepEqual(next.map((m) => m.entity), ['visit'], 'the quarantined edit is not resent, the rest flows');

  const again = await retry(db, held.seq, { status: 'reported' });
  assert.notEqual(again.mutation_id, held.mutation_id);
  assert.equal(again.state, PENDING);
  assert.ok(again.seq > next[0].seq, 'a fixed edit goes to the back of the queue');

  await settle(db, again, { mutation_id: again.mutation_id, status: 'rejected', errors: {}, error_code: 'x' });
  await discard(db, again.seq);
  assert.equal((await getRecord(db, 'dispute', D1)).status, 'reported', 'discarding falls back to the server version');
});

test('conflict: snapshot from the record, mutation done, a notice kept', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { summary: 'base' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'conflict',
    record: serverRecord('dispute', D1, 4, { summary: 'mine', has_open_conflict: true }),
    conflicts: [{ field: 'summary', base: 'base', server: 'theirs', device: 'mine', kept: 'device' }],
  });
  assert.equal(outcome, 'conflict');
  assert.equal(await db.count(STORES.outbox), 0);
  const notices = await db.getAll(STORES.notices);
  assert.equal(notices.length, 1);
  assert.equal(notices[0].conflicts[0].server, 'theirs');
  const record = await getRecord(db, 'dispute', D1);
  assert.equal(record.has_open_conflict, true);
});

test('a duplicate answer of a mutation first rejected is quarantined, not dropped', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'visit', id: P1, op: 'create', changes: { place: 'x' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'duplicate', original_status: 'rejected',
    errors: { area_id: ['Required'] }, error_code: 'validation_error', record: null,
  });
  assert.equal(outcome, 'rejected');
  assert.equal((await db.getAll(STORES.outbox))[0].state, REJECTED);
});

test('saveRecord sends only the fields that changed', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('visit', P1, 3, { place: 'a', purposes: ['information', 'mediation'] }));
  await db.put(STORES.records, serverRecord('visit', P1, 3, { place: 'a', purposes: ['information', 'mediation'] }));
  const same = await saveRecord(db, { entity: 'visit', id: P1, values: { place: 'a', purposes: ['mediation', 'information'] }, userId: 7 });
  assert.equal(same.mutation, null);
  const changed = await saveRecord(db, { entity: 'visit', id: P1, values: { place: 'b', purposes: ['mediation', 'information'] }, userId: 7 });
  assert.deepEqual(changed.mutation.changes, { place: 'b' });
});

test('new records are written together, nothing read; a later edit still folds into the create', async () => {
  const db = await freshDb();
  const saved = await enqueueCreates(db, [
    { entity: 'dispute', id: D1, changes: { title: 'a', category: 'neighbor' } },
    { entity: 'party', id: P1, changes: { dispute_id: D1, name: '甲', role: 'applicant' } },
  ], 7);
  assert.deepEqual(saved.map((s) => [s.mutation.op, s.mutation.base_version, s.mutation.state, typeof s.mutation.seq]),
    [['create', null, PENDING, 'number'], ['create', null, PENDING, 'number']]);
  assert.equal(saved[1].record.name, '甲');
  assert.deepEqual((await db.getAll(STORES.outbox)).map((m) => m.id), [D1, P1]);
  assert.equal((await getRecord(db, 'party', P1)).dispute_id, D1);
  const { folded } = await enqueue(db, { entity: 'party', id: P1, op: 'update', changes: { phone: '139' }, userId: 7 });
  assert.equal(folded, true);
});

test('a push result masks personal values: the phone keeps the full ones it typed and the ones it pulled', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('party', P1, 2, { name: '张三', phone: '13812345678', id_number: '370104199001011234' }));
  await enqueue(db, { entity: 'party', id: P1, op: 'update', changes: { phone: '13999998888', name: '张三丰' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'applied', conflicts: [],
    record: serverRecord('party', P1, 3, { name: '张三丰', phone: '139****8888', id_number: '370104********1234' }),
  });
  const record = await getRecord(db, 'party', P1);
  assert.equal(record.version, 3);
  assert.equal(record.name, '张三丰');
  assert.equal(record.phone, '13999998888');
  assert.equal(record.id_number, '370104199001011234');
  assert.equal((await db.get(STORES.snapshots, ['party', P1])).phone, '13999998888');
});

test('a created party keeps the phone it was created with, not the masked echo', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'party', id: P1, op: 'create', changes: { name: '李四', phone: '13712345678' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'applied', conflicts: [],
    record: serverRecord('party', P1, 1, { name: '李四', phone: '137****5678', id_number: null }),
  });
  const record = await getRecord(db, 'party', P1);
  assert.equal(record.phone, '13712345678');
  assert.equal('id_number' in record, false);
  const dispute = await settle(db, { ...sent, entity: 'dispute', id: D1 }, {
    mutation_id: sent.mutation_id, status: 'applied', conflicts: [], record: serverRecord('dispute', D1, 1, { phone: 'x*' }),
  });
  assert.equal(dispute, 'done');
  assert.equal((await getRecord(db, 'dispute', D1)).phone, 'x*');
});

test('an older push answer never replaces a newer pulled snapshot; a newer or equal one does', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'base', summary: null }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  // While the push was on the way, a pull brought version 4 (another phone's title on top of this edit).
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 4, { title: 'theirs', summary: 'mine' }));
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'applied',
    record: serverRecord('dispute', D1, 3, { title: 'base', summary: 'mine' }),
  });
  assert.equal(outcome, 'done');
  assert.equal((await db.get(STORES.snapshots, ['dispute', D1])).version, 4);
  const record = await getRecord(db, 'dispute', D1);
  assert.equal(record.title, 'theirs');
  assert.equal(record.version, 4);

  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'again' }, userId: 7 });
  const [next] = await claimBatch(db, 7, 500);
  await settle(db, next, {
    mutation_id: next.mutation_id, status: 'applied',
    record: serverRecord('dispute', D1, 4, { title: 'theirs', summary: 'again' }),
  });
  assert.equal((await getRecord(db, 'dispute', D1)).summary, 'again', 'the same version answered replaces');
});

test('an answer the phone does not know keeps the mutation queued', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, { mutation_id: sent.mutation_id, status: 'later', record: null });
  assert.equal(outcome, 'unknown');
  const [kept] = await db.getAll(STORES.outbox);
  assert.equal(kept.mutation_id, sent.mutation_id);
  assert.equal(kept.state, INFLIGHT);
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'a');
});

test('an edit folds into its record\'s unsent one even with other records queued after, unless it changes the status', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  await enqueue(db, { entity: 'party', id: P1, op: 'create', changes: { dispute_id: D1 }, userId: 7 });
  const text = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 's' }, userId: 7 });
  assert.equal(text.folded, true);
  assert.deepEqual((await db.getAll(STORES.outbox)).map((m) => m.entity), ['dispute', 'party']);
});

test('a void never folds into an edit, and no edit folds into a void', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'x' }, userId: 7 });
  const voided = await enqueue(db, { entity: 'dispute', id: D1, op: 'void', changes: { void_reason: 'dup' }, userId: 7 });
  assert.equal(voided.folded, false);
  const after = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'y' }, userId: 7 });
  assert.equal(after.folded, false);
  assert.deepEqual((await db.getAll(STORES.outbox)).map((m) => m.op), ['update', 'void', 'update']);
});

test('a folded edit takes the later edit time and the working copy keeps what the in-flight create sent', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a', category: 'neighbor' }, userId: 7, now: new Date('2026-03-01T08:00:00Z') });
  await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 's1' }, userId: 7, now: new Date('2026-03-01T09:00:00Z') });
  const { folded, mutation, mutations, record } = await enqueue(db, {
    entity: 'dispute', id: D1, op: 'update', changes: { summary: 's2' }, userId: 7, now: new Date('2026-03-01T10:00:00Z'),
  });
  assert.equal(folded, true);
  assert.equal(mutation.client_time, '2026-03-01T10:00:00.000Z');
  assert.deepEqual(mutations.map((m) => [m.op, m.changes]), [['create', { title: 'a', category: 'neighbor' }], ['update', { summary: 's2' }]]);
  assert.deepEqual([record.title, record.category, record.summary], ['a', 'neighbor', 's2']);
});

test('an edit of a record whose snapshot was dropped is made on the newest base still queued for it', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 4, { title: 'v4' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'x' }, userId: 7 });
  await claimBatch(db, 7, 500);
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 6, { title: 'v6' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'y' }, userId: 7 });
  await claimBatch(db, 7, 500);
  await db.clear(STORES.snapshots); // a reset from the server, before the re-pull
  const { mutation } = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'z' }, userId: 7 });
  assert.equal(mutation.base_version, 6);
});

test('an edit of a record the phone knows nothing of, besides another user\'s edit, has no base', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'x' }, userId: 8 });
  const { mutation } = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'y' }, userId: 7 });
  assert.equal(mutation.base_version, null);
});

test('a duplicate answer settles as the status the mutation first got', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { summary: 'base' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'duplicate', original_status: 'conflict',
    record: serverRecord('dispute', D1, 3, { summary: 'mine' }), conflicts: [{ field: 'summary' }],
  });
  assert.equal(outcome, 'conflict');
  assert.equal((await db.getAll(STORES.notices)).length, 1);
  assert.equal(await db.count(STORES.outbox), 0);
});

test('a duplicate answer without its first status (an older server) settles as done', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'duplicate', record: serverRecord('dispute', D1, 1, { title: 'a' }),
  });
  assert.equal(outcome, 'done');
  assert.equal(await db.count(STORES.outbox), 0);
  assert.equal((await getRecord(db, 'dispute', D1)).version, 1);
});

test('only a duplicate answer is read through its first status', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'applied', original_status: 'rejected', record: serverRecord('dispute', D1, 1, { title: 'a' }),
  });
  assert.equal(outcome, 'done');
  assert.equal(await db.count(STORES.outbox), 0);
});

test('a conflict notice names the record and the mutation, is unseen, dated, and lists no conflicts when none came', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { summary: 'base' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const before = Date.now();
  await settle(db, sent, { mutation_id: sent.mutation_id, status: 'conflict', record: serverRecord('dispute', D1, 3, { summary: 'mine' }) });
  const [{ key, at, ...notice }] = await db.getAll(STORES.notices);
  assert.deepEqual(notice, { kind: 'conflict', entity: 'dispute', id: D1, mutation_id: sent.mutation_id, conflicts: [], seen: false });
  assert.ok(Date.parse(at) >= before - 1000 && Date.parse(at) <= Date.now());
});

test('an answer without a record leaves the snapshot as it was', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  assert.equal(await settle(db, sent, { mutation_id: sent.mutation_id, status: 'applied', record: null }), 'done');
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'server');
  assert.equal((await db.get(STORES.snapshots, ['dispute', D1])).version, 2);
});

test('the outbox counts: by state, the oldest edit time, and the edits held for another user', async () => {
  const db = await freshDb();
  const at = (hour) => new Date(`2026-03-01T${hour}:00:00Z`);
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7, now: at('10') });
  await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'party', id: P1, op: 'create', changes: { name: 'b' }, userId: 8, now: at('08') });
  await enqueue(db, { entity: 'visit', id: P1, op: 'create', changes: { place: 'c' }, userId: 7, now: at('12') });
  const [, , visit] = await db.getAll(STORES.outbox);
  await settle(db, { ...visit, state: INFLIGHT }, { mutation_id: visit.mutation_id, status: 'rejected', errors: {}, error_code: 'x' });
  const expected = { total: 3, pending: 1, inflight: 1, rejected: 1, oldest: '2026-03-01T08:00:00.000Z' };
  assert.deepEqual(await outboxStats(db, 7), { ...expected, held: 1 });
  assert.deepEqual(await outboxStats(db, 8), { ...expected, held: 2 });
  assert.deepEqual(await outboxStats(db), { ...expected, held: 0 }, 'no one signed in: nothing is held');
  assert.deepEqual(await outboxStats(await freshDb(), 7), { total: 0, pending: 0, inflight: 0, rejected: 0, oldest: null, held: 0 });
});

test('a status change folds into its record\'s unsent edit when nothing was queued after that edit', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const status = await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { status: 'mediating' }, userId: 7 });
  assert.equal(status.folded, true);
  assert.deepEqual((await db.getAll(STORES.outbox)).map((m) => m.changes), [{ title: 'a', status: 'mediating' }]);
});

test('a create carries no base version, whatever the phone holds under its id', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 3, { title: 'server' }));
  const { mutation } = await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'mine' }, userId: 7 });
  assert.equal(mutation.base_version, null);
});

test('each new record comes back with the mutations that explain its working copy', async () => {
  const db = await freshDb();
  const saved = await enqueueCreates(db, [{ entity: 'dispute', id: D1, changes: { title: 'a' } }], 7);
  assert.deepEqual(saved[0].mutations, [saved[0].mutation]);
});

test('all mutations: every user\'s, in every state, oldest first', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'party', id: P1, op: 'create', changes: { name: 'b' }, userId: 8 });
  assert.deepEqual((await allMutations(db)).map((m) => [m.entity, m.user_id, m.state]), [['dispute', 7, INFLIGHT], ['party', 8, PENDING]]);
});

test('merged: the record becomes the snapshot and the mutation is done', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server', summary: 'theirs' }));
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'mine' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const outcome = await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'merged', record: serverRecord('dispute', D1, 3, { title: 'mine', summary: 'theirs' }),
  });
  assert.equal(outcome, 'done');
  assert.equal(await db.count(STORES.outbox), 0);
  assert.equal((await getRecord(db, 'dispute', D1)).version, 3);
});
