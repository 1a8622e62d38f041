/**
 * The working copy a screen shows: the server's snapshot with the device's pending changes
 * laid over it, in outbox order (sync-protocol.md §7). Pure, so it is tested without a browser.
 */

/**
 * @param {object|null|undefined} snapshot the server's flat record, or nothing yet
 * @param {Array<{op: string, entity: string, id: string, changes: object, client_time?: string}>} mutations
 *   this record's unacknowledged mutations, oldest first
 * @returns {object|null}
 */
export function workingCopy(snapshot, mutations) {
  let record = snapshot ? { ...snapshot } : null;
  for (const mutation of mutations) {
    if (mutation.op === 'void') {
      if (record) {
        record = { ...record, voided_at: record.voided_at ?? mutation.client_time ?? new Date().toISOString() };
        if (mutation.changes?.void_reason) record.void_reason = mutation.changes.void_reason;
      }
      continue;
    }
    record = {
      ...(record ?? { entity: mutation.entity, id: mutation.id, version: 0, case_no: null }),
      ...mutation.changes,
    };
  }
  return record;
}

/**
 * Whether a screen's values differ from the record, field by field; returns only what changed.
 * Sets and lists compare by content, so re-ticking the same purposes is no change; times by the moment they name.
 * @param {object} record @param {object} values
 */
export function changedFields(record, values) {
  const changes = {};
  for (const [name, value] of Object.entries(values)) {
    if (!sameValue(record?.[name], value)) changes[name] = value;
  }
  return changes;
}

/** An ISO moment with a zone: the server writes `…+00:00`, the phone `….000Z`; the same moment is no change. */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** @param {unknown} a @param {unknown} b */
export function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const sortedA = [...a].sort();
    const sortedB = [...b].sort();
    return sortedA.every((item, index) => item === sortedB[index]);
  }
  if (typeof a === 'string' && typeof b === 'string' && MOMENT.test(a) && MOMENT.test(b)) return Date.parse(a) === Date.parse(b);
  return (a ?? null) === (b ?? null);
}
