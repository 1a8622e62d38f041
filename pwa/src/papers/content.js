/**
 * The papers of a case as the phone prints them offline: the same papers, titles, fields and wording as the
 * server's PDF (app/services/papers/papers.py, one `draw_*` per builder here, in the same order), drawn from
 * this phone's records. Which papers apply, and their titles, come from the served dossier rules; the
 * wording written twice is held equal by tests/e2e/test_print_papers.py against the PDF's text.
 *
 * A paper is `{paper, title, number, blocks}`; a block is one of
 * `{t: 'p', text, indent}`, `{t: 'h', text}`, `{t: 'fields', rows: [[[label, value], ...], ...]}`,
 * `{t: 'sign', label, signers: [{name, images: [attachment id]}], when}`, `{t: 'seal', committee, when}`.
 */
import { applyingPapers } from '../domain/dossier.js';
import { localClock, localDay } from '../domain/dates.js';

export const BLANK = '＿＿＿＿＿＿';
const JUDICIAL_CONFIRMATION_DAYS = 30;
const ROLE_ORDER = { applicant: 0, respondent: 1, other: 2 };
const ALL_ROLES = ['applicant', 'respondent', 'other'];

export const text = (value) => (value === null || value === undefined || value === '' ? BLANK : String(value));

/** 2026年11月1日: a stored moment on Beijing's calendar, a date as it is; nothing gives a blank to fill by hand. */
export function day(value) {
  if (!value) return '    年  月  日';
  const [y, m, d] = (value.length > 10 ? localDay(value) : value).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2026年11月1日 9时30分, Beijing time. */
export function moment(value) {
  if (!value) return '    年  月  日  时  分';
  const [h, mm] = localClock(value).split(':');
  return `${day(value)} ${Number(h)}时${mm}分`;
}

/** 人民币1,234.50元 */
export function money(amount) {
  if (amount === null || amount === undefined || amount === '') return BLANK;
  const [whole, cents] = Number(amount).toFixed(2).split('.');
  return `人民币${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}元`;
}

const p = (body, indent = true) => ({ t: 'p', text: body, indent });
const h = (body) => ({ t: 'h', text: body });
const fields = (...rows) => ({ t: 'fields', rows: rows.map((row) => row.map(([label, value]) => [label, text(value)])) });
const seal = (committee, when) => ({ t: 'seal', committee: `${committee}（印章）`, when: day(when) });

/** Paragraph lines as the PDF writes them: each line on its own, a blank to fill when there is none. */
export function lines(body) {
  const split = (body || BLANK).split(/\r\n|\r|\n/);
  return split.length ? split : [BLANK];
}

const byKeys = (...keys) => (a, b) => {
  for (const key of keys) {
    const [x, y] = [key(a) ?? '', key(b) ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};
const created = (r) => r.created_at ?? '9999';

/**
 * @param {object} file `{dispute, party, mediation_log, followup, referral, attachment}`: the case and its live records
 * @param {{rules: object, zh: (name: string, code: string) => string, committee: string, mediator: string|null,
 *   areaNames: string[]}} ctx the served dossier rules, catalogue labels in Chinese, the names the papers print
 * @returns {object[]} the papers that apply to the case, in the dossier's order
 */
export function casePapers(file, ctx) {
  const dispute = file.dispute;
  const zh = (name, code) => (code ? ctx.zh(name, code) : BLANK);
  const parties = [...file.party].sort(byKeys(created, (r) => r.id)).sort((a, b) => (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3));
  const partyNames = (role) => parties.filter((x) => !role || x.role === role).map((x) => x.name).join('、') || BLANK;
  const marks = file.attachment
    .filter((a) => ['signature', 'fingerprint'].includes(a.kind) && a.mime_type?.startsWith('image/'))
    .sort(byKeys((a) => a.taken_at, (a) => a.id))
    .map((a) => ({ id: a.id, signer: a.parent_entity === 'party' ? a.parent_id : 'mediator' }));
  const imagesOf = (signer) => marks.filter((mark) => mark.signer === signer).map((mark) => mark.id);
  const signers = (roles = ALL_ROLES) => parties.filter((x) => roles.includes(x.role)).map((x) => ({ name: x.name, images: imagesOf(x.id) }));
  const mediatorSigner = () => [{ name: ctx.mediator ?? '', images: imagesOf('mediator') }];
  const sign = (label, who, when = null) => ({ t: 'sign', label, signers: who, when: when ? day(when) : null });
  const committee = ctx.committee;

  function particulars(x) {
    if (x.kind === 'organization') return `${x.name}；住所：${text(x.address)}；联系电话：${text(x.phone)}`;
    return [x.name, zh('gender', x.gender), x.ethnicity ?? '', x.birth_year ? `${x.birth_year}年生` : '',
      x.occupation ? zh('occupation', x.occupation) : '', `公民身份号码：${text(x.id_number)}`, `住址：${text(x.address)}`,
      `联系电话：${text(x.phone)}`].filter(Boolean).join('，');
  }
  const partyBlocks = () => parties.filter((x) => ALL_ROLES.includes(x.role))
    .map((x) => p(`${zh('party_role', x.role)}：${particulars(x)}`, false));
  const caseNo = `案号：${text(dispute.case_no)}`;

  const builders = {
    application: (label) => {
      const written = dispute.source === 'party_application';
      return [{ title: written ? label : '口头申请记录', blocks: [
        ...partyBlocks(), h('申请事项'), p(`请求${committee}对“${dispute.title}”纠纷进行调解。`),
        h('事实与理由'), p(dispute.summary), p('申请人自愿申请人民调解，所述情况属实。'),
        sign('申请人（签名或指印）', signers(['applicant']), dispute.reported_at),
        ...(written ? [] : [sign('记录人', mediatorSigner(), dispute.reported_at)]),
      ] }];
    },
    acceptance: (label) => {
      const incoming = file.referral.filter((r) => r.direction === 'in');
      const consent = parties.map((x) => `${x.name}：${zh('consent', x.consent)}`).join('；');
      return [{ title: label, number: caseNo, blocks: [fields(
        [['受理日期', day(dispute.accepted_at)], ['办理期限', day(dispute.due_on)]],
        [['纠纷类型', zh('category', dispute.category)], ['案件来源', zh('source', dispute.source)]],
        [['移交单位', incoming.map((r) => r.agency_name || zh('agency_kind', r.agency_kind)).join('、') || '无']],
        [['发生日期', dispute.occurred_on ? day(dispute.occurred_on) : BLANK], ['涉及人数', dispute.persons_involved]],
        [['涉及金额', money(dispute.amount_involved)],
          ['风险等级', zh('risk_level', dispute.risk_level) + (dispute.risk_flags ?? []).map((f) => `·${zh('risk_flag', f)}`).join('')]],
        [['申请人', partyNames('applicant')], ['被申请人', partyNames('respondent')]],
        [['纠纷名称', dispute.title]],
        [['纠纷简要情况', dispute.summary]],
        [['同意调解', consent || BLANK]],
        [['所在网格', ctx.areaNames.slice(1).join('') || BLANK]],
        [['调委会', committee], ['承办调解员', ctx.mediator]],
      ), sign('受理人', mediatorSigner(), dispute.accepted_at), seal(committee, dispute.accepted_at)] }];
    },
    'mediation-record': (label) => {
      const logs = [...file.mediation_log].sort(byKeys((l) => l.held_at, (l) => l.id));
      return (logs.length ? logs : [null]).map((log, index) => ({ title: label, number: caseNo, blocks: [fields(
        [['调解次序', `第${index + 1}次`], ['调解时间', log ? moment(log.held_at) : null]],
        [['调解地点', log?.place]],
        [['调解员', log ? log.mediators : ctx.mediator]],
        [['参加人', log ? log.participants : partyNames()]],
        [['权利义务告知', log ? (log.rights_notice_given ? '已告知当事人在人民调解活动中的权利和义务' : '未告知') : null]],
        [['调解情况', log?.statements]],
        [['调解结果', log ? zh('mediation_result', log.result) : null]],
      ), sign('当事人（签名或指印）', signers(), log?.held_at), sign('调解员', mediatorSigner())] }));
    },
    agreement: (label) => [{ title: label, number: `编号：${text(dispute.agreement_no)}`, blocks: [
      ...partyBlocks(), h('一、纠纷的主要事实、争议事项'), p(dispute.summary),
      h('二、各方当事人的责任及协议内容（履行方式、期限）'),
      p((dispute.agreement_terms ?? '').split('；').filter((term) => term.trim()).join('\n') || null),
      ...(dispute.agreement_amount == null ? [] : [p(`协议涉及金额：${money(dispute.agreement_amount)}。`)]),
      h('三、其他'),
      p('本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。协议对当事人具有法律约束力，当事人应当按照约定履行。'),
      p(`当事人可以自本协议生效之日起${JUDICIAL_CONFIRMATION_DAYS}日内共同向人民法院申请司法确认。`),
      p('本协议一式三份，当事人各执一份，人民调解委员会留存一份。'),
      sign('当事人（签名或指印）', signers(), dispute.agreement_signed_on),
      sign('人民调解员（签名）', mediatorSigner(), dispute.agreement_signed_on),
      seal(committee, dispute.agreement_signed_on),
    ] }],
    'oral-agreement': (label) => [{ title: label, number: `编号：${text(dispute.agreement_no)}`, blocks: [fields(
      [['案号', dispute.case_no], ['达成日期', day(dispute.agreement_signed_on)]],
      [['当事人', partyNames()]],
      [['纠纷事项', dispute.summary]],
      [['协议内容', dispute.agreement_terms]],
      [['协议金额', money(dispute.agreement_amount)], ['履行情况', zh('agreement_performance', dispute.agreement_performance)]],
      [['调委会', committee], ['登记人', ctx.mediator]],
    ), sign('当事人（确认签名）', signers(), dispute.agreement_signed_on)] }],
    revisit: (label) => {
      const followups = [...file.followup].sort(byKeys((f) => (f.done_at ? 0 : 1), (f) => f.due_on, (f) => f.id));
      return (followups.length ? followups : [null]).map((f) => {
        const performed = f?.agreement_performed ?? null;
        return { title: label, number: caseNo, blocks: [fields(
          [['协议编号', dispute.agreement_no], ['协议日期', day(dispute.agreement_signed_on)]],
          [['被回访人', partyNames()]],
          [['应回访日期', f ? day(f.due_on) : null], ['回访时间', f?.done_at ? moment(f.done_at) : null]],
          [['回访方式', f ? zh('followup_method', f.method) : null],
            ['协议履行', performed === null ? BLANK : (performed ? '已履行' : '未完全履行')]],
          [['满意程度', f ? zh('satisfaction', f.satisfaction) : null], ['遗留风险', f ? zh('remaining_risk', f.remaining_risk) : null]],
          [['回访情况', f?.notes]],
          [['回访人', ctx.mediator]],
        ), sign('被回访人（签名）', signers(), f?.done_at)] };
      });
    },
    'judicial-confirmation': (label) => {
      const signed = dispute.agreement_signed_on;
      const deadline = signed ? new Date(Date.parse(`${signed}T00:00:00Z`) + JUDICIAL_CONFIRMATION_DAYS * 86400000).toISOString().slice(0, 10) : null;
      return [{ title: label, blocks: [
        ...partyBlocks(), h('请求事项'),
        p(`请求依法确认申请人于${day(signed)}经${committee}主持调解达成的人民调解协议（编号：${text(dispute.agreement_no)}）有效。`),
        h('事实和理由'), p(dispute.summary),
        p('上述协议系申请人在人民调解委员会主持下自愿达成，内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。'
          + `申请人依照《中华人民共和国人民调解法》第三十三条，自协议生效之日起${JUDICIAL_CONFIRMATION_DAYS}日内共同提出申请。`),
        fields(
          [['受理法院', dispute.judicial_confirmation_court], ['申请截止', day(deadline)]],
          [['申请日期', dispute.judicial_confirmation_applied_on ? day(dispute.judicial_confirmation_applied_on) : null],
            ['确认结果', dispute.judicial_confirmation_result]],
        ),
        p('附：人民调解协议书一份。', false),
        sign('申请人（签名或指印）', signers(), dispute.judicial_confirmation_applied_on),
      ] }];
    },
    referral: (label) => {
      const out = file.referral.filter((r) => r.direction === 'out').sort(byKeys(created, (r) => r.id));
      return (out.length ? out : [null]).map((r) => ({ title: label, number: caseNo, blocks: [fields(
        [['纠纷名称', dispute.title]],
        [['当事人', partyNames()]],
        [['接收单位类型', r ? zh('agency_kind', r.agency_kind) : null], ['接收单位', r?.agency_name]],
        [['移交时间', r?.sent_at ? moment(r.sent_at) : null], ['办理状态', r ? zh('referral_status', r.status) : null]],
        [['移交原因', r?.reason]],
        [['办理结果', r?.result]],
      ), sign('移交人', mediatorSigner(), r?.sent_at), seal(committee, r?.sent_at)] }));
    },
  };

  const records = { ...file, dispute: [dispute] };
  return applyingPapers(ctx.rules, records)
    .filter((rule) => builders[rule.paper])
    .flatMap((rule) => builders[rule.paper](rule.label).map((paper) => ({ paper: rule.paper, number: null, ...paper })));
}
