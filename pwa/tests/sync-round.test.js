import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getMeta, openStore, setMeta, STORES } from '../src/store/db.js';
import { claimBatch, enqueue } from '../src/store/outbox.js';
import { getRecord } from '../src/store/records.js';
import { deviceHealth, PULL_LIMIT, refreshReference, syncOnce } from '../src/sync/client.js';
import { fakeServer, freshDb, noSleep, serverRecord, signedIn } from './helpers.js';

const id = (n) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const ctxFor = (db, server) => ({ db, fetch: server.fetch, sleep: noSleep, appVersion: 'test' });
const nothing = { pushed: 0, conflicts: 0, rejected: 0, pulled: 0, reset: false };
const apiError = (status, code, message = '') => ({ status, body: { error: { code, message, details: {} } } });
const emptyPull = () => ({ body: { records: [], cursor: 'c1', has_more: false } });

/** Run `body` with `globalThis.navigator` set to `navigator`, as in a browser. */
async function withNavigator(navigator, body) {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete globalThis.navigator;
  }
}

async function queued(db, places) {
  for (const [n, place] of places.entries()) {
    await enqueue(db, { entity: 'visit', id: id(n + 1), op: 'create', changes: { place }, userId: 7 });
  }
}

const answerFor = (status) => (m) => ({
  mutation_id: m.mutation_id, status, conflicts: [],
  errors: status === 'rejected' ? { place: ['x'] } : {}, error_code: status === 'rejected' ? 'validation_error' : undefined,
  record: status === 'rejected' ? null : serverRecord(m.entity, m.id, 1, m.changes),
});

test('no one signed in: nothing is sent and the round says signed_out', async () => {
  const db = await freshDb();
  const server = fakeServer({});
  assert.deepEqual(await syncOnce(ctxFor(db, server)), { ...nothing, status: 'signed_out' });
  assert.equal(server.calls.length, 0);
});

test('a sign-in to renew: nothing is sent until the user signs in again', async () => {
  const db = await freshDb();
  await signedIn(db);
  await setMeta(db, 'auth_state', 'sign_in_again');
  const server = fakeServer({});
  assert.deepEqual(await syncOnce(ctxFor(db, server)), { ...nothing, status: 'sign_in_again' });
  assert.equal(server.calls.length, 0);
});

test('a browser that knows it is offline sends nothing', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = fakeServer({ 'GET /api/sync/pull': emptyPull });
  const summary = await withNavigator({ onLine: false }, () => syncOnce(ctxFor(db, server)));
  assert.deepEqual(summary, { ...nothing, status: 'offline' });
  assert.equal(server.calls.length, 0);
  assert.equal(await getMeta(db, 'last_sync'), undefined);
});

test('a good round records when it ended; a failed one keeps that time and adds when and how it failed', async () => {
  const db = await freshDb();
  await signedIn(db);
  const before = Date.now();
  await syncOnce(ctxFor(db, fakeServer({ 'GET /api/sync/pull': emptyPull })));
  const good = await getMeta(db, 'last_sync');
  assert.deepEqual(Object.keys(good).sort(), ['at', 'status']);
  assert.equal(good.status, 'ok');
  assert.ok(Date.parse(good.at) >= before - 1000 && Date.parse(good.at) <= Date.now());

  const down = fakeServer({ 'GET /api/sync/pull': () => new TypeError('Failed to fetch') });
  assert.deepEqual(await syncOnce({ ...ctxFor(db, down), retries: 0 }), { ...nothing, status: 'offline' });
  const failed = await getMeta(db, 'last_sync');
  assert.equal(failed.at, good.at);
  assert.equal(failed.status, 'offline');
  assert.ok(Date.parse(failed.failed_at) >= Date.parse(good.at));
});

test('a first round that fails records only when and how', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = fakeServer({ 'GET /api/sync/pull': () => apiError(400, 'bad_cursor') });
  assert.deepEqual(await syncOnce(ctxFor(db, server)), { ...nothing, status: 'error', error: 'bad_cursor' });
  const record = await getMeta(db, 'last_sync');
  assert.deepEqual(Object.keys(record).sort(), ['failed_at', 'status']);
  assert.equal(record.status, 'error');
});

test('a refused sign-in says why and asks for a new sign-in', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = fakeServer({ 'GET /api/sync/pull': () => apiError(401, 'token_revoked') });
  assert.deepEqual(await syncOnce(ctxFor(db, server)), { ...nothing, status: 'sign_in_again', error: 'token_revoked' });
  assert.equal(await getMeta(db, 'auth_state'), 'sign_in_again');
  assert.equal((await getMeta(db, 'last_sync')).status, 'sign_in_again');
});

test('a revoked device with no wipe of its own deletes its database, and records no round', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['p']);
  const server = fakeServer({ 'POST /api/sync/push': () => apiError(401, 'device_revoked') });
  const ctx = { db, fetch: server.fetch, sleep: noSleep };
  assert.deepEqual(await syncOnce(ctx), { ...nothing, status: 'revoked' });
  const reopened = await openStore(db.name);
  assert.equal(await getMeta(reopened, 'user'), undefined);
  assert.equal(await reopened.count(STORES.outbox), 0);
  assert.equal(await getMeta(reopened, 'last_sync'), undefined);
});

test('a revoked device wiped by its own wipe records no round either', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = fakeServer({ 'GET /api/sync/pull': () => apiError(401, 'device_revoked') });
  await syncOnce({ ...ctxFor(db, server), wipe: async () => {} });
  assert.equal(await getMeta(db, 'last_sync'), undefined);
});

test('a sync never throws: any other failure is an error with its message', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = fakeServer({ 'GET /api/sync/pull': () => apiError(503, 'unavailable') });
  const failing = (reason) => syncOnce({ ...ctxFor(db, server), sleep: async () => { throw reason; } });
  assert.deepEqual(await failing(new Error('clock broke')), { ...nothing, status: 'error', error: 'clock broke' });
  assert.deepEqual(await failing('plain'), { ...nothing, status: 'error', error: 'plain' });
  assert.deepEqual(await failing(undefined), { ...nothing, status: 'error', error: 'undefined' });
});

test('progress is reported for every answered edit and every pulled page, and a broken listener stops nothing', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['applied', 'rejected', 'conflict']);
  const pages = {
    '': { records: [serverRecord('dispute', id(21), 1)], cursor: 'p1', has_more: true },
    p1: { records: [serverRecord('dispute', id(22), 1), serverRecord('dispute', id(23), 1)], cursor: 'p2', has_more: false },
  };
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => ({ body: { results: body.mutations.map((m) => answerFor(m.changes.place)(m)) } }),
    'GET /api/sync/pull': ({ query }) => ({ body: pages[query.get('cursor') ?? ''] }),
  });
  const seen = [];
  const summary = await syncOnce({ ...ctxFor(db, server), onProgress: (detail) => seen.push(detail) });
  assert.deepEqual(summary, { status: 'ok', pushed: 2, conflicts: 1, rejected: 1, pulled: 3, reset: false });
  assert.deepEqual(seen, [
    { phase: 'push', done: 1 }, { phase: 'push', done: 2 }, { phase: 'push', done: 3 },
    { phase: 'pull', done: 1 }, { phase: 'pull', done: 3 },
  ]);

  await queued(db, ['applied']);
  const broken = await syncOnce({ ...ctxFor(db, server), onProgress: () => { throw new Error('listener'); } });
  assert.equal(broken.status, 'ok');
  assert.equal(broken.pushed, 1);
});

test('a pull asks for pages of PULL_LIMIT records from the stored cursor', async () => {
  const db = await freshDb();
  await signedIn(db);
  await setMeta(db, 'cursor', 'c0');
  const server = fakeServer({ 'GET /api/sync/pull': () => ({ body: { records: [], has_more: false } }) });
  await syncOnce(ctxFor(db, server));
  assert.equal(server.calls[0].query.get('limit'), String(PULL_LIMIT));
  assert.equal(server.calls[0].query.get('cursor'), 'c0');
  assert.equal(await getMeta(db, 'cursor'), 'c0', 'a page without a cursor keeps the one held');
});

test('a reset interrupted before its re-pull ended is finished by the next round: what was not pulled again goes', async () => {
  const db = await freshDb();
  await signedIn(db);
  await db.put(STORES.records, serverRecord('dispute', id(1), 3, { title: 'gone from scope' }));
  await db.put(STORES.records, serverRecord('dispute', id(2), 3, { title: 'old' }));
  await setMeta(db, 'resetting', true);
  await setMeta(db, 'cursor', 'r1');
  const server = fakeServer({
    'GET /api/sync/pull': () => ({ body: { records: [serverRecord('dispute', id(2), 4, { title: 'again' })], cursor: 'r2', has_more: false } }),
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'ok');
  assert.equal(summary.reset, false, 'no reset was asked for in this round');
  assert.equal(await getRecord(db, 'dispute', id(1)), undefined);
  assert.equal((await getRecord(db, 'dispute', id(2))).title, 'again');
  assert.equal(await getMeta(db, 'resetting'), undefined);
  assert.equal(server.calls[0].query.get('cursor'), 'r1');
});

test('an ordinary pull removes no working copy', async () => {
  const db = await freshDb();
  await signedIn(db);
  await db.put(STORES.records, serverRecord('dispute', id(1), 3, { title: 'kept' }));
  await syncOnce(ctxFor(db, fakeServer({ 'GET /api/sync/pull': emptyPull })));
  assert.equal((await getRecord(db, 'dispute', id(1))).title, 'kept');
});

test('a server asking for a reset again and again ends the round after two, still marked as resetting', async () => {
  const db = await freshDb();
  await signedIn(db);
  await db.put(STORES.snapshots, serverRecord('dispute', id(1), 3));
  await setMeta(db, 'cursor', 'c5');
  const server = fakeServer({ 'GET /api/sync/pull': () => ({ body: { reset: true } }) });
  const summary = await syncOnce(ctxFor(db, server));
  assert.deepEqual(summary, { ...nothing, reset: true, status: 'error', error: 'reset_loop' });
  assert.equal(server.calls.length, 3);
  assert.equal(await getMeta(db, 'resetting'), true);
  assert.equal(await getMeta(db, 'cursor'), undefined);
  assert.equal(await db.count(STORES.snapshots), 0);
});

test('a single edit too large for the server is quarantined as too_large and the rest goes through', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['a', 'huge', 'b']);
  const sizes = [];
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => {
      sizes.push(body.mutations.length);
      if (body.mutations.some((m) => m.changes.place === 'huge')) return apiError(413, 'payload_too_large', 'too big');
      return { body: { results: body.mutations.map(answerFor('applied')) } };
    },
    'GET /api/sync/pull': emptyPull,
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.deepEqual(summary, { ...nothing, status: 'ok', pushed: 2, rejected: 1 });
  assert.deepEqual(sizes, [3, 1, 1, 1]);
  const [held] = await db.getAll(STORES.outbox);
  assert.deepEqual([held.changes.place, held.state, held.error_code, held.errors], ['huge', 'rejected', 'too_large', { _mutation: ['too big'] }]);
});

test('a lone failing edit is not blamed when the empty push cannot reach the server either', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['bad']);
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => (body.mutations.length ? apiError(500, 'internal_error') : new TypeError('Failed to fetch')),
  });
  const summary = await syncOnce({ ...ctxFor(db, server), retries: 0 });
  assert.deepEqual(summary, { ...nothing, status: 'error', error: 'internal_error' });
  assert.equal((await db.getAll(STORES.outbox))[0].state, 'inflight');
});

test('an empty push refused for another reason ends the round with that reason, blaming no edit', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['bad']);
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => (body.mutations.length ? apiError(500, 'internal_error') : apiError(400, 'bad_request')),
  });
  const summary = await syncOnce({ ...ctxFor(db, server), retries: 0 });
  assert.deepEqual(summary, { ...nothing, status: 'error', error: 'bad_request' });
  assert.equal((await db.getAll(STORES.outbox))[0].state, 'inflight');
});

test('the health report: version, outbox size, oldest waiting edit and storage used, attachment bytes waiting (none here)', async () => {
  const db = await freshDb();
  await enqueue(db, { entity: 'visit', id: id(1), op: 'create', changes: {}, userId: 7, now: new Date('2026-03-01T09:00:00Z') });
  await enqueue(db, { entity: 'visit', id: id(2), op: 'create', changes: {}, userId: 8, now: new Date('2026-03-01T08:00:00Z') });
  await claimBatch(db, 7, 500);
  const storage = (estimate) => ({ storage: { estimate } });
  const health = await withNavigator(storage(async () => ({ usage: 12345, quota: 99999 })), () => deviceHealth({ db, appVersion: '1.2.3' }, 7));
  assert.deepEqual(health, { app_version: '1.2.3', outbox_size: 2, oldest_pending: '2026-03-01T08:00:00.000Z', storage_used_bytes: 12345, pending_attachment_bytes: 0 });

  const failing = await withNavigator(storage(async () => { throw new Error('denied'); }), () => deviceHealth({ db }, 7));
  assert.deepEqual([failing.app_version, failing.storage_used_bytes], ['dev', null]);
  assert.equal((await withNavigator(storage(async () => ({})), () => deviceHealth({ db }, 7))).storage_used_bytes, null);
  assert.equal((await withNavigator({}, () => deviceHealth({ db }, 7))).storage_used_bytes, null);
  assert.equal((await deviceHealth({ db }, 7)).storage_used_bytes, null);
});

test('reference data held without its ETag, or an ETag without the data, is fetched in full', async () => {
  const db = await freshDb();
  await signedIn(db);
  const reference = { areas: [1] };
  const server = fakeServer({ 'GET /api/reference': () => ({ body: reference }) });
  await setMeta(db, 'reference_etag', '"old"');
  assert.deepEqual(await refreshReference(ctxFor(db, server)), reference);
  assert.equal(server.calls[0].headers['If-None-Match'], undefined);
  assert.equal(await getMeta(db, 'reference_etag'), undefined, 'an answer without an ETag drops the old one');
  assert.deepEqual(await getMeta(db, 'reference'), reference);
  await refreshReference(ctxFor(db, server));
  assert.equal(server.calls[1].headers['If-None-Match'], undefined);
});

test('an answer of a status this version does not know keeps the edit in flight and ends the round: no resending loop', async () => {
  const db = await freshDb();
  await signedIn(db);
  await queued(db, ['a', 'b']);
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => ({
      body: { results: body.mutations.map((m) => (m.changes.place === 'a' ? answerFor('applied')(m) : { mutation_id: m.mutation_id, status: 'deferred' })) },
    }),
    'GET /api/sync/pull': emptyPull,
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.deepEqual(summary, { ...nothing, status: 'error', error: 'no_results', pushed: 1 });
  assert.deepEqual(server.calls.map((c) => c.body.mutations.length), [2, 1]);
  assert.deepEqual((await db.getAll(STORES.outbox)).map((m) => [m.changes.place, m.state]), [['b', 'inflight']]);
});

/** A captive portal: every request answered 200 with its own HTML sign-in page. */
const portal = async () => new Response('<html>sign in to the wifi</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });

test('a pull answered with a page that is not JSON (a captive portal) fails the round and keeps the cursor', async () => {
  const db = await freshDb();
  await signedIn(db);
  await setMeta(db, 'cursor', 'c7');
  const summary = await syncOnce({ db, fetch: portal, sleep: noSleep });
  assert.deepEqual(summary, { ...nothing, status: 'error', error: 'not_json' });
  assert.equal(await getMeta(db, 'cursor'), 'c7');
  assert.equal((await getMeta(db, 'last_sync')).status, 'error');
});

test('reference data answered with a page that is not JSON keeps what is held', async () => {
  const db = await freshDb();
  await signedIn(db);
  const reference = { areas: [1] };
  await setMeta(db, 'reference', reference);
  await setMeta(db, 'reference_etag', '"abc"');
  await assert.rejects(refreshReference({ db, fetch: portal, sleep: noSleep }), { code: 'not_json' });
  assert.deepEqual(await getMeta(db, 'reference'), reference);
  assert.equal(await getMeta(db, 'reference_etag'), '"abc"');
});

test('after a reset the re-pull decides: a record the server no longer sends leaves the phone', async () => {
  const db = await freshDb();
  await signedIn(db);
  for (const n of [1, 2]) {
    await db.put(STORES.snapshots, serverRecord('dispute', id(n), 3, { title: `held ${n}` }));
    await db.put(STORES.records, serverRecord('dispute', id(n), 3, { title: `held ${n}` }));
  }
  await setMeta(db, 'cursor', 'stale');
  const server = fakeServer({
    'GET /api/sync/pull': ({ query }) => (query.get('cursor') === 'stale'
      ? { body: { reset: true } }
      : { body: { records: [serverRecord('dispute', id(2), 4, { title: 'sent again' })], cursor: 'c1', has_more: false } }),
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.deepEqual([summary.status, summary.reset, summary.pulled], ['ok', true, 1]);
  assert.equal(await getRecord(db, 'dispute', id(1)), undefined);
  assert.equal((await getRecord(db, 'dispute', id(2))).title, 'sent again');
  assert.equal(await getMeta(db, 'resetting'), undefined);
});
