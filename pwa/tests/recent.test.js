import { freshDb } from './helpers.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECENT_LIMIT, recentPlaces, rememberPlaces } from '../src/store/recent.js';

test('recent places: newest first, de-duplicated, capped, per user', async () => {
  const db = await freshDb();
  assert.deepEqual(await recentPlaces(db, 1), []);
  await rememberPlaces(db, 1, ['A 栋 101', '', '  ']);
  await rememberPlaces(db, 1, ['B 栋 202', 'A 栋 101 ']);
  assert.deepEqual(await recentPlaces(db, 1), ['B 栋 202', 'A 栋 101']);
  for (let i = 0; i < 12; i += 1) await rememberPlaces(db, 1, [`门牌 ${i}`]);
  const list = await recentPlaces(db, 1);
  assert.equal(list.length, RECENT_LIMIT);
  assert.equal(list[0], '门牌 11');
  assert.deepEqual(await recentPlaces(db, 2), []);
});
