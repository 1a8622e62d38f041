import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDB } from 'idb';
import { reactive } from 'vue';
import { DB_VERSION, openStore, setMeta, STORES } from '../src/store/db.js';
import { dropDraft, fill, listDrafts, loadDraft, saveDraft } from '../src/store/drafts.js';
import { askToPersist, storageStatus } from '../src/store/storage.js';
import { countUnsent, unsentExport } from '../src/sync/session.js';
import { freshDb } from './helpers.js';

const draft = (userId, name, values) => ({ key: `${userId}:${name}`, user_id: userId, form: name.split(':')[0], route: '/visits/new', title: '', values });

test('a phone on the first database version keeps its queued edits and records when the drafts store is added', async () => {
  const name = `tiaojie-ladder-${process.pid}`;
  const v1 = await openDB(name, 1, {
    upgrade(db) { // version 1 as shipped (store/db.js, first rung)
      db.createObjectStore('snapshots', { keyPath: ['entity', 'id'] });
      db.createObjectStore('records', { keyPath: ['entity', 'id'] }).createIndex('entity', 'entity');
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('record', ['entity', 'id']);
      db.createObjectStore('notices', { keyPath: 'key', autoIncrement: true });
      db.createObjectStore('meta');
    },
  });
  await v1.add('outbox', { entity: 'visit', id: 'v1', op: 'create', changes: { place: '3号楼' }, state: 'pending' });
  await v1.put('records', { entity: 'visit', id: 'v1', place: '3号楼' });
  v1.close();

  const db = await openStore(name);
  assert.equal(db.version, DB_VERSION);
  assert.ok(db.objectStoreNames.contains(STORES.drafts));
  assert.equal((await db.getAll(STORES.outbox))[0].changes.place, '3号楼');
  assert.equal((await db.get(STORES.records, ['visit', 'v1'])).place, '3号楼');
  await saveDraft(db, draft(7, 'visit:new', { place: '4号楼' }));
  assert.equal((await loadDraft(db, '7:visit:new')).values.place, '4号楼');
});

test('drafts are listed per user, newest first, and a dropped draft is gone', async () => {
  const db = await freshDb();
  await saveDraft(db, draft(7, 'visit:new', { place: 'A' }));
  await new Promise((resolve) => { setTimeout(resolve, 5); });
  await saveDraft(db, draft(7, 'log:case-1', { statements: 'B' }));
  await saveDraft(db, draft(8, 'visit:new', { place: 'someone else' }));

  assert.deepEqual((await listDrafts(db, 7)).map((d) => d.key), ['7:log:case-1', '7:visit:new']);
  await dropDraft(db, '7:log:case-1');
  assert.deepEqual((await listDrafts(db, 7)).map((d) => d.key), ['7:visit:new']);
  assert.deepEqual((await listDrafts(db, 8)).map((d) => d.values.place), ['someone else']);
});

test('a reactive form is saved as plain values and restored into the same nested objects', async () => {
  const db = await freshDb();
  const form = reactive({ title: '漏水', parties: [{ name: '张三' }] });
  const wrapper = reactive({ form, extra: { note: 'x' } });
  await saveDraft(db, draft(7, 'dispute:new', wrapper));
  const blank = reactive({ title: '', parties: [] });
  const target = reactive({ form: blank, extra: { note: '' } });
  fill(target, (await loadDraft(db, '7:dispute:new')).values);
  assert.equal(target.form, blank); // the screen's own object, filled in place
  assert.equal(blank.title, '漏水');
  assert.deepEqual(blank.parties, [{ name: '张三' }]);
  assert.equal(target.extra.note, 'x');
});

test('sign-out counts every unsent edit (held ones too) and draft, and the file has them without tokens', async () => {
  const db = await freshDb();
  assert.deepEqual(await countUnsent(db), { edits: 0, drafts: 0, files: 0 });
  await setMeta(db, 'auth', { access_token: 'secret-access', refresh_token: 'secret-refresh' });
  await setMeta(db, 'device_id', 'device-secret');
  await db.add(STORES.outbox, { mutation_id: 'm1', entity: 'visit', id: 'v1', op: 'create', changes: { place: '3号楼' }, user_id: 7, state: 'pending' });
  await db.add(STORES.outbox, { mutation_id: 'm2', entity: 'dispute', id: 'd1', op: 'update', changes: { title: 'x' }, user_id: 9, state: 'rejected' });
  await saveDraft(db, draft(7, 'visit:new', { place: '5号楼' }));

  assert.deepEqual(await countUnsent(db), { edits: 2, drafts: 1, files: 0 });
  const file = await unsentExport(db, { id: 7, username: 'mediator', display_name: '王调解' });
  assert.deepEqual(file.mutations.map((m) => m.mutation_id), ['m1', 'm2']);
  assert.equal(file.drafts[0].values.place, '5号楼');
  const text = JSON.stringify(file);
  assert.ok(!text.includes('secret') && !text.includes('device-secret'));
});

test('storage is near full from 80 % of the quota, and persistence is asked only when not yet granted', async () => {
  const asked = [];
  const storage = (usage, persisted) => ({
    estimate: async () => ({ usage, quota: 1000 }),
    persisted: async () => persisted,
    persist: async () => { asked.push('persist'); return true; },
  });
  assert.equal((await storageStatus(storage(799, false))).nearFull, false);
  assert.equal((await storageStatus(storage(800, true))).nearFull, true);
  assert.equal((await storageStatus(storage(800, true))).persisted, true);
  assert.equal(await askToPersist(storage(0, true)), true);
  assert.deepEqual(asked, []);
  assert.equal(await askToPersist(storage(0, false)), true);
  assert.deepEqual(asked, ['persist']);
  assert.equal(await storageStatus(undefined), null);
});
