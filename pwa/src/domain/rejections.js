/**
 * A server's refusal in the mediator's words: each field by its label, each message in Chinese.
 * Server messages come as "中文。 / English.", "English (中文).", or English alone (marshmallow's own).
 */
import { t } from '../i18n/index.js';
import { fieldErrors } from '../sync/rules.js';
import { fieldLabel } from './fields.js';
import { idNumberValid } from './idcard.js';

const HAN = /[\u4e00-\u9fff]/;

/** The Chinese part of a server message; a message with none becomes the catalogue's "填写有误". */
export function inChinese(message) {
  const text = String(message ?? '');
  const slash = text.indexOf(' / ');
  if (slash > 0 && HAN.test(text.slice(0, slash))) return text.slice(0, slash);
  const bracketed = text.match(/[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]/);
  if (bracketed) return bracketed[1];
  return HAN.test(text) ? text : t('error.field_invalid');
}

/** What a refusal's `error_code` means, in the user's words; a code the phone does not know is 服务器未接受此修改. */
export function refusalReason(code) {
  const key = `error.${code}`;
  const known = t(key);
  return known === key ? t('error.other') : known;
}

/**
 * A refused mutation's field errors as lines "label：message", and by field for a form.
 * @returns {{lines: string[], byField: Object<string, string>}}
 */
export function rejectionMessages(mutation) {
  const byField = {};
  for (const [name, messages] of Object.entries(mutation.errors ?? {})) {
    byField[name] = [...new Set([].concat(messages).map(inChinese))].join('；');
  }
  const lines = Object.entries(byField).map(([name, text]) => `${fieldLabel(name, mutation.entity)}：${text}`);
  return { lines, byField };
}

/** Field errors (server or `fieldErrors`) as one Chinese line per field for a form: {name: text}. */
export function formErrors(errors, entity = 'dispute') {
  const shown = {};
  for (const [name, messages] of Object.entries(errors ?? {})) {
    shown[name] = [...new Set([].concat(messages).map((m) => oneMessage(name, String(m), entity)))].join('；');
  }
  return shown;
}

function oneMessage(name, message, entity) {
  if (/^Required/.test(message)) return t('form.required', { field: fieldLabel(name, entity) });
  return HAN.test(message) ? inChinese(message) : `${t('error.field_invalid')}（${message}）`;
}

/**
 * What the phone refuses before saving, by field, in Chinese: `fieldErrors` (sync/rules.js), and the ID
 * number's check character where those rules do not check it.
 * @param {{entity: string, op: string, changes: object}} mutation
 */
export function errorsBeforeSave(mutation) {
  const errors = { ...fieldErrors(mutation) };
  const id = mutation.changes?.id_number;
  if (mutation.entity === 'party' && id && !errors.id_number && !idNumberValid(id)) errors.id_number = [t('party.id_invalid')];
  return formErrors(errors, mutation.entity);
}
