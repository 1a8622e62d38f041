import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeTerms, confirmationWindow, parseTerms, suggestAgreementNo } from '../src/domain/agreement.js';
import { idNumberValid, maskIdNumber, maskPhone, parseIdNumber } from '../src/domain/idcard.js';
import { inChinese, rejectionMessages } from '../src/domain/rejections.js';
import { locale } from '../src/i18n/index.js';

test('an ID number with the right check character is valid; one digit off, or a lower-case x, decides', () => {
  assert.equal(idNumberValid('370104199001011234'), true);
  assert.equal(idNumberValid('370104199001011235'), false);
  assert.equal(idNumberValid('11010519491231002X'), true);
  assert.equal(idNumberValid('11010519491231002x'), true);
  assert.equal(idNumberValid('11010519491231002'), false);
  assert.equal(idNumberValid('37010419900101123 4'), false);
});

test('an ID number gives the year of birth and the gender (17th digit odd: male, even: female)', () => {
  assert.deepEqual(parseIdNumber('370104199001011234'), { birthDate: '1990-01-01', birthYear: 1990, gender: 'male' });
  assert.deepEqual(parseIdNumber(' 11010519491231002x '), { birthDate: '1949-12-31', birthYear: 1949, gender: 'female' });
});

test('an ID number with a right check character but no real birth day (29 February 1987) gives nothing', () => {
  assert.equal(idNumberValid('44030019870229001X'), true);
  assert.equal(parseIdNumber('44030019870229001X'), null);
  assert.equal(parseIdNumber('370104199001011235'), null);
});

test('masked on screen as the server masks them', () => {
  assert.equal(maskIdNumber('370104199001011234'), '370104********1234');
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('0531-88886666'), '053*****6666');
  assert.equal(maskPhone('88886666'), '****6666');
});

test('the terms keep their parts through one text, and an older text without headings is what each side does', () => {
  const parts = { facts: '楼上漏水', issues: '维修费用', liability: '楼上负全责', obligations: '赔偿2000元', performance: '10日内转账' };
  assert.deepEqual(parseTerms(composeTerms(parts)), parts);
  assert.equal(composeTerms({ facts: '', obligations: '道歉' }), '【各方履行的内容】道歉');
  assert.deepEqual(parseTerms('双方和解，互不追究'), { facts: '', issues: '', liability: '', obligations: '双方和解，互不追究', performance: '' });
});

test('the agreement number is suggested from the case number, never before the case has one', () => {
  assert.equal(suggestAgreementNo('(2026)槐人调字第00042号'), '(2026)槐人调协字第00042号');
  assert.equal(suggestAgreementNo(null), '');
});

test('judicial confirmation: open to day 19, amber from day 20, red after day 30, nothing once applied or oral', () => {
  const written = { agreement_kind: 'written', agreement_signed_on: '2026-03-01' };
  assert.equal(confirmationWindow(written, '2026-03-20').state, 'open');
  assert.equal(confirmationWindow(written, '2026-03-21').state, 'amber');
  assert.equal(confirmationWindow(written, '2026-03-31').state, 'amber');
  assert.equal(confirmationWindow(written, '2026-04-01').state, 'red');
  assert.equal(confirmationWindow(written, '2026-03-31').deadline, '2026-03-31');
  assert.equal(confirmationWindow({ ...written, judicial_confirmation_applied_on: '2026-03-25' }, '2026-04-09').state, 'none');
  assert.equal(confirmationWindow({ ...written, agreement_kind: 'oral' }, '2026-04-09').state, 'none');
});

test('a server refusal reads in Chinese with the field\'s label, whatever shape the message came in', () => {
  locale.value = 'zh-CN';
  assert.equal(inChinese('文字过长。 / Too long.'), '文字过长。');
  assert.equal(inChinese('Not a valid mobile or landline number (电话号码格式错误).'), '电话号码格式错误');
  assert.equal(inChinese('Not a valid integer.'), '填写有误');
  const { lines, byField } = rejectionMessages({ entity: 'party', errors: { phone: ['Not a valid mobile or landline number (电话号码格式错误).'] } });
  assert.deepEqual(lines, ['电话：电话号码格式错误']);
  assert.equal(byField.phone, '电话号码格式错误');
});
