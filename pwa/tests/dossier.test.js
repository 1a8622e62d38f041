/**
 * 卷宗完整度 on the phone reads the server's table as sync/dossier.py does: the shared contract
 * (tests/sync/dossier/cases.json, also run by tests/sync/test_dossier_contract.py) over the table
 * generated from sync/dossier.py (tests/sync/dossier/table.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { completeness, dossierSummary } from '../src/domain/dossier.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'sync', 'dossier');
const TABLE = JSON.parse(readFileSync(join(HERE, 'table.json'), 'utf8'));
const { cases: CASES } = JSON.parse(readFileSync(join(HERE, 'cases.json'), 'utf8'));

for (const { name, records, expected } of CASES) {
  test(`contract: ${name}`, () => {
    const status = completeness(TABLE, records);
    const required = status.items.filter((item) => item.required);
    const missing = required.filter((item) => !item.present).map((item) => item.paper);
    assert.deepEqual({ path: status.path, complete: status.complete, present: required.length - missing.length,
      required: required.length, missing }, expected);
  });
}

test('the line names the missing papers in the reader\'s language, from the table', () => {
  const { records } = CASES.find((c) => c.name.startsWith('oral agreement, voided'));
  const { items } = completeness(TABLE, records);
  assert.deepEqual(dossierSummary(TABLE, items), { present: 2, required: 4, missing: ['人民调解记录', '人民调解回访记录'] });
  assert.deepEqual(dossierSummary(TABLE, items, 'en').missing, ['mediation record', 'revisit record']);
  assert.deepEqual(dossierSummary(null, [{ paper: 'revisit', label: '人民调解回访记录', required: true, present: false }]).missing,
    ['人民调解回访记录']);
});
