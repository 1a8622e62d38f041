/**
 * The client's workflow pre-checks against the server's rules: hand-written cases mirroring
 * sync/workflow.py, then every shared vector in tests/sync/vectors/ whose expected outcome is a
 * workflow rejection (the client must predict the same code).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { canMove, nextStatuses, predictRejection } from '../src/sync/rules.js';
import { vectorCases } from './vectors.js';

const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'sync', 'vectors');

const consented = { consent: 'consented', voided_at: null };
const dispute = (fields) => ({ entity: 'dispute', id: 'd', version: 2, status: 'reported', ...fields });

test('moves: forward and listed resumes only, never out of closed', () => {
  assert.equal(canMove('reported', 'mediating'), true);
  assert.equal(canMove('mediating', 'reported'), false);
  assert.equal(canMove('failed', 'mediating'), true);
  assert.equal(canMove('closed', 'mediating'), false);
  assert.deepEqual(nextStatuses('reported'), ['mediating', 'agreed', 'failed', 'suspended', 'referred', 'closed']);
});

test('mediating needs every live party\'s consent; a refusal is its own code', () => {
  const update = { entity: 'dispute', op: 'update', base_version: 2, changes: { status: 'mediating' } };
  const record = dispute({});
  assert.equal(predictRejection(update, { record, related: { parties: [] } }).code, 'consent_required');
  assert.equal(predictRejection(update, { record, related: { parties: [consented, { consent: 'pending' }] } }).code, 'consent_required');
  assert.equal(predictRejection(update, { record, related: { parties: [consented, { consent: 'refused' }] } }).code, 'consent_refused');
  assert.equal(predictRejection(update, { record, related: { parties: [consented, { consent: 'refused', voided_at: 'x' }] } }), null);
});

test('agreed needs kind and terms; closed needs a reason and, for agreed cases, a done revisit', () => {
  const parties = [consented];
  const record = dispute({ status: 'mediating' });
  const agree = (changes) => predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes }, { record, related: { parties } });
  assert.equal(agree({ status: 'agreed', agreement_kind: 'oral' }).code, 'agreement_required');
  assert.equal(agree({ status: 'agreed', agreement_kind: 'oral', agreement_terms: 'pay 500' }), null);

  const agreed = dispute({ status: 'agreed', agreement_kind: 'written', agreement_terms: 't' });
  const close = (changes, followups = []) => predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes }, { record: agreed, related: { parties, followups } });
  assert.equal(close({ status: 'closed' }).code, 'close_reason_required');
  assert.equal(close({ status: 'closed', close_reason: 'performed' }).code, 'revisit_required');
  assert.equal(close({ status: 'closed', close_reason: 'performed' }, [{ done_at: '2026-02-01T00:00:00Z' }]), null);
});

test('mediators may not dispatch, assign or void; backwards moves are invalid transitions', () => {
  const record = dispute({ status: 'mediating' });
  assert.equal(predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes: { status: 'accepted' } }, { record }).code, 'forbidden');
  assert.equal(predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes: { assigned_mediator_id: 3 } }, { record }).code, 'forbidden');
  assert.equal(predictRejection({ entity: 'dispute', op: 'void', base_version: 2, changes: {} }, { record }).code, 'forbidden');
  assert.equal(predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes: { status: 'reported' } }, { record, role: 'supervisor' }).code, 'invalid_transition');
  assert.equal(predictRejection({ entity: 'mediation_log', op: 'update', base_version: 2, changes: { place: 'x' } }, { record: { id: 'm', version: 2 } }).code, 'append_only');
  assert.equal(predictRejection({ entity: 'party', op: 'update', base_version: 2, changes: { dispute_id: 'x' } }, { record: { id: 'p', version: 2 } }).code, 'read_only');
});

const files = existsSync(VECTORS) ? readdirSync(VECTORS).filter((name) => name.endsWith('.json')).sort() : [];

if (!files.length) {
  test('shared vectors (tests/sync/vectors/*.json)', { skip: `no vectors in ${VECTORS} yet: the shared sync vectors have not been written` }, () => {});
}

for (const file of files) {
  const vector = JSON.parse(readFileSync(join(VECTORS, file), 'utf8'));
  const cases = vectorCases(vector);
  for (const item of cases) {
    test(`vector ${file} · ${item.label}`, () => {
      const predicted = predictRejection(item.mutation, item.context);
      assert.equal(predicted?.code ?? null, item.expectedCode, JSON.stringify(predicted));
    });
  }
}
