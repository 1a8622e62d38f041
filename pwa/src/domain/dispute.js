/** A case's own fields as the new-case and edit forms hold them, and the values they save. */

/** The fields a mediator edits after registering (status, agreement and assignment have their own screens). */
export const DISPUTE_FIELDS = Object.freeze([
  'title', 'category', 'source', 'summary', 'occurred_on', 'persons_involved', 'amount_involved', 'risk_level', 'risk_flags',
]);

/** A stored case as its edit form (nulls as empty inputs). */
export function disputeForm(record) {
  const form = {};
  for (const name of DISPUTE_FIELDS) form[name] = record[name] ?? (name === 'risk_flags' ? [] : '');
  return form;
}

/** The values a case form saves: text trimmed, empty as null, counts and amounts as numbers. */
export function disputeValues(form) {
  const values = {};
  for (const name of [...DISPUTE_FIELDS, 'area_id']) {
    if (!(name in form)) continue;
    const value = form[name];
    values[name] = typeof value === 'string' ? value.trim() || null : value ?? null;
  }
  for (const name of ['persons_involved', 'amount_involved']) if (values[name] != null) values[name] = Number(values[name]);
  values.risk_flags = [...(form.risk_flags ?? [])];
  return values;
}
