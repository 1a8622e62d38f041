import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STORES } from '../src/store/db.js';
import { claimBatch, enqueue } from '../src/store/outbox.js';
import { workingCopy } from '../src/store/rebase.js';
import { applyPulled, dropSnapshots, getRecord, sweepAfterReset } from '../src/store/records.js';
import { freshDb, serverRecord } from './helpers.js';

const D1 = '0190a0b0-0000-7000-8000-0000000000a1';
const D2 = '0190a0b0-0000-7000-8000-0000000000a2';

test('working copy = snapshot with pending changes laid over it, in order', () => {
  const snapshot = serverRecord('dispute', D1, 3, { title: 't', summary: 's', risk_level: 'low' });
  const copy = workingCopy(snapshot, [
    { op: 'update', entity: 'dispute', id: D1, changes: { summary: 'one', risk_level: 'high' } },
    { op: 'update', entity: 'dispute', id: D1, changes: { summary: 'two' } },
  ]);
  assert.deepEqual([copy.title, copy.summary, copy.risk_level, copy.version], ['t', 'two', 'high', 3]);
  assert.equal(snapshot.summary, 's', 'the snapshot is not modified');
});

test('a local create has version 0 and a pending case number; a void marks it voided', () => {
  const copy = workingCopy(null, [
    { op: 'create', entity: 'dispute', id: D1, changes: { title: 't' } },
    { op: 'void', entity: 'dispute', id: D1, changes: { void_reason: 'dup' }, client_time: '2026-01-01T00:00:00Z' },
  ]);
  assert.equal(copy.version, 0);
  assert.equal(copy.case_no, null);
  assert.equal(copy.voided_at, '2026-01-01T00:00:00Z');
  assert.equal(copy.void_reason, 'dup');
});

test('a pull rebases pending edits onto the new snapshot; their base_version stays the original', async () => {
  const db = await freshDb();
  await applyPulled(db, [serverRecord('dispute', D1, 2, { title: 'old', summary: 'old', risk_level: 'low' })]);
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  await claimBatch(db, 7, 500); // in flight when the pull lands
  await enqueue(db, { entity: 'dispute', id: D1, op: 'update', changes: { risk_level: 'high' }, userId: 7 });

  await applyPulled(db, [serverRecord('dispute', D1, 5, { title: 'new title', summary: 'theirs', risk_level: 'medium' })]);
  const record = await getRecord(db, 'dispute', D1);
  assert.deepEqual([record.title, record.summary, record.risk_level, record.version], ['new title', 'mine', 'high', 5]);
  const bases = (await db.getAll(STORES.outbox)).map((m) => m.base_version);
  assert.deepEqual(bases, [2, 2]);
});

test('an older record never replaces a newer snapshot', async () => {
  const db = await freshDb();
  await applyPulled(db, [serverRecord('dispute', D1, 5, { title: 'v5' })]);
  await applyPulled(db, [serverRecord('dispute', D1, 4, { title: 'v4' })]);
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'v5');
});

test('within one page too, the newer version of a record wins whatever the order', async () => {
  const db = await freshDb();
  await applyPulled(db, [serverRecord('dispute', D1, 3, { title: 'v3' })]);
  await applyPulled(db, [serverRecord('dispute', D1, 5, { title: 'v5' }), serverRecord('dispute', D1, 4, { title: 'v4' }),
    serverRecord('dispute', D2, 1, { title: 'two' })]);
  assert.equal((await getRecord(db, 'dispute', D1)).title, 'v5');
  assert.equal((await db.get(STORES.snapshots, ['dispute', D1])).version, 5);
  await applyPulled(db, [serverRecord('dispute', D2, 2, { title: 'two, edited' }), serverRecord('dispute', D1, 4, { title: 'v4' })]);
  assert.deepEqual([(await getRecord(db, 'dispute', D1)).title, (await getRecord(db, 'dispute', D2)).title], ['v5', 'two, edited']);
});

test('a reset keeps queued edits and sweeps what the server did not send again', async () => {
  const db = await freshDb();
  await applyPulled(db, [serverRecord('dispute', D1, 1, { title: 'one' }), serverRecord('dispute', D2, 1, { title: 'two' })]);
  await enqueue(db, { entity: 'dispute', id: D2, op: 'update', changes: { title: 'mine' }, userId: 7 });
  await dropSnapshots(db);
  await applyPulled(db, []);
  assert.equal(await sweepAfterReset(db), 1);
  assert.equal(await getRecord(db, 'dispute', D1), undefined);
  assert.equal((await getRecord(db, 'dispute', D2)).title, 'mine');
  assert.equal(await db.count(STORES.outbox), 1);
});

test('evicted records leave the phone, unless an edit for them is still queued', async () => {
  const { applyEvictions } = await import('../src/store/records.js');
  const db = await freshDb();
  await applyPulled(db, [serverRecord('dispute', D1, 1, { title: 'one' }), serverRecord('dispute', D2, 1, { title: 'two' })]);
  await enqueue(db, { entity: 'dispute', id: D2, op: 'update', changes: { summary: 'mine' }, userId: 7 });
  await applyEvictions(db, [{ entity: 'dispute', id: D1 }, { entity: 'dispute', id: D2 }]);
  assert.equal(await getRecord(db, 'dispute', D1), undefined);
  assert.equal((await getRecord(db, 'dispute', D2)).summary, 'mine');
  assert.equal(await db.get(STORES.snapshots, ['dispute', D2]), undefined);
});

test('a time written two ways for the same moment is no change, a second apart is one', async () => {
  const { changedFields } = await import('../src/store/rebase.js');
  const record = { visited_at: '2026-03-04T13:53:00+00:00', place: 'A' };
  assert.deepEqual(changedFields(record, { visited_at: '2026-03-04T13:53:00.000Z', place: 'A' }), {});
  assert.deepEqual(changedFields(record, { visited_at: '2026-03-04T21:53:00+08:00' }), {});
  assert.deepEqual(changedFields(record, { visited_at: '2026-03-04T13:53:01.000Z' }), { visited_at: '2026-03-04T13:53:01.000Z' });
  assert.deepEqual(changedFields({ title: '2026-03-04' }, { title: '2026-03-04T00:00:00Z' }), { title: '2026-03-04T00:00:00Z' });
});
