/** Synced fields in words, and their values as people read them (conflicts name both). */
import { areaName, label } from '../domain/labels.js';
import { committeeName, mediatorName, when } from './format.js';
import { t } from './i18n.js';

/** Fields whose values are catalogue codes, and the enum that names them. */
export const ENUM_OF = {
  status: 'status', category: 'category', source: 'source', risk_level: 'risk_level', method: 'followup_method',
  satisfaction: 'satisfaction', remaining_risk: 'remaining_risk', consent: 'consent', role: 'party_role',
  agreement_kind: 'agreement_kind', agreement_performance: 'agreement_performance', agency_kind: 'agency_kind',
  gender: 'gender', occupation: 'occupation', kind: 'party_kind', direction: 'referral_direction',
};
const SET_OF = { risk_flags: 'risk_flag', linked_agencies: 'agency_kind', purposes: 'visit_purpose' };
const NUMBERS = new Set(['persons_involved', 'amount_involved', 'agreement_amount', 'birth_year', 'area_id',
  'assigned_mediator_id', 'committee_id']);
const DAYS = new Set(['occurred_on', 'due_on', 'agreement_signed_on', 'judicial_confirmation_applied_on']);
const TIMES = new Set(['reported_at', 'accepted_at', 'closed_at', 'done_at', 'sent_at', 'held_at', 'visited_at', 'consent_at']);
const LONG = new Set(['summary', 'agreement_terms', 'notes', 'statements', 'reason', 'result', 'close_reason']);

export function fieldLabel(name) {
  const key = `desk.field.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/** A value as words: enum labels, names for ids, local times; '—' for nothing. */
export function showValue(name, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((item) => (SET_OF[name] ? label(SET_OF[name], item) : item)).join('、') || '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (ENUM_OF[name]) return label(ENUM_OF[name], value);
  if (name === 'assigned_mediator_id') return mediatorName(value);
  if (name === 'committee_id') return committeeName(value);
  if (name === 'area_id') return areaName(value);
  if (TIMES.has(name)) return when(value);
  return String(value);
}

/** What input a corrected value needs: 'enum' (with its options' enum), 'number', 'date', 'long' or 'text'. */
export function inputKind(name) {
  if (ENUM_OF[name]) return 'enum';
  if (NUMBERS.has(name)) return 'number';
  if (DAYS.has(name)) return 'date';
  if (LONG.has(name)) return 'long';
  return 'text';
}

/** The typed text as the value the server expects for the field. */
export function parseValue(name, text) {
  if (text === '' || text === null || text === undefined) return null;
  if (NUMBERS.has(name)) return Number(text);
  return text;
}
