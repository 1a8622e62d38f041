/** 统一受理 at the desk: what a push sends, and what a retry sends after a partial refusal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blankCase, blankParty, intakeMutations, settle } from '../src/desk/cases/intake.js';

function filled() {
  const form = Object.assign(blankCase(4), { title: ' 漏水 ', category: 'neighbor', amount_involved: '3000', persons_involved: '' });
  const applicant = Object.assign(blankParty('applicant'), { name: '王秀兰', phone: '12345', id_number: '11010519491231002x', birth_year: '1968' });
  const spare = blankParty('respondent'); // no name: the form's spare row, never sent
  return { form, parties: [applicant, spare], applicant };
}

test('a first push creates the case and each named party, values as the server stores them', () => {
  const { form, parties, applicant } = filled();
  const mutations = intakeMutations(form, parties, {}, '2026-12-01T02:00:00.000Z');
  assert.deepEqual(mutations.map((m) => [m.entity, m.id, m.op, m.base_version]), [
    ['dispute', form.id, 'create', null], ['party', applicant.id, 'create', null]]);
  const [dispute, party] = mutations.map((m) => m.changes);
  assert.equal(dispute.title, '漏水');
  assert.equal(dispute.amount_involved, 3000);
  assert.equal(dispute.persons_involved, null);
  assert.equal(dispute.reported_at, '2026-12-01T02:00:00.000Z');
  assert.deepEqual([party.dispute_id, party.birth_year, party.id_number, party.occupation], [form.id, 1968, '11010519491231002X', null]);
});

test('after the party is refused, a retry sends only the party again; a changed case field goes as an update', () => {
  const { form, parties, applicant } = filled();
  const sent = {};
  const first = intakeMutations(form, parties, sent, '2026-12-01T02:00:00.000Z');
  const outcome = settle(first, [
    { status: 'applied', record: { version: 1 } },
    { status: 'rejected', error_code: 'validation_failed', errors: { phone: ['Not a valid mobile or landline number (电话号码格式错误).'] } },
  ], sent);
  assert.deepEqual(outcome.problems, { [applicant.id]: { phone: '电话号码格式错误' } });

  applicant.phone = '13812345678';
  const retry = intakeMutations(form, parties, sent, '2026-12-01T03:00:00.000Z');
  assert.deepEqual(retry.map((m) => [m.entity, m.op]), [['party', 'create']]);
  assert.notEqual(retry[0].mutation_id, first[1].mutation_id);

  form.summary = '补充：已报物业';
  const again = intakeMutations(form, parties, sent, '2026-12-01T03:00:00.000Z');
  assert.deepEqual(again[0], { ...again[0], entity: 'dispute', op: 'update', base_version: 1, changes: { summary: '补充：已报物业' } });
});

test('a refusal without field errors is kept against the record', () => {
  const { form } = filled();
  const sent = {};
  const mutations = intakeMutations(form, [], sent, 'now');
  const outcome = settle(mutations, [{ status: 'rejected', error_code: 'forbidden', errors: {} }], sent);
  assert.deepEqual(outcome.problems, { [form.id]: { _: '没有权限进行此操作' } });
  assert.deepEqual(sent, {}, 'a refused create is sent again as a create');
});


test('a refusal whose code the desk does not know says the server did not accept it', () => {
  const { form } = filled();
  const mutations = intakeMutations(form, [], {}, 'now');
  const outcome = settle(mutations, [{ status: 'rejected', error_code: 'a_code_from_a_newer_server' }], {});
  assert.deepEqual(outcome.problems, { [form.id]: { _: '服务器未接受此修改' } });
});
