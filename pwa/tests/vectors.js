/**
 * Reading the shared vectors (tests/sync/vectors/*.json: `initial` records, `actors`, ordered
 * `mutations`, `expected.results`). The vector's records are replayed as the device would hold
 * them, mutation by mutation, and each expected outcome becomes one check of the client's
 * pre-checks: a rejection the client is meant to predict must be predicted with the same code,
 * and an accepted edit must raise no false alarm.
 */
import { readFileSync } from 'node:fs';
import { DEFAULTS, ENTITY_FIELDS, RELATED, staleMoveWins } from '../src/sync/rules.js';

/** The server's dossier table, as the phone is given it (generated from sync/dossier.py). */
export const DOSSIER_RULES = JSON.parse(readFileSync(new URL('../../tests/sync/dossier/table.json', import.meta.url), 'utf8'));

/** Rejection codes the client's pre-checks are meant to predict; the rest need the server's view. */
export const PREDICTED_CODES = new Set([
  'consent_required', 'consent_refused', 'agreement_required', 'close_reason_required', 'papers_missing',
  'invalid_transition', 'forbidden', 'append_only', 'read_only', 'unknown_field', 'unknown_op', 'unknown_entity',
  'validation_failed', 'dependency_rejected', 'already_exists', 'base_version_ahead',
  'reference_not_found', 'invalid_assignee', 'return_comments_required', 'invalid_return', 'not_returned',
]);

/** Outcomes where the server accepted the edit: the client must not have predicted a refusal. */
const ACCEPTED = new Set(['applied', 'merged', 'conflict']);

/**
 * @returns {Array<{label: string, mutation: object, context: object, expectedCode: string|null}>}
 *   expectedCode null means "no refusal predicted"
 */
export function vectorCases(vector) {
  const state = new Map(vector.initial.map((record) => [record.id, structuredClone(record)]));
  const failedCreates = new Set();
  const cases = [];
  vector.mutations.forEach(({ actor: actorName, mutation }, index) => {
    const expected = vector.expected.results[index];
    const actor = vector.actors[actorName];
    const record = state.get(mutation.id) ?? null;
    const visible = record && record.entity === mutation.entity ? record : null;
    const context = {
      record: structuredClone(visible),
      related: structuredClone(relatedOf(state, mutation)),
      role: actor.role,
      areaIds: actor.area_ids,
      directory: vector.directory ?? null,
      failedCreates: new Set(failedCreates),
      staleStatus: isStale(visible, mutation, actor),
      dossierRules: DOSSIER_RULES,
    };
    const label = `#${index + 1} ${actorName} ${mutation.op} ${mutation.entity} → ${expected.status}${expected.error_code ? ` ${expected.error_code}` : ''}`;
    if (expected.status === 'rejected' && PREDICTED_CODES.has(expected.error_code) && !outOfScope(visible, actor)) {
      cases.push({ label, mutation, context, expectedCode: expected.error_code });
    } else if (ACCEPTED.has(expected.status)) {
      cases.push({ label, mutation, context, expectedCode: null });
    }
    if (expected.status === 'rejected' && mutation.op === 'create' && !record) failedCreates.add(mutation.id);
    if (ACCEPTED.has(expected.status)) apply(state, mutation, actor, expected.status, context.staleStatus);
  });
  return cases;
}

function relatedOf(state, mutation) {
  if (mutation.entity !== 'dispute') return {};
  const rows = [...state.values()].filter((row) => row.dispute_id === mutation.id);
  return Object.fromEntries(Object.entries(RELATED).map(([entity, key]) => [key, rows.filter((r) => r.entity === entity)]));
}

/** A record the actor's device would not hold (another grid): its refusals are the server's to say. */
function outOfScope(record, actor) {
  return Boolean(record && actor.role === 'mediator' && 'area_id' in record && !actor.area_ids.includes(record.area_id));
}

function isStale(record, mutation, actor) {
  const last = record?.field_versions?.status;
  return Boolean(last && last[0] > (mutation.base_version ?? 0) && last[1] !== actor.device_id);
}

/** The accepted edit as the server would hold it, well enough for the next mutation's checks. */
function apply(state, mutation, actor, status, staleStatus) {
  const current = state.get(mutation.id);
  if (mutation.op === 'void') {
    if (current) current.voided_at = current.voided_at ?? 'voided';
    return;
  }
  if (mutation.op === 'create' || !current) {
    const blank = Object.fromEntries(Object.entries(ENTITY_FIELDS[mutation.entity] ?? {}).map(([n, k]) => [n, k === 'set' ? [] : null]));
    state.set(mutation.id, {
      entity: mutation.entity, id: mutation.id, version: 1, voided_at: null, field_versions: {},
      ...blank, ...DEFAULTS[mutation.entity], ...mutation.changes,
    });
    return;
  }
  if (current.voided_at) return;
  const version = current.version + 1;
  for (const [name, value] of Object.entries(mutation.changes)) {
    if (name === 'status' && status === 'conflict' && staleStatus && !staleMoveWins(current.status, value)) continue;
    current[name] = value;
    current.field_versions = { ...(current.field_versions ?? {}), [name]: [version, actor.device_id] };
  }
  current.version = version;
}
