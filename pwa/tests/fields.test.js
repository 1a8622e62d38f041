import assert from 'node:assert/strict';
import { test } from 'node:test';
import { state } from '../src/app-state.js';
import { describeConflict, fieldLabel, valueText } from '../src/domain/fields.js';
import { locale } from '../src/i18n/index.js';

state.reference = {
  enums: {
    risk_level: [{ code: 'high', zh: '高', en: 'High' }, { code: 'medium', zh: '中', en: 'Medium' }],
    status: [{ code: 'mediating', zh: '调解中', en: 'Mediating' }],
    referral_status: [{ code: 'sent', zh: '已移送', en: 'Sent' }],
    agency_kind: [{ code: 'police', zh: '公安（公调）', en: 'Police' }],
  },
  areas: [{ id: 4, name: '幸福里网格' }],
};

test('a conflict reads in words: the field\'s label and both values as labels', () => {
  locale.value = 'zh-CN';
  assert.deepEqual(describeConflict({ field: 'risk_level', server: 'high', device: 'medium', kept: 'device' }), {
    field: '风险等级', server: '高', device: '中', kept: '现采用本机的内容',
  });
  assert.equal(describeConflict({ field: 'summary', server: '甲', device: null, kept: 'server' }).device, '（空）');
  locale.value = 'en';
  assert.deepEqual(describeConflict({ field: 'risk_level', server: 'high', device: 'medium', kept: 'server' }), {
    field: 'Risk level', server: 'High', device: 'Medium', kept: 'the other device’s value is kept',
  });
  locale.value = 'zh-CN';
});

test('field labels and values: per entity, areas by name, yes/no, sets, long text shortened', () => {
  assert.equal(fieldLabel('summary'), '纠纷简要情况');
  assert.equal(fieldLabel('status', 'referral'), '移交状态');
  assert.equal(fieldLabel('agency_kind', 'referral'), '移交部门');
  assert.equal(fieldLabel('no_such_field'), 'no_such_field');
  assert.equal(valueText('status', 'sent', 'referral'), '已移送');
  assert.equal(valueText('status', 'mediating'), '调解中');
  assert.equal(valueText('result', '已受理', 'referral'), '已受理');
  assert.equal(valueText('area_id', 4), '幸福里网格');
  assert.equal(valueText('rights_notice_given', true), '是');
  assert.equal(valueText('linked_agencies', ['police']), '公安（公调）');
  assert.equal(valueText('summary', 'x'.repeat(100), 'dispute', 10), `${'x'.repeat(10)}…`);
});
