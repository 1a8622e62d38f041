/**
 * 统一受理 at the window: a case and its parties as sync mutations of the desk's own device, pushed
 * straight from the form (never through the IndexedDB outbox: the desk keeps no personal data in the
 * browser). The form stays in memory until the push answers; a record the server already took is
 * not created again — a retry sends only what it refused, or an update of what changed since.
 */
import { v7 as uuidv7 } from 'uuid';
import { formErrors, refusalReason } from '../../domain/rejections.js';
import { fieldErrors } from '../../sync/rules.js';
import { mutation } from '../api.js';

export const PARTY_FIELDS = Object.freeze([
  'role', 'kind', 'name', 'gender', 'birth_year', 'ethnicity', 'occupation', 'phone', 'id_number', 'address', 'consent',
]);
const NUMBERS = new Set(['birth_year', 'persons_involved', 'amount_involved']);

export function blankCase(areaId = null) {
  return {
    id: uuidv7(), area_id: areaId, title: '', category: '', source: 'party_application', risk_level: 'low',
    risk_flags: [], summary: '', occurred_on: '', amount_involved: '', persons_involved: '',
  };
}

export function blankParty(role = 'applicant') {
  return {
    id: uuidv7(), role, kind: 'person', name: '', gender: 'unknown', birth_year: '', ethnicity: '',
    occupation: '', phone: '', id_number: '', address: '', consent: 'pending',
  };
}

/** A form value as the server stores it: trimmed text, numbers, null for nothing. */
function stored(name, value) {
  if (Array.isArray(value)) return value;
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === '' || text === undefined || text === null) return null;
  if (NUMBERS.has(name)) return Number(text);
  return name === 'id_number' ? String(text).toUpperCase() : text;
}

/** The case's fields as a create would send them (reported now, unless it was already sent). */
export function caseValues(form, reportedAt) {
  const values = { reported_at: reportedAt };
  for (const name of ['area_id', 'title', 'category', 'source', 'risk_level', 'risk_flags', 'summary',
    'occurred_on', 'amount_involved', 'persons_involved']) {
    values[name] = stored(name, form[name]);
  }
  return values;
}

export function partyValues(party, disputeId) {
  const values = { dispute_id: disputeId };
  for (const name of PARTY_FIELDS) values[name] = stored(name, party[name]);
  return values;
}

/** Parties worth saving: those with a name (an empty block is the form's spare row). */
export function namedParties(parties) {
  return parties.filter((party) => party.name.trim());
}

/**
 * The mutations for the form now. `sent` maps a record id to what the server took ({version, values});
 * such a record is updated with only the fields changed since, or left out when nothing changed.
 */
export function intakeMutations(form, parties, sent, reportedAt) {
  const records = [
    { entity: 'dispute', id: form.id, values: caseValues(form, sent[form.id]?.values.reported_at ?? reportedAt) },
    ...namedParties(parties).map((party) => ({ entity: 'party', id: party.id, values: partyValues(party, form.id) })),
  ];
  const mutations = [];
  for (const { entity, id, values } of records) {
    const taken = sent[id];
    if (!taken) {
      mutations.push(mutation(entity, id, 'create', null, values));
      continue;
    }
    const changes = Object.fromEntries(Object.entries(values)
      .filter(([name, value]) => name !== 'dispute_id' && JSON.stringify(value) !== JSON.stringify(taken.values[name] ?? null)));
    if (Object.keys(changes).length) mutations.push(mutation(entity, id, 'update', taken.version, changes));
  }
  return mutations;
}

/** Problems per record id and field, found before sending (`fieldErrors` of sync/rules.js). */
export function precheck(mutations) {
  const problems = {};
  for (const item of mutations) {
    const errors = fieldErrors(item);
    if (Object.keys(errors).length) problems[item.id] = formErrors(errors, item.entity);
  }
  return problems;
}

/**
 * Read the push's answer: records the server took go into `sent`; refusals come back per record id
 * and field (a refusal without a field under `_`), with their Chinese words.
 */
export function settle(mutations, results, sent) {
  const problems = {};
  let conflict = false;
  mutations.forEach((item, index) => {
    const result = results[index] ?? {};
    const status = result.status === 'duplicate' ? result.original_status : result.status;
    if (status === 'applied' || status === 'merged' || status === 'conflict') {
      conflict ||= status === 'conflict';
      const before = sent[item.id]?.values ?? {};
      sent[item.id] = { version: result.record?.version ?? (sent[item.id]?.version ?? 0) + 1, values: { ...before, ...item.changes } };
    } else {
      problems[item.id] = result.errors && Object.keys(result.errors).length
        ? formErrors(result.errors, item.entity) : { _: refusalReason(result.error_code) };
    }
  });
  return { problems, conflict };
}
