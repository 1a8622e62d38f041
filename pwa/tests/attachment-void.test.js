/** Voiding an attachment on the phone (作废): through the outbox like any edit; its bytes are never sent. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseBytes } from '../src/domain/attachments.js';
import { dropVoidedBytes, fileBytes, pendingFileBytes, saveCapture } from '../src/store/files.js';
import { allMutations, claimBatch, discard, settle } from '../src/store/outbox.js';
import { childrenOf, voidRecord } from '../src/store/records.js';
import { deviceHealth } from '../src/sync/client.js';
import { countUnsent } from '../src/sync/session.js';
import { uploadable } from '../src/sync/upload-queue.js';
import { uploadPending } from '../src/sync/uploads.js';
import { freshDb, noSleep, serverRecord, signedIn } from './helpers.js';

const CASE = '0190a0b0-0000-7000-8000-0000000000c1';
const A1 = '0190a0b0-0000-7000-8000-0000000000a1';
const A2 = '0190a0b0-0000-7000-8000-0000000000a2';

function capture(db, id, byteSize, when) {
  const values = { dispute_id: CASE, kind: 'evidence', mime_type: 'image/jpeg', byte_size: byteSize, sha256: 'a'.repeat(64), taken_at: when };
  return saveCapture(db, { id, values, bytes: new ArrayBuffer(byteSize), thumb: new ArrayBuffer(10) }, 7, new Date(when));
}

/** The server's answer to every queued mutation: applied (a void voids). */
async function acknowledge(db, status = 'applied') {
  for (const mutation of await claimBatch(db, 7, 500)) {
    const fields = { ...mutation.changes, dispute_id: CASE, upload_complete: false, voided_at: mutation.op === 'void' ? '2026-12-03T09:00:00Z' : null };
    await settle(db, mutation, status === 'applied'
      ? { mutation_id: mutation.mutation_id, status, record: serverRecord('attachment', mutation.id, mutation.op === 'void' ? 2 : 1, fields) }
      : { mutation_id: mutation.mutation_id, status, error_code: 'forbidden', errors: { voided_at: ['no'] } });
  }
}

function recordingSender() {
  const sent = [];
  return { sent, sendFile: async (_ctx, file) => { sent.push(file.id); } };
}

test('a photo voided before its record reached the server: both go in order, its bytes never, the pending count drops at once', async () => {
  const db = await freshDb();
  await signedIn(db);
  await capture(db, A1, 5000, '2026-12-03T08:00:00Z');
  await capture(db, A2, 3000, '2026-12-03T08:01:00Z');
  assert.equal(await pendingFileBytes(db), 8000);
  await voidRecord(db, { entity: 'attachment', id: A1, reason: '拍错了', userId: 7 });
  assert.deepEqual((await allMutations(db)).map((m) => [m.id, m.op, m.changes.void_reason ?? null]),
    [[A1, 'create', null], [A2, 'create', null], [A1, 'void', '拍错了']], 'the void follows the create; nothing folds into a create');
  assert.equal(await pendingFileBytes(db), 3000, 'the health report no longer counts it');
  assert.equal((await deviceHealth({ db }, 7)).pending_attachment_bytes, 3000);
  assert.equal((await countUnsent(db)).files, 1, 'a sign-out does not warn of it');
  const children = await childrenOf(db, CASE);
  assert.deepEqual(children.attachment.map((a) => a.id), [A2], 'it leaves the list');
  assert.equal(caseBytes(children.attachment), 3000, 'and the case\'s cap');

  await acknowledge(db);
  const sender = recordingSender();
  const outcome = await uploadPending({ db, sleep: noSleep, sendFile: sender.sendFile });
  assert.deepEqual(sender.sent, [A2], 'the voided photo\'s bytes are never sent');
  assert.equal(outcome.sent, 1);
  assert.equal(await dropVoidedBytes(db), 1, 'the server has the void: its bytes leave the phone');
  assert.equal(await fileBytes(db, A1), null);
});

test('bytes of a voided photo wait with its void; a refused void given up makes the photo sendable again, bytes intact', async () => {
  const db = await freshDb();
  await signedIn(db);
  await capture(db, A1, 5000, '2026-12-03T08:00:00Z');
  await acknowledge(db); // the create is on the server
  await voidRecord(db, { entity: 'attachment', id: A1, reason: '拍错了', userId: 7 });
  const files = [{ id: A1, user_id: 7, saved_at: '2026-12-03T08:00:00Z', byte_size: 5000 }];
  assert.deepEqual(uploadable(files, await allMutations(db), 7, new Set([A1])), []);
  assert.deepEqual(uploadable(files, await allMutations(db), 7).map((f) => f.id), [A1], 'only the void keeps it back');
  assert.equal(await dropVoidedBytes(db), 0, 'kept while the void waits');
  assert.equal((await fileBytes(db, A1)).byteLength, 5000);

  await acknowledge(db, 'rejected');
  assert.equal(await pendingFileBytes(db), 0, 'refused but not given up: still voided on the phone');
  const [refused] = await allMutations(db);
  await discard(db, refused.seq);
  assert.equal(await pendingFileBytes(db), 5000);
  const sender = recordingSender();
  await uploadPending({ db, sleep: noSleep, sendFile: sender.sendFile });
  assert.deepEqual(sender.sent, [A1]);
});
