import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getMeta } from '../src/store/db.js';
import { deviceId, signIn } from '../src/sync/session.js';
import { fakeServer, freshDb, noSleep } from './helpers.js';

const user = (id, username) => ({ id, username, role: 'mediator', area_id: 4 });
const tokens = { access_token: 'a', refresh_token: 'r' };

test('a device id registered to another user is replaced once, and the new one is kept', async () => {
  const db = await freshDb();
  const taken = await deviceId(db);
  const server = fakeServer({
    'POST /api/auth/login': ({ body }) => (body.device_id === taken
      ? { status: 409, body: { error: { code: 'device_in_use', message: '此设备编号已属于另一位用户', details: {} } } }
      : { body: { ...tokens, user: user(8, 'mediator2') } }),
  });

  const signedIn = await signIn({ db, fetch: server.fetch, sleep: noSleep }, { username: 'mediator2', password: 'p' });

  assert.equal(signedIn.id, 8);
  const sent = server.calls.map((call) => call.body.device_id);
  assert.equal(sent.length, 2);
  assert.equal(sent[0], taken);
  assert.notEqual(sent[1], taken);
  assert.equal(await getMeta(db, 'device_id'), sent[1]);
});

test('any other refusal is not retried and keeps the device id', async () => {
  const db = await freshDb();
  const id = await deviceId(db);
  const server = fakeServer({
    'POST /api/auth/login': () => ({ status: 401, body: { error: { code: 'invalid_credentials', message: '', details: {} } } }),
  });

  await assert.rejects(signIn({ db, fetch: server.fetch, sleep: noSleep }, { username: 'x', password: 'p' }),
    (error) => error.code === 'invalid_credentials');

  assert.equal(server.calls.length, 1);
  assert.equal(await getMeta(db, 'device_id'), id);
});
