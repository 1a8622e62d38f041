/**
 * A server's refusal in the mediator's words: each field by its label, each message in Chinese.
 * Server messages come as "中文。 / English.", "English (中文).", or English alone (marshmallow's own).
 */
import { t } from '../i18n/index.js';
import { fieldLabel } from './fields.js';

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
