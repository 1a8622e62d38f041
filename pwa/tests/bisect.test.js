import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getMeta, setMeta, STORES } from '../src/store/db.js';
import { enqueue } from '../src/store/outbox.js';
import { hasPending, syncOnce } from '../src/sync/client.js';
import { fakeServer, freshDb, noSleep, serverRecord, signedIn } from './helpers.js';

const id = (n) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const failure = { status: 500, body: { error: { code: 'internal_error', message: 'boom', details: {} } } };

/** A server that answers 500 for any batch holding a visit at one of `badPlaces`, and applies the rest. */
function failingOn(badPlaces, { down = false } = {}) {
  const applied = [];
  const server = fakeServer({
    'POST /api/sync/push': ({ body }) => {
      if (down || body.mutations.some((m) => badPlaces.includes(m.changes.place))) return failure;
      applied.push(...body.mutations.map((m) => m.changes.place));
      return {
        body: {
          results: body.mutations.map((m) => ({
            mutation_id: m.mutation_id, status: 'applied', errors: {}, conflicts: [],
            record: serverRecord(m.entity, m.id, 1, m.changes),
          })),
          server_time: '2026-01-01T00:00:00Z',
        },
      };
    },
    'GET /api/sync/pull': () => ({ body: { records: [], cursor: 'c1', has_more: false } }),
  });
  return { ...server, applied, pushes: () => server.calls.filter((c) => c.key === 'POST /api/sync/push') };
}

async function outboxWith(places) {
  const db = await freshDb();
  await signedIn(db);
  for (const [n, place] of places.entries()) {
    await enqueue(db, { entity: 'visit', id: id(n + 1), op: 'create', changes: { place }, userId: 7 });
  }
  return db;
}

const ctxFor = (db, server) => ({ db, fetch: server.fetch, sleep: noSleep, appVersion: 'test' });
const left = async (db) => (await db.getAll(STORES.outbox)).map((m) => [m.changes.place, m.state, m.error_code]);

test('a batch failing with 5xx is bisected: the rest is applied in order, the failing edit quarantined', async () => {
  const places = Array.from({ length: 16 }, (_, n) => `p${n}`);
  const db = await outboxWith(places);
  const server = failingOn(['p11']);
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'ok');
  assert.deepEqual(server.applied, places.filter((p) => p !== 'p11'));
  assert.deepEqual(await left(db), [['p11', 'rejected', 'server_error']]);
  assert.equal(summary.rejected, 1);
  assert.equal(summary.pushed, 15);
  assert.ok(server.pushes().length <= 12, `bisecting 16 took ${server.pushes().length} pushes`);
});

test('two failing edits in one batch are both isolated and everything else goes through', async () => {
  const places = ['a', 'bad1', 'b', 'c', 'bad2', 'd'];
  const db = await outboxWith(places);
  const server = failingOn(['bad1', 'bad2']);
  assert.equal((await syncOnce(ctxFor(db, server))).status, 'ok');
  assert.deepEqual(server.applied, ['a', 'b', 'c', 'd']);
  assert.deepEqual(await left(db), [['bad1', 'rejected', 'server_error'], ['bad2', 'rejected', 'server_error']]);
});

test('a lone failing edit is quarantined once an empty push shows the server works', async () => {
  const db = await outboxWith(['bad']);
  const server = failingOn(['bad']);
  assert.equal((await syncOnce(ctxFor(db, server))).status, 'ok');
  assert.deepEqual(await left(db), [['bad', 'rejected', 'server_error']]);
  assert.deepEqual(server.pushes().at(-1).body.mutations, []);
  assert.equal(await hasPending(db), false, 'a quarantined edit asks for no further sync');
});

test('a server that is down blames no edit: the outbox stays as it was, to be sent later', async () => {
  const db = await outboxWith(['a', 'b', 'c']);
  const server = failingOn([], { down: true });
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'error');
  assert.deepEqual((await left(db)).map(([, state]) => state), ['inflight', 'inflight', 'inflight']);
  assert.equal(await hasPending(db), true);
});

test('a server failing on every edit quarantines one per round, not the whole outbox', async () => {
  const db = await outboxWith(['a', 'b', 'c']);
  const server = failingOn(['a', 'b', 'c']);
  const summary = await syncOnce(ctxFor(db, server));
  assert.equal(summary.status, 'error');
  assert.deepEqual((await left(db)).map(([, state]) => state), ['rejected', 'inflight', 'inflight']);
});

test('a failing batch is split at once; a lone edit is retried before it is blamed', async () => {
  const db = await outboxWith(['a', 'bad']);
  const server = failingOn(['bad']);
  const delays = [];
  await syncOnce({ ...ctxFor(db, server), sleep: async (ms) => { delays.push(ms); } });
  const sizes = server.pushes().map((c) => c.body.mutations.length);
  assert.deepEqual(sizes, [2, 1, 1, 1, 1, 1]);
  assert.equal(delays.length, 3);
});

test('only the signed-in user\'s sendable edits ask for a sync', async () => {
  const db = await outboxWith([]);
  assert.equal(await hasPending(db), false);
  await enqueue(db, { entity: 'visit', id: id(1), op: 'create', changes: { place: 'x' }, userId: 8 });
  assert.equal(await hasPending(db), false, 'another user\'s held edit waits for that user');
  await enqueue(db, { entity: 'visit', id: id(2), op: 'create', changes: { place: 'y' }, userId: 7 });
  assert.equal(await hasPending(db), true);
  await setMeta(db, 'user', undefined);
  assert.equal(await hasPending(db), false);
  assert.equal(await getMeta(db, 'user'), undefined);
});

test('a failing batch is halved, rounding up, and once the failing edit is blamed the rest goes in one batch again', async () => {
  const db = await outboxWith(['a', 'bad', 'b', 'c', 'd']);
  const server = failingOn(['bad']);
  assert.equal((await syncOnce(ctxFor(db, server))).status, 'ok');
  // 5 fails, then [a bad b], [a bad], [a] goes, [bad] alone fails four times (one try, three retries), [b c d] goes.
  assert.deepEqual(server.pushes().map((c) => c.body.mutations.length), [5, 3, 2, 1, 1, 1, 1, 1, 3]);
  assert.deepEqual(server.applied, ['a', 'b', 'c', 'd']);
});

test('a dropped connection during a batch is retried as it is, not split', async () => {
  const db = await outboxWith(['a', 'b']);
  const inner = failingOn([]);
  let drops = 1;
  const fetch = async (url, init) => {
    if (init?.method === 'POST' && drops > 0) {
      drops -= 1;
      throw new TypeError('Failed to fetch');
    }
    return inner.fetch(url, init);
  };
  const summary = await syncOnce({ db, fetch, sleep: noSleep });
  assert.equal(summary.status, 'ok');
  assert.deepEqual(inner.pushes().map((c) => c.body.mutations.length), [2]);
  assert.deepEqual(inner.applied, ['a', 'b']);
});

test('a batch refused for a reason of its own (4xx) ends the round: no split, no blame', async () => {
  const db = await outboxWith(['a', 'b']);
  const server = fakeServer({
    'POST /api/sync/push': () => ({ status: 400, body: { error: { code: 'bad_request', message: '', details: {} } } }),
  });
  const summary = await syncOnce(ctxFor(db, server));
  assert.deepEqual([summary.status, summary.error], ['error', 'bad_request']);
  assert.equal(server.calls.length, 1);
  assert.deepEqual((await left(db)).map(([, state]) => state), ['inflight', 'inflight']);
});

test('a push answered with something that is not JSON is an error: nothing is settled', async () => {
  const db = await outboxWith(['a']);
  const fetch = async () => new Response('<html>portal</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
  const summary = await syncOnce({ db, fetch, sleep: noSleep });
  assert.deepEqual([summary.status, summary.error], ['error', 'no_results']);
  assert.deepEqual(await left(db), [['a', 'inflight', null]]);
});
