import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STORES } from '../src/store/db.js';
import {
  claimBatch, discard, enqueue, INFLIGHT, PENDING, REJECTED, retry, retryAll, settle,
} from '../src/store/outbox.js';
import { getRecord } from '../src/store/records.js';
import { freshDb, serverRecord } from './helpers.js';

const D1 = '0190a0b0-0000-7000-8000-000000000001';
const D2 = '0190a0b0-0000-7000-8000-000000000002';
const D3 = '0190a0b0-0000-7000-8000-000000000003';

/** Queue an edit, send it, and have the server refuse it with `error_code`; returns the quarantined mutation. */
async function refused(db, edit, errorCode = 'validation_error') {
  await enqueue(db, { userId: 7, ...edit });
  const batch = await claimBatch(db, 7, 500);
  const sent = batch.find((m) => m.id === edit.id);
  await settle(db, sent, {
    mutation_id: sent.mutation_id, status: 'rejected', record: null,
    errors: { id: ['refused'] }, error_code: errorCode,
  });
  return db.get(STORES.outbox, sent.seq);
}

test('a create refused as already_exists comes back as an update of the server\'s record, fixes laid over', async () => {
  const db = await freshDb();
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'mine', category: 'neighbor' } }, 'already_exists');
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 3, { title: 'theirs', summary: null }));

  const again = await retry(db, held.seq, { summary: 'fixed' });
  assert.equal(again.op, 'update');
  assert.equal(again.base_version, 3);
  assert.deepEqual(again.changes, { title: 'mine', category: 'neighbor', summary: 'fixed' });
  assert.deepEqual([again.state, again.errors, again.error_code], [PENDING, null, null]);
  assert.notEqual(again.mutation_id, held.mutation_id);
  assert.deepEqual(await db.getAll(STORES.outbox), [again], 'the refused create is gone, the update queued in its place');
  const record = await getRecord(db, 'dispute', D1);
  assert.deepEqual([record.version, record.title, record.summary], [3, 'mine', 'fixed'], 'the working copy is the server record plus the edit');
});

test('a create refused as already_exists stays a create while the server\'s record is not on the phone', async () => {
  const db = await freshDb();
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'mine' } }, 'already_exists');
  const again = await retry(db, held.seq);
  assert.deepEqual([again.op, again.base_version], ['create', null]);
  assert.deepEqual(again.changes, { title: 'mine' });
});

test('a create refused for another reason is retried as a create, even when a record of its id is held', async () => {
  const db = await freshDb();
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'mine' } }, 'validation_error');
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 3, { title: 'theirs' }));
  const again = await retry(db, held.seq);
  assert.deepEqual([again.op, again.base_version], ['create', null]);
});

test('a refused update is retried on the base it was made on, not on a newer snapshot', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server' }));
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'mine' } });
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 5, { title: 'newer' }));
  const again = await retry(db, held.seq);
  assert.deepEqual([again.op, again.base_version], ['update', 2]);
});

test('retrying a mutation that is not quarantined, or that is gone, changes nothing and answers null', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'sent' }, userId: 7 });
  await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'dispute', id: D2, op: 'create', changes: { title: 'waiting' }, userId: 7 });
  const before = await db.getAll(STORES.outbox);
  assert.deepEqual(before.map((m) => m.state), [INFLIGHT, PENDING]);

  assert.equal(await retry(db, before[0].seq, { title: 'x' }), null);
  assert.equal(await retry(db, before[1].seq, { title: 'x' }), null);
  assert.equal(await retry(db, 999), null);
  assert.deepEqual(await db.getAll(STORES.outbox), before);
});

test('retry all puts every quarantined edit back, in their original order, and leaves the others alone', async () => {
  const db = await freshDb();
  const first = await refused(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'one' } });
  const second = await refused(db, { entity: 'dispute', id: D2, op: 'create', changes: { title: 'two' } });
  await enqueue(db, { entity: 'dispute', id: D3, op: 'create', changes: { title: 'three' }, userId: 7 });

  assert.equal(await retryAll(db), 2);
  const all = await db.getAll(STORES.outbox);
  assert.deepEqual(all.map((m) => [m.changes.title, m.state]), [['three', PENDING], ['one', PENDING], ['two', PENDING]]);
  assert.notEqual(all[1].mutation_id, first.mutation_id);
  assert.notEqual(all[2].mutation_id, second.mutation_id);
  assert.equal(await retryAll(db), 0, 'nothing is quarantined any more');
});

test('discarding a quarantined edit drops it and the working copy falls back to the server\'s version', async () => {
  const db = await freshDb();
  await db.put(STORES.snapshots, serverRecord('dispute', D1, 2, { title: 'server' }));
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'update', changes: { title: 'mine' } });
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'mine');
  assert.equal(await discard(db, held.seq), true);
  assert.equal(await db.count(STORES.outbox), 0);
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'server');
});

test('discard gives up only a quarantined edit: a queued or unknown one is left and answers false', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'sent' }, userId: 7 });
  await claimBatch(db, 7, 500);
  await enqueue(db, { entity: 'dispute', id: D2, op: 'create', changes: { title: 'waiting' }, userId: 7 });
  const before = await db.getAll(STORES.outbox);

  assert.equal(await discard(db, before[0].seq), false);
  assert.equal(await discard(db, before[1].seq), false);
  assert.equal(await discard(db, 999), false);
  assert.deepEqual(await db.getAll(STORES.outbox), before);
  assert.equal((await getRecord(db, 'dispute', D2)).title, 'waiting');
});

test('a refusal without errors or code is still quarantined, as "rejected" with no field errors, and stamped', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  const before = Date.now();
  assert.equal(await settle(db, sent, { mutation_id: sent.mutation_id, status: 'rejected' }), 'rejected');
  const [held] = await db.getAll(STORES.outbox);
  assert.deepEqual([held.state, held.errors, held.error_code], [REJECTED, {}, 'rejected']);
  assert.ok(Date.parse(held.rejected_at) >= before - 1000 && Date.parse(held.rejected_at) <= Date.now());
  assert.equal(held.mutation_id, sent.mutation_id);
});

test('a refusal of a mutation no longer queued adds nothing to the outbox', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'a' }, userId: 7 });
  const [sent] = await claimBatch(db, 7, 500);
  await db.delete(STORES.outbox, sent.seq);
  const outcome = await settle(db, sent, { mutation_id: sent.mutation_id, status: 'rejected', errors: {}, error_code: 'x' });
  assert.equal(outcome, 'rejected');
  assert.equal(await db.count(STORES.outbox), 0);
});

test('discarding a refused create removes the record from the phone: the server never had it', async () => {
  const db = await freshDb();
  const held = await refused(db, { entity: 'dispute', id: D1, op: 'create', changes: { title: 'mine' } });
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'mine');
  assert.equal(await discard(db, held.seq), true);
  assert.equal(await getRecord(db, 'dispute', D1), undefined);
});
