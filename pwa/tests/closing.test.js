/**
 * 结案 from the desk (desk/supervise/closing.js): the papers a case would close without, read from the
 * server's table (tests/sync/dossier/table.json, generated from sync/dossier.py) over the case as
 * GET /api/disputes/<id> gives it, and the one update that closes it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closeChanges, closingMissing } from '../src/desk/supervise/closing.js';
import { completeness } from '../src/domain/dossier.js';

const TABLE = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'sync', 'dossier',
  'table.json'), 'utf8'));
const NOW = new Date('2026-11-28T08:00:00Z');

function detail(dispute, { logs = [] } = {}) {
  return {
    dispute: { id: 'd1', source: 'party_application', ...dispute },
    parties: [{ id: 'p1', dispute_id: 'd1', role: 'applicant', consent: 'consented', voided_at: null }],
    mediation_logs: logs, followups: [], referrals: [], attachments: [],
  };
}

test('an accepted case with no mediation record lacks it once closed, though its open dossier is complete', () => {
  const accepted = detail({ status: 'accepted', accepted_at: '2026-11-02T01:00:00Z' });
  assert.deepEqual(closingMissing(accepted, TABLE).map((item) => item.paper), ['mediation-record']);
  const now = completeness(TABLE, { dispute: [accepted.dispute], party: accepted.parties });
  assert.equal(now.complete, true); // what the dossier endpoint says today: the open path asks less
});

test('a case whose papers are all there, or one never accepted (不予受理), lacks nothing once closed', () => {
  const held = [{ id: 'l1', dispute_id: 'd1', held_at: '2026-11-03T02:00:00Z', voided_at: null }];
  assert.deepEqual(closingMissing(detail({ status: 'mediating', accepted_at: '2026-11-02T01:00:00Z' }, { logs: held }), TABLE), []);
  assert.deepEqual(closingMissing(detail({ status: 'reported', accepted_at: null }), TABLE), []);
});

test('a voided mediation record does not count', () => {
  const voided = [{ id: 'l1', dispute_id: 'd1', held_at: '2026-11-03T02:00:00Z', voided_at: '2026-11-04T02:00:00Z' }];
  const missing = closingMissing(detail({ status: 'mediating', accepted_at: '2026-11-02T01:00:00Z' }, { logs: voided }), TABLE);
  assert.deepEqual(missing.map((item) => item.paper), ['mediation-record']);
});

test('without the table the desk asks nothing and the server judges', () => {
  assert.deepEqual(closingMissing(detail({ status: 'accepted', accepted_at: '2026-11-02T01:00:00Z' }), null), []);
});

test('closing sends the reason and the time, and the missing papers\' reason only when papers are missing', () => {
  const form = { closeReason: ' 当事人撤回申请 ', papersMissingReason: ' 未组织调解即撤回 ' };
  assert.deepEqual(closeChanges(form, true, NOW), {
    status: 'closed', close_reason: '当事人撤回申请', closed_at: '2026-11-28T08:00:00.000Z', papers_missing_reason: '未组织调解即撤回',
  });
  assert.deepEqual(closeChanges(form, false, NOW),
    { status: 'closed', close_reason: '当事人撤回申请', closed_at: '2026-11-28T08:00:00.000Z' });
  assert.equal(closeChanges({ closeReason: '  ' }, true, NOW).papers_missing_reason, null);
});
