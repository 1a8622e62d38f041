/** Test helpers: a fresh fake IndexedDB per test, and a scripted fake server for fetch. */
import 'fake-indexeddb/auto';
import { openStore, setMeta } from '../src/store/db.js';

let counter = 0;

/** A database of its own for one test. */
export async function freshDb() {
  counter += 1;
  return openStore(`tiaojie-test-${process.pid}-${counter}`);
}

/** A signed-in user with tokens, as after sign-in. */
export async function signedIn(db, user = { id: 7, username: 'mediator', role: 'mediator', area_id: 4 }) {
  await setMeta(db, 'user', user);
  await setMeta(db, 'device_id', 'device-test');
  await setMeta(db, 'auth', { access_token: 'access-1', refresh_token: 'refresh-1' });
  return user;
}

/**
 * A fake fetch: `routes` maps "METHOD /path" (no query) to a handler (request) → {status, body}.
 * Every call is recorded in `calls` with its parsed body and headers.
 */
export function fakeServer(routes) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const parsed = new URL(url, 'http://device.test');
    const key = `${init.method ?? 'GET'} ${parsed.pathname}`;
    const call = {
      key, query: parsed.searchParams, headers: init.headers ?? {},
      body: init.body ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const handler = routes[key];
    if (!handler) return jsonResponse(404, { error: { code: 'not_found', message: 'no route', details: {} } });
    const answer = await handler(call, calls);
    if (answer instanceof Error) throw answer;
    return jsonResponse(answer.status ?? 200, answer.body, answer.headers);
  };
  return { fetch, calls };
}

function jsonResponse(status, body, headers = {}) {
  return new Response(status === 304 ? null : JSON.stringify(body ?? {}), {
    status, headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A server record in flat form, as push results and pulls carry it. */
export function serverRecord(entity, id, version, fields = {}) {
  return {
    entity, id, version, seq: version * 10, voided_at: null, has_open_conflict: false, ...fields,
  };
}

export const noSleep = async () => {};
