/**
 * Personal data the server masks in push results (app/schemas/personal.py: the fields a record list
 * dumps masked). A push result's record never supplies them: the phone keeps the values it typed (or
 * last pulled), and the audited pull that follows every push brings the server's full values.
 */
export const PERSONAL_FIELDS = Object.freeze({ party: Object.freeze(['phone', 'id_number']) });

/**
 * The record of a push result with this phone's own personal values in place of the masked ones:
 * what the mutation sent, else what the snapshot held; a field known from neither is left out.
 * @param {object} record the server's record (masked) @param {object|undefined} snapshot @param {object} mutation
 */
export function withOwnPersonalValues(record, snapshot, mutation) {
  const fields = PERSONAL_FIELDS[record.entity];
  if (!fields) return record;
  const kept = { ...record };
  for (const name of fields) {
    if (mutation?.changes && name in mutation.changes) kept[name] = mutation.changes[name];
    else if (snapshot && name in snapshot) kept[name] = snapshot[name];
    else delete kept[name];
  }
  return kept;
}
