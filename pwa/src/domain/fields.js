/**
 * Field names and values in the mediator's words (zh-CN or en): a field's label from the form
 * catalogue, enum codes as their labels, areas by name, times in local time, yes/no in words.
 * Used by the case history and the conflict notices.
 */
import { t } from '../i18n/index.js';
import { localTime } from './dates.js';
import { enumOf } from '../sync/rules.js';
import { areaName, label } from './labels.js';

/** Field names the catalogue words under another key. */
const FIELD_KEYS = {
  name: 'form.party_name', phone: 'form.party_phone', address: 'form.party_address', role: 'form.party_role',
  amount_involved: 'form.amount', area_id: 'form.area', persons_involved: 'form.persons',
  parties: 'return.field.parties', mediation_logs: 'return.field.mediation_logs', followups: 'return.field.followups',
  other: 'return.field.other',
};
const PREFIXES = ['form', 'followup', 'field'];
/** An entity's own form words come first (a visit's 地点 is not a mediation session's 调解地点). */
const OWN_PREFIX = { referral: 'referral', mediation_log: 'log', visit: 'visit' };
const LONG = 80;

/** A field's label, e.g. `summary` → 纠纷简要情况; the name itself if the catalogue has none. */
export function fieldLabel(name, entity = 'dispute') {
  if (OWN_PREFIX[entity]) {
    const key = `${OWN_PREFIX[entity]}.${name}`;
    const own = t(key);
    if (own !== key) return own;
  }
  const direct = FIELD_KEYS[name];
  if (direct) return t(direct);
  for (const prefix of PREFIXES) {
    const key = `${prefix}.${name}`;
    const text = t(key);
    if (text !== key) return text;
  }
  return name;
}

/** A value as words: enum labels, area names, local times, 是/否; long text shortened. */
export function valueText(name, value, entity = 'dispute', max = LONG) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return t('value.empty');
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  const enumName = enumOf(entity, name);
  let text;
  if (Array.isArray(value)) text = value.map((item) => (enumName ? label(enumName, item) : String(item))).join('、');
  else if (enumName) text = label(enumName, value);
  else if (name === 'area_id') text = areaName(value);
  else if (typeof value === 'object') text = Object.entries(value).map(([field, note]) => `${fieldLabel(field)}：${note}`).join('；');
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) text = localTime(value);
  else text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * One conflict (sync-protocol.md §3: field, base, server, device, kept) in words.
 * @returns {{field: string, server: string, device: string, kept: string}}
 */
export function describeConflict(conflict, entity = 'dispute') {
  return {
    field: fieldLabel(conflict.field, entity),
    server: valueText(conflict.field, conflict.server, entity),
    device: valueText(conflict.field, conflict.device, entity),
    kept: conflict.kept === 'server' ? t('conflict.kept_server') : t('conflict.kept_device'),
  };
}
