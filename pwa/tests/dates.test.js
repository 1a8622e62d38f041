import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localClock, localDay, localTime, momentAt, momentOf } from '../src/domain/dates.js';

// 2026-03-04 13:53 UTC is 21:53 the same day in Beijing; 16:30 UTC is already the next day there.
const EVENING = '2026-03-04T13:53:00Z';
const PAST_MIDNIGHT = '2026-03-04T16:30:00.000Z';

test('a stored moment reads in Beijing time, whatever zone the phone is set to', () => {
  for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
    process.env.TZ = zone;
    assert.equal(localTime(EVENING), '2026-03-04 21:53', zone);
    assert.equal(localClock(EVENING), '21:53', zone);
    assert.equal(localDay(EVENING), '2026-03-04', zone);
    assert.equal(localDay(PAST_MIDNIGHT), '2026-03-05', zone);
    assert.equal(localTime(PAST_MIDNIGHT), '2026-03-05 00:30', zone);
  }
  process.env.TZ = 'UTC';
});

test('a day and time picked in Beijing are stored as the moment they name, and read back the same', () => {
  assert.equal(momentAt('2026-03-05', '00:30'), PAST_MIDNIGHT);
  assert.equal(localTime(momentAt('2026-03-04', '21:53')), '2026-03-04 21:53');
  assert.equal(momentAt('2026-03-04', '08:00'), '2026-03-04T00:00:00.000Z');
  assert.equal(momentAt('2026-03-04', '07:59'), '2026-03-03T23:59:00.000Z');
});

test('a picked day is stored as now when it is today in Beijing, else noon that day', () => {
  const now = new Date(PAST_MIDNIGHT); // the 5th in Beijing, still the 4th in UTC
  assert.equal(momentOf('2026-03-05', now), PAST_MIDNIGHT);
  assert.equal(momentOf('2026-03-04', now), '2026-03-04T04:00:00.000Z');
});

test('what is not a time comes back as it is', () => {
  assert.equal(localTime('not a time'), 'not a time');
  assert.equal(localClock('nope'), '');
});
