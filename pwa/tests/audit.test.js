import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detailWords } from '../src/desk/admin/auditWords.js';

test('audit details read in words, Chinese first: no raw keys or JSON', () => {
  const text = detailWords({ conflict_id: 7, field: 'summary', choose: 'server' });
  assert.ok(text.includes('处理方式：采用先到的修改'), text);
  assert.ok(!/choose|"server"/.test(text), text);
  const exported = detailWords({ format: 'csv', rows: 12, filters: { status: null, keyword: '漏水' } });
  assert.ok(!exported.includes('{') && !exported.includes('filters'), exported);
  assert.ok(exported.includes('筛选条件'), exported);
  assert.equal(detailWords({ device_user: 4 }, new Map([[4, '王秀兰']])), '设备使用人：王秀兰');
});
