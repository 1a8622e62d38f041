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
import { canMove, CREATE_REQUIRED, DEFAULTS, fieldErrors, nextStatuses, predictRejection } from '../src/sync/rules.js';
import { DOSSIER_RULES, vectorCases } from './vectors.js';

const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'sync', 'vectors');

test('field checks come from the server\'s generated rules, in Chinese with the field\'s label', () => {
  const party = (changes, op = 'update') => fieldErrors({ entity: 'party', op, changes });
  assert.deepEqual(party({ id_number: '110105194912310021' }), { id_number: ['身份证号不是有效的18位身份证号码（格式或校验位错误）。'] });
  assert.deepEqual(party({ id_number: '11010519491231002x', phone: '0531-88123456' }), {});
  assert.deepEqual(party({ ethnicity: 'x'.repeat(21) }), { ethnicity: ['民族最多20个字。'] });
  assert.deepEqual(party({ birth_year: 1899 }), { birth_year: [`出生年份应在1900至${new Date().getFullYear()}之间。`] });
  assert.deepEqual(Object.keys(party({ role: 'judge' }, 'create')).sort(), ['dispute_id', 'name', 'role']);
  assert.deepEqual(CREATE_REQUIRED.visit, ['area_id', 'visited_at', 'place', 'purposes']);
  assert.deepEqual(DEFAULTS.party, { kind: 'person', gender: 'unknown', consent: 'pending' });
});

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

test('agreed needs kind and terms; closed needs a reason and a complete dossier or the reason papers are missing', () => {
  const parties = [consented];
  const record = dispute({ status: 'mediating' });
  const agree = (changes) => predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes }, { record, related: { parties } });
  assert.equal(agree({ status: 'agreed', agreement_kind: 'oral' }).code, 'agreement_required');
  assert.equal(agree({ status: 'agreed', agreement_kind: 'oral', agreement_terms: 'pay 500' }), null);

  const agreed = dispute({ status: 'agreed', agreement_kind: 'oral', agreement_terms: 't', accepted_at: '2026-01-05T00:00:00Z', source: 'initiative' });
  const logs = [{ id: 'm1', voided_at: null }];
  const close = (changes, followups = [], dossierRules = DOSSIER_RULES) => predictRejection(
    { entity: 'dispute', op: 'update', base_version: 2, changes }, { record: agreed, related: { parties, followups, mediation_logs: logs }, dossierRules });
  assert.equal(close({ status: 'closed' }).code, 'close_reason_required');
  assert.deepEqual(close({ status: 'closed', close_reason: 'performed' }), { code: 'papers_missing', errors: {
    papers_missing_reason: ['卷宗缺少：人民调解回访记录。结案须写明缺件原因。'] } });
  assert.equal(close({ status: 'closed', close_reason: 'performed', papers_missing_reason: '迁居外地' }), null);
  assert.equal(close({ status: 'closed', close_reason: 'performed' }, [{ done_at: '2026-02-01T00:00:00Z' }]), null);
  assert.equal(close({ status: 'closed', close_reason: 'performed' }, [], null), null); // no table yet: the server judges
  assert.equal(close({ status: 'closed', close_reason: 'performed', agreement_kind: null }).code, 'agreement_required');
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

test('only reviewers refuse a never-accepted case (不予受理); a mediator\'s new case starts reported', () => {
  const reported = dispute({ status: 'reported' });
  const close = { entity: 'dispute', op: 'update', base_version: 2, changes: { status: 'closed', close_reason: '不属于调解范围' } };
  assert.equal(predictRejection(close, { record: reported }).code, 'forbidden');
  assert.equal(predictRejection(close, { record: reported, role: 'supervisor' }), null);
  assert.equal(predictRejection(close, { record: dispute({ status: 'failed', accepted_at: '2026-01-05T00:00:00Z' }) }), null);
  assert.deepEqual(nextStatuses('reported', 'mediator', reported), ['mediating', 'agreed', 'failed', 'suspended', 'referred']);
  assert.ok(nextStatuses('reported', 'supervisor', reported).includes('closed'));
  const create = (changes) => ({ entity: 'dispute', op: 'create', changes: { area_id: 1, title: 't', category: 'neighbor', source: 'hotline', ...changes } });
  assert.equal(predictRejection(create({ status: 'closed', close_reason: 'x' }), { areaIds: [1] }).code, 'forbidden');
  assert.equal(predictRejection(create({ status: 'reported' }), { areaIds: [1] }), null);
});

test('a written area stays in the user\'s own areas; dispatch only to active mediators that exist', () => {
  const assigned = dispute({ status: 'assigned', area_id: 1, assigned_mediator_id: 7 });
  const move = (area) => predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes: { area_id: area } }, { record: assigned, areaIds: [1] });
  assert.equal(move(2).code, 'forbidden');
  assert.equal(move(1), null);
  const directory = { users: { 7: { role: 'mediator', active: true }, 8: { role: 'mediator', active: false }, 9: { role: 'admin', active: true } }, committees: [3] };
  const assign = (changes) => predictRejection({ entity: 'dispute', op: 'update', base_version: 2, changes }, { record: dispute({ status: 'accepted' }), role: 'supervisor', directory });
  assert.equal(assign({ assigned_mediator_id: 9 }).code, 'invalid_assignee');
  assert.equal(assign({ assigned_mediator_id: 8 }).code, 'invalid_assignee');
  assert.equal(assign({ assigned_mediator_id: 99 }).code, 'reference_not_found');
  assert.equal(assign({ committee_id: 4 }).code, 'reference_not_found');
  assert.equal(assign({ status: 'assigned', assigned_mediator_id: 7, committee_id: 3 }), null);
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

test('a mediator voids only a case still reported and a party not yet asked for consent, as sync/permissions.py', () => {
  const voidOf = (entity, record, role = 'mediator') => predictRejection({ entity, op: 'void', base_version: 2, changes: { void_reason: '重复' } }, { record: { version: 2, ...record }, role });
  assert.equal(voidOf('dispute', { status: 'reported' }), null);
  assert.equal(voidOf('dispute', { status: 'accepted' }).code, 'forbidden');
  assert.equal(voidOf('party', { consent: 'pending' }), null);
  assert.equal(voidOf('party', { consent: 'consented' }).code, 'forbidden');
  assert.equal(voidOf('party', { consent: 'refused' }, 'supervisor'), null);
  assert.equal(voidOf('followup', {}).code, 'forbidden');
});
