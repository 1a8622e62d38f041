/**
 * Client-side pre-checks mirroring the server's workflow, permission and write rules (sync/workflow.py,
 * sync/permissions.py, sync/authority.py). They let a screen say "this would be refused" before the mediator
 * walks away; the server still decides. The field tables (kinds, required-on-create, defaults, value rules)
 * are the server's own, generated into ./field-rules.js (`python -m app.schemas.field_rules`); the shared
 * vectors in tests/sync/vectors/ keep the workflow checks in step.
 */
import { localDay } from '../domain/dates.js';
import { completeness } from '../domain/dossier.js';
import { fieldLabel } from '../domain/fields.js';
import { t } from '../i18n/index.js';
import FIELD_RULES from './field-rules.js';

export const INITIAL_STATUS = 'reported';

export const RANK = Object.freeze({
  reported: 0, accepted: 1, assigned: 2, mediating: 3,
  agreed: 4, failed: 4, suspended: 4, referred: 4, closed: 5,
});

/** Moves allowed besides forward ones: resuming mediation, handing a stalled case to an agency. */
const SIDEWAYS_OR_BACK = new Set([
  'suspended>mediating', 'failed>mediating', 'referred>mediating', 'failed>referred', 'suspended>referred',
]);

export const REVIEWERS = new Set(['supervisor', 'admin']);
const DISPATCH_STATUSES = new Set(['accepted', 'assigned']);
/** What a mediator may void (a registration made by mistake): the field and the value it must still hold. */
const MEDIATOR_VOIDABLE = { dispute: ['status', INITIAL_STATUS], party: ['consent', 'pending'], attachment: ['agreement_no', null] };
const VOID_ONLY_REVIEWERS = '调解员只能作废尚未受理的案件、尚未表态的当事人和未签署协议的附件，其余由督导或管理员作废。 / '
  + 'A mediator voids only a case not yet accepted, a party not yet asked for consent or an attachment that signs no agreement; a supervisor or an admin voids the rest.';
/** Fields only a reviewer sets: who works the case, when it was accepted (受理), sending it back (退回补正). */
const REVIEWER_FIELDS = { dispute: ['assigned_mediator_id', 'committee_id', 'accepted_at', 'returned_at', 'return_comments'] };
const RETURN_ONLY_REVIEWERS = '只有督导或管理员可以退回案件。 / Only a supervisor or an admin may send a case back.';
/** 退回补正 fields (sync/workflow.py RETURN_FIELDS). */
export const RETURN_FIELDS = Object.freeze(['returned_at', 'return_comments', 'resubmitted_at']);
/** Fields pointing at rows that are not synced (sync/authority.py REFERENCES): field → kind. */
const REFERENCES = {
  dispute: { area_id: 'area', assigned_mediator_id: 'user', committee_id: 'committee' },
  visit: { area_id: 'area' },
};

const ENTITIES = FIELD_RULES.entities;
const byEntity = (pick) => Object.freeze(Object.fromEntries(Object.entries(ENTITIES).map(([name, spec]) => [name, pick(spec)])));

/** Fields a create must carry, by entity (the record schemas' `create_required`). */
export const CREATE_REQUIRED = byEntity((spec) => spec.required);

/** Every synced field by entity and its kind (sync/policy.py): scalar, status, set, immutable, server. */
export const ENTITY_FIELDS = byEntity((spec) => Object.fromEntries(Object.entries(spec.fields).map(([n, rule]) => [n, rule.kind])));

/** Values a new record starts with besides null and [] (sync/policy.py defaults). */
export const DEFAULTS = byEntity((spec) => spec.defaults);

/** The catalogue enumeration a field's values (or a set's items) come from, or null. */
export function enumOf(entity, name) {
  const rule = ENTITIES[entity]?.fields[name];
  return rule?.enum ?? rule?.items?.enum ?? null;
}

const OPS = new Set(FIELD_RULES.ops);
const APPEND_ONLY = new Set(Object.keys(ENTITIES).filter((name) => ENTITIES[name].append_only));
const METADATA_FIELDS = new Set(FIELD_RULES.metadata);

/** A fresh move: forward (steps may be skipped) or a listed resume; never out of `closed`. */
export function canMove(from, to) {
  if (from === 'closed') return false;
  return RANK[to] > RANK[from] || SIDEWAYS_OR_BACK.has(`${from}>${to}`);
}

/** The child entities the entry rules read, and the `related` key holding each (sync/workflow.py RELATED). */
export const RELATED = Object.freeze({
  party: 'parties', followup: 'followups', mediation_log: 'mediation_logs', referral: 'referrals', attachment: 'attachments',
});

/** `related` from a case's children by entity (as store/records.js `caseDetail` gives them). */
export function relatedOf(children) {
  return Object.fromEntries(Object.entries(RELATED).map(([entity, key]) => [key, children[entity] ?? []]));
}

/**
 * The required papers a case would lack (domain/dossier.js over the server's table), `record` being the
 * dispute as it would stand; [] when the phone does not hold the table yet (the server still judges).
 */
export function missingPapers(record, related = {}, dossierRules = null) {
  if (!dossierRules) return [];
  const records = { dispute: [record], ...Object.fromEntries(Object.entries(RELATED).map(([entity, key]) => [entity, related[key] ?? []])) };
  return completeness(dossierRules, records).items.filter((item) => item.required && !item.present);
}

/**
 * What stops a case entering `to` from `from`; `record` is the dispute after the change, `related` its
 * child records (working copies, voided ones included; keys as in RELATED), `dossierRules` the server's
 * dossier table (reference `dossier_rules`).
 * @returns {{code: string, message: string, field?: string}|null}
 */
export function entryViolation(from, to, record, related = {}, dossierRules = null) {
  if (to === 'mediating' || to === 'agreed') {
    const violation = consentViolation(related.parties ?? []);
    if (violation) return violation;
  }
  if (to === 'agreed' && !(record.agreement_kind && record.agreement_terms)) {
    return { code: 'agreement_required', message: 'an agreed case needs the agreement\'s kind and terms' };
  }
  if (to === 'closed') {
    if (!record.close_reason?.trim()) return { code: 'close_reason_required', message: 'closing a case needs a reason' };
    if (from === 'agreed' && !record.agreement_kind) {
      return { code: 'agreement_required', field: 'agreement_kind', message: 'a case that reached an agreement keeps its kind when it closes' };
    }
    const missing = missingPapers(record, related, dossierRules);
    if (missing.length && !record.papers_missing_reason?.trim()) {
      return { code: 'papers_missing', field: 'papers_missing_reason', message: `卷宗缺少：${missing.map((p) => p.label).join('、')}。结案须写明缺件原因。` };
    }
  }
  return null;
}

/** `returned`, `resubmitted`, or null for a case not sent back (sync/workflow.py `return_state`). */
export function returnState(record) {
  if (!record?.returned_at) return null;
  return record.resubmitted_at ? 'resubmitted' : 'returned';
}

/**
 * What is wrong with the return fields `edits` writes, `record` being the dispute after the change
 * (sync/workflow.py `return_violation`). @returns {{code, message, field}|null}
 */
export function returnViolation(record, edits) {
  if (!RETURN_FIELDS.some((name) => name in edits)) return null;
  const returned = Boolean(record.returned_at);
  const hasComments = record.return_comments && Object.keys(record.return_comments).length > 0;
  if (returned && !hasComments) {
    return { code: 'return_comments_required', field: 'return_comments', message: '退回补正须写明要补正的字段和意见。 / A case sent back needs comments on the fields to correct.' };
  }
  if (edits.returned_at && record.resubmitted_at) {
    return { code: 'invalid_return', field: 'resubmitted_at', message: '再次退回须清除上次的重新提交。 / Sending a case back again clears its last resubmission.' };
  }
  if (!returned && (hasComments || record.resubmitted_at)) {
    return { code: 'not_returned', field: record.resubmitted_at ? 'resubmitted_at' : 'return_comments', message: '只有被退回的案件才能重新提交或附退回意见。 / Only a case sent back has comments or a resubmission.' };
  }
  return null;
}

/** Mediation is voluntary (People's Mediation Law art. 17): every party must have consented. */
function consentViolation(parties) {
  const live = parties.filter((p) => !p.voided_at);
  if (!live.length) return { code: 'consent_required', message: 'mediation needs at least one party, and every party\'s consent' };
  if (live.some((p) => p.consent === 'refused')) {
    return { code: 'consent_refused', message: 'a party refused mediation: refer or close the case with the reason' };
  }
  if (live.some((p) => p.consent !== 'consented')) return { code: 'consent_required', message: 'every party must consent before mediation' };
  return null;
}

/**
 * What `role` may not do, as field errors (scope is the server's question); `record` is the record before
 * the edit (null for a create). Only reviewers accept, dispatch, close a case never accepted (不予受理) and void,
 * but a mediator voids a case still reported, a party whose consent is pending and an attachment signing no agreement; her new case starts as reported.
 */
export function permissionErrors(role, entity, op, edits, record = null) {
  if (REVIEWERS.has(role)) return {};
  if (op === 'void') {
    const [field, value] = MEDIATOR_VOIDABLE[entity] ?? [];
    return field && record && (record[field] ?? null) === value ? {} : { voided_at: [VOID_ONLY_REVIEWERS] };
  }
  const errors = {};
  if (entity === 'dispute' && 'status' in edits) {
    if (DISPATCH_STATUSES.has(edits.status)) {
      errors.status = ['只有督导或管理员可以受理或派单。 / Only a supervisor or an admin may accept or dispatch a case.'];
    } else if (op === 'create' && edits.status !== INITIAL_STATUS) {
      errors.status = ['调解员新建的案件只能是“登记”状态。 / A case a mediator registers starts as reported; a supervisor accepts it.'];
    } else if (edits.status === 'closed' && !record?.accepted_at) {
      errors.status = ['未受理的案件只能由督导或管理员决定不予受理并结案。 / Only a supervisor or an admin may close a case that was never accepted.'];
    }
  }
  for (const name of REVIEWER_FIELDS[entity] ?? []) {
    if (!(name in edits)) continue;
    errors[name] = [RETURN_FIELDS.includes(name) ? RETURN_ONLY_REVIEWERS : '只有督导或管理员可以指派或受理案件。 / Only a supervisor or an admin may assign or accept a case.'];
  }
  return errors;
}

/**
 * The shared write rule (sync/authority.py) as far as the device can see it: every reference written
 * exists in `directory` ({areas, committees, users: {id: {role, active}}}, each optional) and an assignee
 * is an active mediator; a written `area_id` lies in `areaIds` (the user's own areas: assignment does
 * not count).
 */
export function authorityRefusal(entity, written, { areaIds = null, directory = null } = {}) {
  const missing = {};
  const unfit = {};
  for (const [name, kind] of Object.entries(REFERENCES[entity] ?? {})) {
    const id = written[name];
    if (id === undefined || id === null || !directory) continue;
    const row = findReference(directory, kind, id);
    if (!row) missing[name] = [`no ${kind} ${id}`];
    else if (kind === 'user' && !(row.role === 'mediator' && row.active)) unfit[name] = ['只能派给在职的调解员。 / A case is assigned only to an active mediator.'];
  }
  if (Object.keys(missing).length) return { code: 'reference_not_found', errors: missing };
  if (Object.keys(unfit).length) return { code: 'invalid_assignee', errors: unfit };
  if ('area_id' in written && areaIds && !areaIds.includes(written.area_id)) {
    return { code: 'forbidden', errors: { area_id: ['该区域不在您的工作范围内。 / This area is outside the areas you work in.'] } };
  }
  return null;
}

function findReference(directory, kind, id) {
  if (kind === 'user') return directory.users ? directory.users[id] ?? directory.users[String(id)] ?? null : { role: 'mediator', active: true };
  const known = kind === 'area' ? directory.areas : directory.committees;
  return !known || known.includes(id) ? {} : null;
}

/** Refusals no state could lift (sync/policy.py `check_shape`), in the server's order. */
export function shapeViolation(mutation) {
  const { entity, op, changes = {} } = mutation;
  const fields = ENTITY_FIELDS[entity];
  if (!fields) return { code: 'unknown_entity', errors: { entity: [`unknown entity ${entity}`] } };
  if (!OPS.has(op)) return { code: 'unknown_op', errors: { op: [`unknown op ${op}`] } };
  if (op === 'update' && APPEND_ONLY.has(entity)) return { code: 'append_only', errors: { op: ['append-only: add a new one instead'] } };
  if (op === 'void') {
    const extra = Object.keys(changes).filter((name) => name !== 'void_reason').sort();
    return extra.length ? { code: 'read_only', errors: Object.fromEntries(extra.map((n) => [n, ['only void_reason may accompany a void']])) } : null;
  }
  let code = null;
  const errors = {};
  for (const name of Object.keys(changes).sort()) {
    let problem = null;
    if (METADATA_FIELDS.has(name)) problem = 'read_only';
    else if (!(name in fields)) problem = 'unknown_field';
    else if (fields[name] === 'server' || (fields[name] === 'immutable' && op === 'update')) problem = 'read_only';
    if (!problem) continue;
    code ??= problem;
    errors[name] = [problem === 'unknown_field' ? `unknown field of ${entity}` : 'read-only'];
  }
  return code ? { code, errors } : null;
}

/**
 * Field errors the server's record schemas would give, from their generated rules: required fields of a
 * create, null where not allowed, types, lengths, ranges, enum codes, phone, ID-number and UUID formats.
 * Messages in the user's language (zh-CN by default) name the field by its label. Empty when the device
 * sees nothing wrong.
 * @param {{entity: string, op: string, changes?: object}} mutation
 * @returns {Record<string, string[]>}
 */
export function fieldErrors(mutation) {
  const { entity, op, changes = {} } = mutation;
  const spec = ENTITIES[entity];
  const errors = {};
  if (!spec || op === 'void') return errors;
  const add = (name, key, params = {}) => { (errors[name] ??= []).push(t(key, { field: fieldLabel(name, entity), ...params })); };
  if (op === 'create') {
    for (const name of spec.required) if (isBlank(changes[name])) add(name, 'form.required');
  }
  for (const [name, value] of Object.entries(changes)) {
    const rule = spec.fields[name];
    if (!rule || (op === 'create' && spec.required.includes(name) && isBlank(value))) continue;
    const problem = valueProblem(rule, value);
    if (problem) add(name, `rule.${problem.key}`, problem.params);
  }
  return errors;
}

function isBlank(value) {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);
}

/** What is wrong with one value under its field's rule: `{key, params}` for the message, or null. */
function valueProblem(rule, value) {
  if (value === null || value === undefined) return rule.nullable ? null : { key: 'not_null' };
  if (!(TYPE_CHECKS[rule.type] ?? (() => true))(value)) return { key: 'type' };
  if (rule.type === 'text') {
    if (rule.min_length && value.length < rule.min_length) return { key: 'blank' };
    if (rule.max_length !== undefined && value.length > rule.max_length) return { key: 'too_long', params: { max: rule.max_length } };
  }
  if (rule.type === 'list') {
    if (rule.max_items !== undefined && value.length > rule.max_items) return { key: 'too_many', params: { max: rule.max_items } };
    for (const item of value) {
      const problem = valueProblem(rule.items, item);
      if (problem) return problem;
    }
    return null;
  }
  if ('min' in rule || 'max' in rule) {
    const max = rule.max === 'this_year' ? Number(localDay().slice(0, 4)) : rule.max; // the year in Beijing
    const number = Number(value);
    if ((rule.min !== undefined && number < rule.min) || (max !== undefined && number > max)) {
      return { key: 'range', params: { min: rule.min ?? '', max: max ?? '' } };
    }
  }
  if (rule.enum && !FIELD_RULES.enums[rule.enum].includes(value)) return { key: 'enum' };
  if (rule.format && !FORMAT_CHECKS[rule.format](value)) return { key: rule.format };
  return null;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const TYPE_CHECKS = {
  text: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v)),
  money: (v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMERIC.test(v)),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  boolean: (v) => typeof v === 'boolean',
  list: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

const PHONE = FIELD_RULES.formats.phone.map((pattern) => new RegExp(pattern));
const UUID = new RegExp(FIELD_RULES.formats.uuid);
const ID = FIELD_RULES.formats.id_number;
const ID_PATTERN = new RegExp(ID.pattern);
const FORMAT_CHECKS = {
  phone: (v) => PHONE.some((pattern) => pattern.test(v)),
  id_number: (v) => idNumberOk(v.toUpperCase()),
  uuid: (v) => UUID.test(v),
};

/** GB 11643 (ISO 7064 MOD 11-2): the 18th character checks the first 17, with the server's table. */
function idNumberOk(value) {
  if (!ID_PATTERN.test(value)) return false;
  const total = ID.weights.reduce((sum, weight, i) => sum + Number(value[i]) * weight, 0);
  return ID.check_chars[total % 11] === value[17];
}

/** The disputes a mutation links to: a create's `dispute_id`, and `dispute_ids` wherever sent. */
function linkedIds(mutation) {
  const ids = [];
  const fields = ENTITY_FIELDS[mutation.entity] ?? {};
  if ('dispute_id' in fields && mutation.op === 'create') ids.push(mutation.changes?.dispute_id);
  if ('dispute_ids' in fields) ids.push(...(mutation.changes?.dispute_ids ?? []));
  return ids;
}

/**
 * Predict the server's refusal of one mutation, or null if the device sees none. Checks run in
 * the server's order (sync/engine.py): shape, dependency, existence and scope, field values, then
 * the engine's decision (ids and versions, permissions, workflow).
 * @param {object} mutation {entity, id, op, base_version, changes}
 * @param {object} context
 * @param {object|null} [context.record] the record as the device holds it (flat form)
 * @param {object} [context.related] the case's child records by RELATED key (parties, followups, …)
 * @param {object} [context.dossierRules] the server's dossier table (reference `dossier_rules`)
 * @param {string} [context.role] the user's role
 * @param {number[]} [context.areaIds] the user's own areas: a written area_id elsewhere is forbidden
 * @param {object} [context.directory] referenced rows the device knows ({areas, committees, users})
 * @param {Set<string>} [context.failedCreates] ids whose create was refused earlier in the same push
 * @param {boolean} [context.staleStatus] another device changed the status since the base
 * @returns {{code: string, errors: object}|null}
 */
export function predictRejection(mutation, context = {}) {
  const { record = null, related = {}, role = 'mediator', areaIds = null, failedCreates = new Set(), staleStatus = false,
    dossierRules = null } = context;
  const shape = shapeViolation(mutation);
  if (shape) return shape;
  const changes = mutation.changes ?? {};
  if ((mutation.op !== 'create' && failedCreates.has(mutation.id)) || linkedIds(mutation).some((id) => failedCreates.has(id))) {
    return { code: 'dependency_rejected', errors: { id: ['depends on a record whose create was rejected'] } };
  }
  if (mutation.op !== 'create' && !record) return { code: 'not_found', errors: { id: ['no such record'] } };
  const invalid = fieldErrors(mutation);
  if (Object.keys(invalid).length) return { code: 'validation_failed', errors: invalid };

  if (mutation.op === 'create') {
    if (record) return { code: 'already_exists', errors: { id: ['a record with this id already exists: pull it and edit it'] } };
    const blank = { ...Object.fromEntries(Object.entries(ENTITY_FIELDS[mutation.entity]).map(([n, k]) => [n, k === 'set' ? [] : null])), ...DEFAULTS[mutation.entity] };
    const forbidden = permissionErrors(role, mutation.entity, 'create', differing(changes, blank));
    if (Object.keys(forbidden).length) return { code: 'forbidden', errors: forbidden };
    if (mutation.entity === 'dispute' && 'status' in changes && changes.status !== INITIAL_STATUS) {
      const refusal = statusRefusal(INITIAL_STATUS, changes.status, { ...blank, ...changes }, related, false, dossierRules);
      if (refusal) return refusal;
    }
    const returning = mutation.entity === 'dispute' && returnRefusal({ ...blank, ...changes }, changes);
    if (returning) return returning;
    return authorityRefusal(mutation.entity, changes, context);
  }
  if (!Number.isInteger(mutation.base_version)) return { code: 'base_version_required', errors: { base_version: ['required'] } };
  if (mutation.base_version > record.version) return { code: 'base_version_ahead', errors: { base_version: [`the server holds version ${record.version}`] } };
  if (mutation.op === 'void') {
    const forbidden = permissionErrors(role, mutation.entity, 'void', {}, record);
    return Object.keys(forbidden).length ? { code: 'forbidden', errors: forbidden } : null;
  }
  const edits = differing(changes, record);
  const forbidden = permissionErrors(role, mutation.entity, 'update', edits, record);
  if (Object.keys(forbidden).length) return { code: 'forbidden', errors: forbidden };
  if (record.voided_at) return null; // a conflict, kept for review
  if (mutation.entity === 'dispute' && 'status' in edits && !(staleStatus && !staleMoveWins(record.status, edits.status))) {
    const refusal = statusRefusal(record.status, edits.status, { ...record, ...edits }, related, staleStatus, dossierRules);
    if (refusal) return refusal;
  }
  const returning = mutation.entity === 'dispute' && returnRefusal({ ...record, ...edits }, edits);
  if (returning) return returning;
  return authorityRefusal(mutation.entity, edits, context);
}

/** A stale edit moves the case only where a fresh one could, and never to a lower rank. */
export function staleMoveWins(server, device) {
  return canMove(server, device) && RANK[device] >= RANK[server];
}

function statusRefusal(from, to, record, related, stale, dossierRules) {
  if (!stale && !canMove(from, to)) return { code: 'invalid_transition', errors: { status: [`a case cannot move from ${from} to ${to}`] } };
  const violation = entryViolation(from, to, record, related, dossierRules);
  return violation ? { code: violation.code, errors: { [violation.field ?? 'status']: [violation.message] } } : null;
}

function returnRefusal(record, edits) {
  const violation = returnViolation(record, edits);
  return violation ? { code: violation.code, errors: { [violation.field]: [violation.message] } } : null;
}

function differing(changes, record) {
  return Object.fromEntries(Object.entries(changes).filter(([name, value]) => !sameJson(value, record[name])));
}

function sameJson(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The statuses a user may pick from `from` (accepting and dispatching are a reviewer's, and so is closing
 * a case never accepted: pass the `record` to know).
 */
export function nextStatuses(from, role = 'mediator', record = null) {
  return Object.keys(RANK).filter((to) => to !== from && canMove(from, to)
    && (REVIEWERS.has(role) || (!DISPATCH_STATUSES.has(to) && (to !== 'closed' || !record || record.accepted_at))));
}
