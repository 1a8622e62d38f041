import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDB } from 'idb';
import { DB_VERSION, openStore, STORES } from '../src/store/db.js';
import { fileBytes, pendingFiles, saveCapture } from '../src/store/files.js';
import { allMutations } from '../src/store/outbox.js';
import {
  countRaw, discardRaw, keepRaw, markUnreadable, nextRaw, rawBytes, rawDeletes, rawOfCase,
} from '../src/store/raw-photos.js';
import { freshDb } from './helpers.js';

const CASE = '0190a0b0-0000-7000-8000-0000000000c1';
const R1 = '0190a0b0-0000-7000-8000-0000000000b1';
const R2 = '0190a0b0-0000-7000-8000-0000000000b2';

function raw(id, userId = 7, extra = {}) {
  return { id, dispute_id: CASE, user_id: userId, kind: 'scene', taken_at: '2026-12-03T08:00:00Z', mime_type: 'image/jpeg', ...extra };
}

function prepared(id, byteSize = 300_000) {
  return {
    id, bytes: new ArrayBuffer(byteSize), thumb: new ArrayBuffer(10),
    values: { dispute_id: CASE, kind: 'scene', mime_type: 'image/jpeg', byte_size: byteSize, sha256: 'a'.repeat(64), taken_at: '2026-12-03T08:00:00Z' },
  };
}

test('a picked photo is kept as it is, bytes apart, and nothing of it is queued for the server', async () => {
  const db = await freshDb();
  await keepRaw(db, raw(R1), new ArrayBuffer(3_000_000), new Date('2026-12-03T08:00:01Z'));
  const [row] = await rawOfCase(db, CASE);
  assert.equal(row.byte_size, 3_000_000);
  assert.equal(row.bytes, undefined, 'the list reads no bytes');
  assert.equal(row.unreadable, false);
  assert.equal((await rawBytes(db, R1)).byteLength, 3_000_000);
  assert.equal(await countRaw(db), 1);
  assert.deepEqual(await allMutations(db), [], 'no create until it is prepared');
  assert.deepEqual(await pendingFiles(db), [], 'the uploader sees nothing');
});

test('keeping the prepared photo deletes its raw entry in the same transaction', async () => {
  const db = await freshDb();
  await keepRaw(db, raw(R1), new ArrayBuffer(100));
  await saveCapture(db, prepared(R1), 7, new Date(), rawDeletes(R1));
  assert.equal(await countRaw(db), 0);
  assert.equal(await rawBytes(db, R1), null);
  assert.equal((await fileBytes(db, R1)).byteLength, 300_000);
  assert.deepEqual((await allMutations(db)).map((m) => [m.entity, m.id, m.op]), [['attachment', R1, 'create']]);
});

test('raw photos are prepared oldest first, only the signed-in user\'s, unreadable ones left for the mediator', async () => {
  const db = await freshDb();
  await keepRaw(db, raw(R2), new ArrayBuffer(1), new Date('2026-12-03T08:00:02Z'));
  await keepRaw(db, raw(R1), new ArrayBuffer(1), new Date('2026-12-03T08:00:03Z'));
  await keepRaw(db, raw('other', 8), new ArrayBuffer(1), new Date('2026-12-03T08:00:00Z'));
  assert.equal((await nextRaw(db, 7)).id, R2);
  assert.equal((await nextRaw(db, 7, new Set([R2]))).id, R1, 'one already tried is skipped');
  await markUnreadable(db, R2);
  assert.equal((await nextRaw(db, 7)).id, R1);
  assert.equal((await rawOfCase(db, CASE)).find((r) => r.id === R2).unreadable, true, 'still shown');
  await markUnreadable(db, R2, false);
  assert.equal((await nextRaw(db, 7)).id, R2, 'tried again');
  await discardRaw(db, R2);
  assert.equal(await rawBytes(db, R2), null);
  assert.equal((await nextRaw(db, 7, new Set([R1]))), null);
});

test('a phone on database version 3 keeps its files and gains the raw photo stores', async () => {
  const name = `tiaojie-v3-${process.pid}`;
  const v3 = await openDB(name, 3, {
    upgrade(db) { // versions 1 to 3 as shipped (store/db.js)
      db.createObjectStore('snapshots', { keyPath: ['entity', 'id'] });
      const records = db.createObjectStore('records', { keyPath: ['entity', 'id'] });
      records.createIndex('entity', 'entity');
      records.createIndex('dispute_id', 'dispute_id');
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('record', ['entity', 'id']);
      outbox.createIndex('mutation_id', 'mutation_id', { unique: true });
      db.createObjectStore('notices', { keyPath: 'key', autoIncrement: true }).createIndex('record', ['entity', 'id']);
      db.createObjectStore('meta');
      db.createObjectStore('drafts', { keyPath: 'key' }).createIndex('user_id', 'user_id');
      db.createObjectStore('files', { keyPath: 'id' }).createIndex('dispute_id', 'dispute_id');
      db.createObjectStore('file_bytes', { keyPath: 'id' });
    },
  });
  await saveCapture(v3, prepared(R1), 7);
  v3.close();
  const db = await openStore(name);
  assert.equal(db.version, DB_VERSION);
  assert.ok(db.objectStoreNames.contains(STORES.rawPhotos) && db.objectStoreNames.contains(STORES.rawPhotoBytes));
  assert.equal((await fileBytes(db, R1)).byteLength, 300_000);
  await keepRaw(db, raw(R2), new ArrayBuffer(1));
  assert.equal((await rawOfCase(db, CASE)).length, 1);
});
