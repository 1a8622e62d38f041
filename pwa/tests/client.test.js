import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getMeta, STORES } from '../src/store/db.js';
import { enqueue } from '../src/store/outbox.js';
import { getRecord } from '../src/store/records.js';
import { refreshReference, syncOnce } from '../src/sync/client.js';
import { fakeServer, freshDb, noSleep, serverRecord, signedIn } from './helpers.js';

const id = (n) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** A server that applies every create and update as version base+1, and pulls nothing. */
function applyingServer(extra = {}) {
  return fakeServer({
    'POST /api/sync/push': ({ body }) => ({
      body: {
        results: body.mutations.map((m) => ({
          mutation_id: m.mutation_id, status: 'applied', errors: {}, conflicts: [],
          record: serverRecord(m.entity, m.id, (m.base_version ?? 0) + 1, { ...m.changes, case_no: m.op === 'create' ? 'N1' : undefined }),
        })),
        server_time: '2026-01-01T00:00:00Z',
      },
    }),
    'GET /api/sync/pull': () => ({ body: { records: [], cursor: 'c1', has_more: false } }),
    ...extra,
  });
}

const ctxFor = (db, server) => ({ db, fetch: server.fetch, sleep: noSleep, appVersion: 'test' });

test('pushes the outbox in order, in batches of at most 500, with the device health block', async () => {
  const db = await freshDb();
  await signedIn(db);
  for (let n = 1; n <= 600; n += 1) {
    await enqueue(db, { entity: 'visit', id: id(n), op: 'create', changes: { place: `p${n}` }, userId: 7 });
  }
  const server = applyingServer();
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'ok');
  assert.equal(summary.pushed, 600);
  const pushes = server.calls.filter((c) => c.key === 'POST /api/sync/push');
  assert.deepEqual(pushes.map((c) => c.body.mutations.length), [500, 100]);
  assert.equal(pushes[0].body.mutations[0].changes.place, 'p1');
  assert.equal(pushes[1].body.mutations[99].changes.place, 'p600');
  assert.equal(pushes[0].body.device.outbox_size, 600);
  assert.equal(pushes[0].body.device_id, 'device-test');
  assert.deepEqual(Object.keys(pushes[0].body.mutations[0]).sort(),
    ['base_version', 'changes', 'client_time', 'entity', 'id', 'mutation_id', 'op']);
  assert.equal(await db.count(STORES.outbox), 0);
  assert.equal((await getRecord(db, 'visit', id(1))).case_no, 'N1');
  assert.equal(await getMeta(db, 'cursor'), 'c1');
});

test('an expired access token is refreshed once and the request repeated', async () => {
  const db = await freshDb();
  await signedIn(db);
  let pulls = 0;
  const server = fakeServer({
    'POST /api/auth/refresh': ({ headers }) => {
      assert.equal(headers.Authorization, 'Bearer refresh-1');
      return { body: { access_token: 'access-2' } };
    },
    'GET /api/sync/pull': ({ headers }) => {
      pulls += 1;
      if (headers.Authorization === 'Bearer access-1') {
        return { status: 401, body: { error: { code: 'token_expired', message: 'expired', details: {} } } };
      }
      return { body: { records: [], cursor: 'c', has_more: false } };
    },
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'ok');
  assert.equal(pulls, 2);
  assert.equal((await getMeta(db, 'auth')).access_token, 'access-2');
});

test('a refused refresh asks to sign in again and keeps the outbox', async () => {
  const db = await freshDb();
  await signedIn(db);
  await enqueue(db, { entity: 'visit', id: id(1), op: 'create', changes: { place: 'p' }, userId: 7 });
  const expired = { status: 401, body: { error: { code: 'token_expired', message: '', details: {} } } };
  const server = fakeServer({
    'POST /api/sync/push': () => expired,
    'POST /api/auth/refresh': () => ({ status: 401, body: { error: { code: 'token_expired', message: '', details: {} } } }),
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'sign_in_again');
  assert.equal(await getMeta(db, 'auth_state'), 'sign_in_again');
  assert.equal(await db.count(STORES.outbox), 1);
  assert.equal((await syncOnce(ctxFor(db, server))).status, 'sign_in_again', 'no further calls until signed in');
});

test('a revoked device wipes its local data', async () => {
  const db = await freshDb();
  await signedIn(db);
  await enqueue(db, { entity: 'visit', id: id(1), op: 'create', changes: { place: 'p' }, userId: 7 });
  let wiped = false;
  const server = fakeServer({
    'POST /api/sync/push': () => ({ status: 401, body: { error: { code: 'device_revoked', message: '', details: {} } } }),
  });
  const summary = await syncOnce({ ...ctxFor(db, server), wipe: async () => { wiped = true; } });
  assert.equal(summary.status, 'revoked');
  assert.equal(wiped, true);
});

test('network errors and 5xx are retried with backoff; offline ends the round quietly', async () => {
  const db = await freshDb();
  await signedIn(db);
  let attempts = 0;
  const delays = [];
  const flaky = fakeServer({
    'GET /api/sync/pull': () => {
      attempts += 1;
      if (attempts === 1) return new TypeError('Failed to fetch');
      if (attempts === 2) return { status: 503, body: { error: { code: 'unavailable', message: '', details: {} } } };
      return { body: { records: [], cursor: 'c', has_more: false } };
    },
  });
  const ok = await syncOnce({ ...ctxFor(db, flaky), sleep: async (ms) => { delays.push(ms); } });
  assert.equal(ok.status, 'ok');
  assert.equal(delays.length, 2);
  assert.ok(delays[1] >= delays[0] / 2 && delays[0] >= 500 && delays[1] >= 1000);

  const down = fakeServer({ 'GET /api/sync/pull': () => new TypeError('Failed to fetch') });
  const offline = await syncOnce(ctxFor(db, down));
  assert.equal(offline.status, 'offline');
  assert.equal(down.calls.length, 4, 'one try and three retries');
});

test('pull loops until has_more is false; a reset re-pulls from no cursor and keeps the outbox', async () => {
  const db = await freshDb();
  await signedIn(db);
  await enqueue(db, { entity: 'dispute', id: id(9), op: 'create', changes: { title: 'mine' }, userId: 7 });
  const server = fakeServer({
    'POST /api/sync/push': () => ({ status: 503, body: { error: { code: 'down', message: '', details: {} } } }),
  });
  await syncOnce({ ...ctxFor(db, server), retries: 0 });

  const pages = {
    '': { records: [serverRecord('dispute', id(1), 1, { title: 'a' })], cursor: 'p1', has_more: true },
    p1: { records: [serverRecord('dispute', id(2), 1, { title: 'b' })], cursor: 'p2', has_more: false },
  };
  let resetSent = false;
  const pulling = fakeServer({
    'POST /api/sync/push': ({ body }) => ({ body: { results: body.mutations.map((m) => ({ mutation_id: m.mutation_id, status: 'rejected', errors: { area_id: ['x'] }, error_code: 'validation_error', record: null })) } }),
    'GET /api/sync/pull': ({ query }) => {
      const cursor = query.get('cursor') ?? '';
      if (cursor === 'stale' && !resetSent) {
        resetSent = true;
        return { body: { reset: true } };
      }
      return { body: pages[cursor] };
    },
  });
  const { setMeta } = await import('../src/store/db.js');
  await setMeta(db, 'cursor', 'stale');
  const summary = await syncOnce(ctxFor(db, pulling));
  assert.equal(summary.status, 'ok');
  assert.equal(summary.reset, true);
  assert.equal(summary.pulled, 2);
  assert.equal(await getMeta(db, 'cursor'), 'p2');
  assert.equal((await getRecord(db, 'dispute', id(9))).title, 'mine', 'the queued (now quarantined) create survives the reset');
  assert.equal(await db.count(STORES.outbox), 1);
  const pullCursors = pulling.calls.filter((c) => c.key === 'GET /api/sync/pull').map((c) => c.query.get('cursor'));
  assert.deepEqual(pullCursors, ['stale', null, 'p1']);
});

test('the next page is asked for while a page is stored, but the cursor moves only past pages stored', async () => {
  const db = await freshDb();
  await signedIn(db);
  const pages = {
    '': { records: [serverRecord('dispute', id(1), 1, { title: 'a' })], cursor: 'p1', has_more: true },
    p1: { records: [{ entity: 'dispute', title: 'no id: the phone cannot store it' }], cursor: 'p2', has_more: true },
    p2: { records: [serverRecord('dispute', id(3), 1, { title: 'c' })], cursor: 'p3', has_more: false },
  };
  const server = applyingServer({ 'GET /api/sync/pull': ({ query }) => ({ body: pages[query.get('cursor') ?? ''] }) });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'error');
  assert.equal(await getMeta(db, 'cursor'), 'p1', 'the page that could not be stored is pulled again next time');
  assert.equal((await getRecord(db, 'dispute', id(1))).title, 'a');
  assert.equal(await getRecord(db, 'dispute', id(3)), undefined);
  const asked = server.calls.filter((c) => c.key === 'GET /api/sync/pull').map((c) => c.query.get('cursor'));
  assert.deepEqual(asked, [null, 'p1', 'p2'], 'the page after the one being stored was already asked for');
});

test('mutations the server did not answer stay queued and are resent as they were', async () => {
  const db = await freshDb();
  await signedIn(db);
  for (let n = 1; n <= 3; n += 1) {
    await enqueue(db, { entity: 'visit', id: id(n), op: 'create', changes: { place: `p${n}` }, userId: 7 });
  }
  const answer = (m) => ({
    mutation_id: m.mutation_id, status: 'applied', errors: {}, conflicts: [],
    record: serverRecord(m.entity, m.id, 1, m.changes),
  });
  let pushes = 0;
  const server = applyingServer({
    'POST /api/sync/push': ({ body }) => {
      pushes += 1;
      // The first answer leaves out the middle mutation; later ones answer nothing at all.
      const answered = pushes === 1 ? [body.mutations[0], body.mutations[2]] : [];
      return { body: { results: answered.map(answer), server_time: '2026-01-01T00:00:00Z' } };
    },
  });
  const summary = await syncOnce({ ...ctxFor(db, server), retries: 0 });
  assert.equal(summary.pushed, 2);
  assert.equal(summary.status, 'error');
  assert.equal(summary.error, 'no_results');
  const sent = server.calls.filter((c) => c.key === 'POST /api/sync/push').map((c) => c.body.mutations);
  assert.deepEqual(sent.map((batch) => batch.length), [3, 1]);
  assert.deepEqual(sent[1][0], sent[0][1], 'the unanswered one is resent unchanged, with its mutation id');
  const [left] = await db.getAll(STORES.outbox);
  assert.equal(await db.count(STORES.outbox), 1);
  assert.equal(left.mutation_id, sent[0][1].mutation_id);
  assert.equal(left.state, 'inflight');
  assert.equal((await getRecord(db, 'visit', id(2))).place, 'p2');
});

test('a 413 halves the batch until it fits', async () => {
  const db = await freshDb();
  await signedIn(db);
  for (let n = 1; n <= 8; n += 1) {
    await enqueue(db, { entity: 'visit', id: id(n), op: 'create', changes: { place: `p${n}` }, userId: 7 });
  }
  const inner = applyingServer();
  const sizes = [];
  const server = {
    fetch: async (url, init) => {
      if (init?.method === 'POST' && url.includes('/sync/push')) {
        const size = JSON.parse(init.body).mutations.length;
        sizes.push(size);
        if (size > 3) return new Response(JSON.stringify({ error: { code: 'payload_too_large', message: 'too big', details: {} } }), { status: 413 });
      }
      return inner.fetch(url, init);
    },
  };
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.pushed, 8);
  assert.deepEqual(sizes, [8, 4, 2, 2, 2, 2]);
});

test('reference data is fetched with its ETag and a 304 keeps what is held', async () => {
  const db = await freshDb();
  await signedIn(db);
  const reference = { areas: [], committees: [], mediators: [], enums: { category: [{ code: 'neighbor', zh: '邻里', en: 'Neighbours' }] } };
  const server = fakeServer({
    'GET /api/reference': ({ headers }) => (headers['If-None-Match'] === '"abc"'
      ? { status: 304 }
      : { body: reference, headers: { ETag: '"abc"' } }),
  });
  assert.deepEqual(await refreshReference(ctxFor(db, server)), reference);
  assert.deepEqual(await refreshReference(ctxFor(db, server)), reference);
  assert.equal(server.calls[1].headers['If-None-Match'], '"abc"');
});

test('a desk user (supervisor, admin) never pulls and keeps no case data, but still sends its own edits', async () => {
  const db = await freshDb();
  await signedIn(db, { id: 3, username: 'supervisor', role: 'supervisor', area_id: 2 });
  const held = serverRecord('party', id(1), 2, { name: '张三', phone: '13812345678', id_number: '370104199001011234' });
  await db.put(STORES.snapshots, held);
  await db.put(STORES.records, held);
  await db.put(STORES.meta, 'c9', 'cursor');
  await enqueue(db, { entity: 'visit', id: id(2), op: 'create', changes: { place: 'p' }, userId: 3 });
  await enqueue(db, { entity: 'visit', id: id(3), op: 'create', changes: { place: 'q' }, userId: 3 });
  const server = applyingServer({
    'POST /api/sync/push': ({ body }) => ({
      body: {
        results: body.mutations.map((m, n) => (n === 0
          ? { mutation_id: m.mutation_id, status: 'applied', errors: {}, conflicts: [], record: serverRecord(m.entity, m.id, 1, m.changes) }
          : { mutation_id: m.mutation_id, status: 'rejected', errors: { place: ['x'] }, error_code: 'validation_error', record: null })),
        server_time: '2026-01-01T00:00:00Z',
      },
    }),
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'ok');
  assert.equal(summary.pushed, 1);
  assert.deepEqual(server.calls.map((c) => c.key), ['POST /api/sync/push']);
  assert.equal(await db.count(STORES.snapshots), 0);
  assert.equal(await getRecord(db, 'party', id(1)), undefined);
  assert.equal(await getRecord(db, 'visit', id(2)), undefined);
  assert.equal((await getRecord(db, 'visit', id(3))).place, 'q'); // its quarantined edit stays visible
  assert.equal(await getMeta(db, 'cursor'), undefined);
});

test('a mediator still pulls her scope', async () => {
  const db = await freshDb();
  await signedIn(db);
  const server = applyingServer();
  await syncOnce(ctxFor(db, server));
  assert.deepEqual(server.calls.map((c) => c.key), ['GET /api/sync/pull']);
});
