import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDB } from 'idb';
import { capRefusal, caseBytes, fileState, fitWithin, sizeText, smoothingFor } from '../src/domain/attachments.js';
import { DB_VERSION, openStore, STORES } from '../src/store/db.js';
import { allFiles, fileBytes, markUploaded, pendingFileBytes, saveCapture, updateFile } from '../src/store/files.js';
import { claimBatch, settle } from '../src/store/outbox.js';
import { deviceHealth } from '../src/sync/client.js';
import { afterFailure, tusTarget, uploadable } from '../src/sync/upload-queue.js';
import { keepRaw } from '../src/store/raw-photos.js';
import { countUnsent } from '../src/sync/session.js';
import { uploadPending } from '../src/sync/uploads.js';
import { fakeServer, freshDb, noSleep, serverRecord, signedIn } from './helpers.js';

const CASE = '0190a0b0-0000-7000-8000-0000000000c1';
const A1 = '0190a0b0-0000-7000-8000-0000000000a1';
const A2 = '0190a0b0-0000-7000-8000-0000000000a2';
const LIMITS = { attachment_max_bytes: { 'image/jpeg': 5 * 1024 * 1024, 'image/png': 5 * 1024 * 1024 }, attachment_case_max_bytes: 100 * 1024 * 1024 };

function values(byteSize = 300_000, kind = 'evidence') {
  return { dispute_id: CASE, kind, mime_type: 'image/jpeg', byte_size: byteSize, sha256: 'a'.repeat(64), taken_at: '2026-12-03T08:00:00Z' };
}

async function captured(db, id, byteSize = 300_000, userId = 7, when = '2026-12-03T08:00:00Z') {
  return saveCapture(db, { id, values: values(byteSize), bytes: new ArrayBuffer(byteSize), thumb: new ArrayBuffer(10) }, userId, new Date(when));
}

/** The server's answer to the push of every queued create: applied. */
async function acknowledge(db, userId = 7) {
  for (const mutation of await claimBatch(db, userId, 500)) {
    await settle(db, mutation, { mutation_id: mutation.mutation_id, status: 'applied', record: serverRecord(mutation.entity, mutation.id, 1, { ...mutation.changes, upload_complete: false }) });
  }
}

test('a photo is downscaled to a long side of 1,600 px, proportions kept, and a small one is never enlarged', () => {
  assert.deepEqual(fitWithin(4000, 3000, 1600), { width: 1600, height: 1200 });
  assert.deepEqual(fitWithin(3000, 4000, 1600), { width: 1200, height: 1600 });
  assert.deepEqual(fitWithin(800, 600, 1600), { width: 800, height: 600 });
  assert.equal(smoothingFor(1600 / 2400), 'low', 'a mild reduction is bilinear: half the time at CPU x4');
  assert.equal(smoothingFor(1600 / 4000), 'medium', 'a strong one needs more taps against aliasing');
});

test('the per-file and per-case caps refuse a file before it is saved, in the server\'s numbers', () => {
  assert.equal(capRefusal({ mime_type: 'image/jpeg', byte_size: 400_000 }, 0, LIMITS), null);
  assert.deepEqual(capRefusal({ mime_type: 'image/jpeg', byte_size: 5 * 1024 * 1024 + 1 }, 0, LIMITS), { code: 'file_too_large', limit: 5 * 1024 * 1024 });
  assert.deepEqual(capRefusal({ mime_type: 'image/gif', byte_size: 10 }, 0, LIMITS), { code: 'type_not_accepted' });
  const nearlyFull = 100 * 1024 * 1024 - 100_000;
  assert.deepEqual(capRefusal({ mime_type: 'image/jpeg', byte_size: 100_001 }, nearlyFull, LIMITS), { code: 'case_too_large', limit: 100 * 1024 * 1024, used: nearlyFull });
  assert.equal(capRefusal({ mime_type: 'image/jpeg', byte_size: 100_000 }, nearlyFull, LIMITS), null);
  assert.equal(caseBytes([{ byte_size: 5 }, { byte_size: 7, voided_at: '2026-12-01T00:00:00Z' }, { byte_size: 3 }]), 8);
  assert.equal(sizeText(400 * 1024), '400 KB');
  assert.equal(sizeText(5 * 1024 * 1024), '5 MB');
});

test('each file shows where its bytes are: only on the phone, waiting, uploading N %, uploaded, refused', () => {
  const record = { id: A1, byte_size: 1000 };
  const file = { id: A1, byte_size: 1000, sent: 0 };
  assert.deepEqual(fileState(record, file, true), { state: 'local' });
  assert.deepEqual(fileState(record, file, false), { state: 'waiting' });
  assert.deepEqual(fileState(record, { ...file, sent: 256 }, false), { state: 'uploading', percent: 25 });
  assert.deepEqual(fileState(record, file, false, 999), { state: 'uploading', percent: 99 });
  assert.deepEqual(fileState(record, { ...file, uploaded_at: '2026-12-03T09:00:00Z' }, false), { state: 'uploaded' });
  assert.deepEqual(fileState({ ...record, upload_complete: true }, null, false), { state: 'uploaded' });
  assert.deepEqual(fileState(record, null, false), { state: 'uploading' }); // taken on another phone
  assert.deepEqual(fileState(record, { ...file, refused: 'checksum_mismatch' }, false), { state: 'refused' });
});

test('a capture is saved as its record\'s create in the outbox and its bytes as an ArrayBuffer, in one go', async () => {
  const db = await freshDb();
  const saved = await captured(db, A1, 1234);
  assert.equal(saved.mutation.entity, 'attachment');
  assert.equal(saved.mutation.op, 'create');
  assert.equal(saved.mutation.changes.byte_size, 1234);
  const bytes = await fileBytes(db, A1);
  assert.ok(bytes instanceof ArrayBuffer);
  assert.equal(bytes.byteLength, 1234);
  const [row] = await allFiles(db);
  assert.equal(row.dispute_id, CASE);
  assert.equal(row.begun, false);
  assert.equal(row.bytes, undefined, 'file rows stay small: lists read them');
  assert.equal(await pendingFileBytes(db), 1234);
  await updateFile(db, A1, { sent: 1000 });
  assert.equal(await pendingFileBytes(db), 234);
  await markUploaded(db, A1);
  assert.equal(await fileBytes(db, A1), null);
  assert.equal(await pendingFileBytes(db), 0);
  assert.ok((await allFiles(db))[0].thumb, 'the thumbnail stays for the list');
});

test('a phone on database version 2 keeps its outbox and gains the file stores', async () => {
  const name = `tiaojie-v2-${process.pid}`;
  const v2 = await openDB(name, 2, {
    upgrade(db) {
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
    },
  });
  await v2.add('outbox', { mutation_id: 'm1', entity: 'visit', id: 'v1', op: 'create', changes: { place: '3号楼' }, state: 'pending' });
  v2.close();
  const db = await openStore(name);
  assert.equal(db.version, DB_VERSION);
  assert.ok(db.objectStoreNames.contains(STORES.files) && db.objectStoreNames.contains(STORES.fileBytes));
  assert.equal((await db.getAll(STORES.outbox))[0].changes.place, '3号楼');
  await captured(db, A1);
  assert.equal((await db.getAllFromIndex(STORES.files, 'dispute_id', CASE)).length, 1);
});

test('bytes wait for their record\'s create to be acknowledged, and only their own user sends them, oldest first', () => {
  const files = [
    { id: A2, user_id: 7, saved_at: '2026-12-03T09:00:00Z' },
    { id: A1, user_id: 7, saved_at: '2026-12-03T08:00:00Z' },
    { id: 'other-user', user_id: 8, saved_at: '2026-12-03T07:00:00Z' },
    { id: 'sent', user_id: 7, saved_at: '2026-12-03T07:00:00Z', uploaded_at: '2026-12-03T07:05:00Z' },
    { id: 'refused', user_id: 7, saved_at: '2026-12-03T07:00:00Z', refused: 'checksum_mismatch' },
    { id: 'queued', user_id: 7, saved_at: '2026-12-03T07:00:00Z' },
  ];
  const outbox = [
    { entity: 'attachment', id: 'queued', op: 'create', state: 'inflight' },
    { entity: 'attachment', id: A1, op: 'update', state: 'pending' }, // a caption edit does not hold the bytes
  ];
  assert.deepEqual(uploadable(files, outbox, 7).map((f) => f.id), [A1, A2]);
});

test('an upload the server has begun is resumed from its URL and never created anew at the endpoint', () => {
  assert.deepEqual(tusTarget({ id: A1, begun: false }), { endpoint: '/api/uploads/' });
  assert.deepEqual(tusTarget({ id: A1, begun: true }, 'https://x.test'), { uploadUrl: `https://x.test/api/uploads/${A1}` });
  assert.ok(!('endpoint' in tusTarget({ id: A1, begun: true })), 'with no endpoint a failed HEAD cannot start the bytes from zero');
});

test('after a failure the queue resumes, restarts only when the server holds nothing, and never retries refused bytes', () => {
  assert.deepEqual(afterFailure({ status: 0, code: 'network' }), { next: 'later' });
  assert.deepEqual(afterFailure({ status: 503 }), { next: 'later' });
  assert.deepEqual(afterFailure({ status: 423, code: 'upload_busy' }), { next: 'later' });
  assert.deepEqual(afterFailure({ status: 409, code: 'offset_mismatch' }), { next: 'later' });
  assert.deepEqual(afterFailure({ status: 404, code: 'upload_not_found' }), { next: 'again', patch: { begun: false, sent: 0 } });
  assert.deepEqual(afterFailure({ status: 409, code: 'upload_complete' }), { next: 'skip', uploaded: true });
  assert.deepEqual(afterFailure({ status: 422, code: 'checksum_mismatch' }), { next: 'skip', patch: { refused: 'checksum_mismatch', begun: false, sent: 0 } });
  assert.deepEqual(afterFailure({ status: 404, code: 'not_found' }), { next: 'skip', patch: { refused: 'not_found' } });
  assert.deepEqual(afterFailure({ status: 401, code: 'token_invalid' }), { next: 'sign_in' });
});

/** A stand-in for sync/uploader.js: answers each call from `script` in turn and records what it was given. */
function scriptedSender(script) {
  const calls = [];
  const sendFile = async (_ctx, file, bytes, hooks) => {
    calls.push({ id: file.id, begun: file.begun, size: bytes.byteLength, token: hooks.token });
    const step = script.shift() ?? { ok: true };
    if (step.begun) hooks.onBegun();
    if (step.accepted !== undefined) hooks.onAccepted(step.accepted);
    if (!step.ok) throw step.failure;
  };
  return { sendFile, calls };
}

test('the queue sends acknowledged files only, resumes a cut upload from where the server was, and drops sent bytes', async () => {
  const db = await freshDb();
  await signedIn(db);
  await captured(db, A1, 600_000, 7, '2026-12-03T08:00:00Z');
  const sender = scriptedSender([
    { begun: true, accepted: 262_144, ok: false, failure: { status: 0, code: 'network' } }, // cut after a chunk
    { ok: true },
  ]);
  const ctx = { db, sleep: noSleep, sendFile: sender.sendFile };
  assert.deepEqual(await uploadPending(ctx), { status: 'ok', sent: 0, tried: 0 }, 'the record is not on the server yet');
  await acknowledge(db);
  const outcome = await uploadPending(ctx);
  assert.equal(outcome.status, 'ok');
  assert.equal(outcome.sent, 1);
  assert.deepEqual(sender.calls.map((c) => c.begun), [false, true], 'the retry resumes the upload the server began');
  assert.equal(sender.calls[0].token, 'access-1');
  assert.equal(await fileBytes(db, A1), null);
  assert.ok((await allFiles(db))[0].uploaded_at);
});

test('a failing line stops the queue after a few tries and keeps the offset the server confirmed', async () => {
  const db = await freshDb();
  await signedIn(db);
  await captured(db, A1, 600_000);
  await acknowledge(db);
  const cut = { ok: false, failure: { status: 0, code: 'network' } };
  const sender = scriptedSender([{ begun: true, accepted: 262_144, ...cut }, cut, cut, cut]);
  const outcome = await uploadPending({ db, sleep: noSleep, sendFile: sender.sendFile });
  assert.equal(outcome.status, 'later');
  assert.equal(sender.calls.length, 3);
  const [row] = await allFiles(db);
  assert.equal(row.sent, 262_144);
  assert.equal(row.begun, true);
  assert.equal(await pendingFileBytes(db), 600_000 - 262_144);
});

test('an expired token is renewed once and the upload goes on', async () => {
  const db = await freshDb();
  await signedIn(db);
  await captured(db, A1);
  await acknowledge(db);
  const sender = scriptedSender([{ ok: false, failure: { status: 401, code: 'token_expired' } }, { ok: true }]);
  const { fetch } = fakeServer({ 'POST /api/auth/refresh': () => ({ body: { access_token: 'access-2' } }) });
  const outcome = await uploadPending({ db, fetch, sleep: noSleep, sendFile: sender.sendFile });
  assert.equal(outcome.sent, 1);
  assert.deepEqual(sender.calls.map((c) => c.token), ['access-1', 'access-2']);
});

test('bytes the server refuses are not sent again, and the next file goes', async () => {
  const db = await freshDb();
  await signedIn(db);
  await captured(db, A1, 1000, 7, '2026-12-03T08:00:00Z');
  await captured(db, A2, 1000, 7, '2026-12-03T09:00:00Z');
  await acknowledge(db);
  const sender = scriptedSender([{ ok: false, failure: { status: 422, code: 'content_not_accepted' } }, { ok: true }]);
  const outcome = await uploadPending({ db, sleep: noSleep, sendFile: sender.sendFile });
  assert.deepEqual(sender.calls.map((c) => c.id), [A1, A2]);
  assert.equal(outcome.sent, 1);
  assert.equal((await allFiles(db)).find((f) => f.id === A1).refused, 'content_not_accepted');
  assert.equal((await uploadPending({ db, sleep: noSleep, sendFile: sender.sendFile })).tried, 0);
});

test('the health report carries the attachment bytes still only on the phone', async () => {
  const db = await freshDb();
  await signedIn(db);
  await captured(db, A1, 5000);
  const report = await deviceHealth({ db }, 7);
  assert.equal(report.pending_attachment_bytes, 5000);
});

test('a sign-out counts the photos and signatures not yet uploaded among what it would delete', async () => {
  const db = await freshDb();
  await captured(db, A1);
  await captured(db, A2);
  await markUploaded(db, A2);
  assert.equal((await countUnsent(db)).files, 1);
});

test('a sign-out counts photos kept as the camera gave them and not yet prepared', async () => {
  const db = await freshDb();
  await captured(db, A1);
  await keepRaw(db, { id: A2, dispute_id: CASE, user_id: 7, kind: 'evidence', taken_at: '2026-12-03T08:00:00Z',
    mime_type: 'image/jpeg' }, new ArrayBuffer(16));
  assert.equal((await countUnsent(db)).files, 2);
});
