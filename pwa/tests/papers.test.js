/** The phone's print view of a case's papers (papers/content.js) and the dossier rules read on the phone. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { applyingPapers, holds } from '../src/domain/dossier.js';
import { BLANK, casePapers, day, money, moment } from '../src/papers/content.js';

/** A table in the served shape (app/services/papers/rules.py `as_json`), cut to what these tests read. */
const WRITTEN = { entity: 'dispute', where: { agreement_kind: ['written'] } };
const RULES = {
  papers: [
    { paper: 'application', label: '人民调解申请书', applies: [{ entity: 'dispute', where: { source: ['party_application', 'hotline'] } }] },
    { paper: 'acceptance', label: '人民调解受理登记表', applies: [] },
    { paper: 'mediation-record', label: '人民调解记录', applies: [] },
    { paper: 'agreement', label: '人民调解协议书', applies: [WRITTEN] },
    { paper: 'signatures', label: '当事人签名或指印', applies: [WRITTEN] },
    { paper: 'oral-agreement', label: '口头调解协议登记表', applies: [{ entity: 'dispute', where: { agreement_kind: ['oral'] } }] },
    { paper: 'referral', label: '纠纷移交登记表',
      applies: [{ any: [{ entity: 'dispute', where: { status: ['referred'] } }, { entity: 'referral', where: { direction: ['out'] } }] }] },
  ],
};
const LABELS = { gender: { male: '男' }, party_role: { applicant: '申请人', respondent: '被申请人' }, consent: { consented: '同意' } };
const zh = (name, code) => LABELS[name]?.[code] ?? code;

function caseFile(dispute = {}, extra = {}) {
  return {
    dispute: { id: 'd1', title: '邻里漏水', source: 'hotline', summary: '楼上漏水。', case_no: '（2026）调字第7号', ...dispute },
    party: [
      { id: 'p2', role: 'respondent', name: '李四', kind: 'person', gender: 'male', created_at: '2026-03-01T01:00:00Z' },
      { id: 'p1', role: 'applicant', name: '张三', kind: 'person', gender: 'male', id_number: '110101199001011234', created_at: '2026-03-01T02:00:00Z' },
    ],
    mediation_log: [], followup: [], referral: [], attachment: [], ...extra,
  };
}
const ctx = { rules: RULES, zh, committee: '东城人民调解委员会', mediator: '王调解', areaNames: ['东城区', '东华门街道', '一网格'] };
const texts = (paper) => paper.blocks.flatMap((b) => (b.t === 'fields' ? b.rows.flat(2) : [b.text ?? b.label ?? b.committee]));

test('days are Beijing days, a date stays the day it names, nothing gives a blank to fill by hand', () => {
  assert.equal(day('2026-11-01'), '2026年11月1日');
  assert.equal(day('2026-10-31T16:30:00Z'), '2026年11月1日'); // 00:30 the next day in Beijing
  assert.equal(day('2026-10-31T15:59:00Z'), '2026年10月31日');
  assert.equal(day(null), '    年  月  日');
  assert.equal(moment('2026-10-31T16:05:00Z'), '2026年11月1日 0时05分');
  assert.equal(money('1234567.5'), '人民币1,234,567.50元');
  assert.equal(money(0), '人民币0.00元');
  assert.equal(money(null), BLANK);
});

test('the papers that apply, in the dossier order, titled from the served rules; signatures are no paper of their own', () => {
  const open = casePapers(caseFile(), ctx).map((p) => p.paper);
  assert.deepEqual(open, ['application', 'acceptance', 'mediation-record']);
  const written = casePapers(caseFile({ agreement_kind: 'written' }), ctx);
  assert.deepEqual(written.map((p) => p.paper), ['application', 'acceptance', 'mediation-record', 'agreement']);
  assert.equal(written[3].title, '人民调解协议书');
  const oral = casePapers(caseFile({ agreement_kind: 'oral', source: 'mediator_found' }), ctx).map((p) => p.paper);
  assert.deepEqual(oral, ['acceptance', 'mediation-record', 'oral-agreement']);
  const renamed = { ...RULES, papers: RULES.papers.map((p) => (p.paper === 'acceptance' ? { ...p, label: '受理表' } : p)) };
  assert.equal(casePapers(caseFile(), { ...ctx, rules: renamed })[1].title, '受理表');
});

test('a referral out makes the transfer paper apply, one per referral out; a voided one does not count', () => {
  const out = { id: 'r1', entity: 'referral', direction: 'out', agency_kind: 'court', created_at: '2026-03-02T00:00:00Z' };
  assert.equal(casePapers(caseFile({}, { referral: [out] }), ctx).filter((p) => p.paper === 'referral').length, 1);
  assert.ok(!holds(RULES.papers.at(-1).applies[0], { dispute: [{}], referral: [{ ...out, voided_at: '2026-03-03T00:00:00Z' }] }));
  assert.deepEqual(applyingPapers(null, { dispute: [{}] }), []);
});

test('the application: written or oral, the parties applicant first with their particulars, the oral one signed by the recorder', () => {
  const [oral] = casePapers(caseFile(), ctx);
  assert.equal(oral.title, '口头申请记录');
  assert.deepEqual(texts(oral).slice(0, 2), [
    `申请人：张三，男，公民身份号码：110101199001011234，住址：${BLANK}，联系电话：${BLANK}`,
    `被申请人：李四，男，公民身份号码：${BLANK}，住址：${BLANK}，联系电话：${BLANK}`]);
  assert.ok(texts(oral).includes('请求东城人民调解委员会对“邻里漏水”纠纷进行调解。'));
  assert.deepEqual(oral.blocks.filter((b) => b.t === 'sign').map((b) => b.label), ['申请人（签名或指印）', '记录人']);
  const [written] = casePapers(caseFile({ source: 'party_application' }), ctx);
  assert.equal(written.title, '人民调解申请书');
  assert.deepEqual(written.blocks.filter((b) => b.t === 'sign').map((b) => b.label), ['申请人（签名或指印）']);
});

test('the agreement: terms one to a line, amount, each party and the mediator with their own signature images, the seal', () => {
  const file = caseFile({ agreement_kind: 'written', agreement_no: 'XY-1', agreement_terms: '李四赔偿；；张三撤回投诉', agreement_amount: '800',
    agreement_signed_on: '2026-03-05' }, { attachment: [
    { id: 'a3', kind: 'signature', mime_type: 'image/png', taken_at: '2026-03-05T02:00:00Z' },
    { id: 'a2', kind: 'fingerprint', mime_type: 'image/jpeg', parent_entity: 'party', parent_id: 'p2', taken_at: '2026-03-05T01:00:00Z' },
    { id: 'a1', kind: 'signature', mime_type: 'image/png', parent_entity: 'party', parent_id: 'p1', taken_at: '2026-03-05T01:30:00Z' },
    { id: 'a4', kind: 'evidence', mime_type: 'image/jpeg', taken_at: '2026-03-05T01:00:00Z' },
  ] });
  const agreement = casePapers(file, ctx).find((p) => p.paper === 'agreement');
  assert.equal(agreement.number, '编号：XY-1');
  assert.ok(texts(agreement).includes('李四赔偿\n张三撤回投诉'));
  assert.ok(texts(agreement).includes('协议涉及金额：人民币800.00元。'));
  const [parties, mediator] = agreement.blocks.filter((b) => b.t === 'sign');
  assert.deepEqual(parties.signers, [{ name: '张三', images: ['a1'] }, { name: '李四', images: ['a2'] }]);
  assert.deepEqual(mediator.signers, [{ name: '王调解', images: ['a3'] }]);
  assert.equal(parties.when, '2026年3月5日');
  assert.deepEqual(agreement.blocks.at(-1), { t: 'seal', committee: '东城人民调解委员会（印章）', when: '2026年3月5日' });
});

test('the mediation record: one per session in the order held, a blank one to fill by hand without any', () => {
  const logs = [{ id: 'l2', held_at: '2026-03-04T02:00:00Z', result: 'agreed', rights_notice_given: true },
    { id: 'l1', held_at: '2026-03-03T02:00:00Z', rights_notice_given: false, place: '村委会' }];
  const records = casePapers(caseFile({}, { mediation_log: logs }), ctx).filter((p) => p.paper === 'mediation-record');
  assert.deepEqual(records.map((p) => p.blocks[0].rows[0][0][1]), ['第1次', '第2次']);
  assert.equal(records[0].blocks[0].rows[1][0][1], '村委会');
  assert.equal(records[0].blocks[0].rows[4][0][1], '未告知');
  const [blank] = casePapers(caseFile(), ctx).filter((p) => p.paper === 'mediation-record');
  assert.deepEqual(blank.blocks[0].rows[0], [['调解次序', '第1次'], ['调解时间', BLANK]]);
  assert.equal(blank.blocks[0].rows[2][0][1], '王调解');
  assert.equal(blank.blocks[0].rows[3][0][1], '张三、李四');
});

test('the acceptance form spans a lone field across the row and prints the grid below the district', () => {
  const acceptance = casePapers(caseFile({ accepted_at: '2026-03-01T00:00:00Z', persons_involved: 0, risk_level: 'high', risk_flags: ['violence'] }), ctx)[1];
  const rows = acceptance.blocks[0].rows;
  assert.deepEqual(rows[0], [['受理日期', '2026年3月1日'], ['办理期限', '    年  月  日']]);
  assert.deepEqual(rows[2], [['移交单位', '无']]);
  assert.equal(rows[3][1][1], '0');
  assert.equal(rows[4][1][1], 'high·violence');
  assert.deepEqual(rows[9], [['所在网格', '东华门街道一网格']]);
});
