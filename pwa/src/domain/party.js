/** A party as a form holds it, and the values a form saves (trimmed; an emptied field becomes null). */

/** Every editable field of a party (sync/policy.py), in the form's order. */
export const PARTY_FIELDS = Object.freeze([
  'kind', 'role', 'name', 'id_number', 'gender', 'birth_year', 'ethnicity', 'occupation', 'phone', 'address',
  'consent', 'consent_method', 'consent_at',
]);

/** A new party's form: a person, gender unknown, consent pending. */
export function blankParty(role = 'other') {
  return {
    kind: 'person', role, name: '', id_number: '', gender: 'unknown', birth_year: '', ethnicity: '', occupation: '',
    phone: '', address: '', consent: 'pending', consent_method: '', consent_at: null,
  };
}

/** A stored party as its form (nulls as empty inputs). */
export function partyForm(record) {
  const form = blankParty(record.role);
  for (const name of PARTY_FIELDS) if (record[name] != null) form[name] = record[name];
  return form;
}

/**
 * The values a party form saves: text trimmed, empty as null, the year as a number, the ID number's x upper-case;
 * an organization carries no personal details (ID number, gender, year of birth, ethnicity, occupation).
 */
export function partyValues(form) {
  const values = {};
  for (const name of PARTY_FIELDS) {
    const value = form[name];
    values[name] = typeof value === 'string' ? value.trim() || null : value ?? null;
  }
  if (values.id_number) values.id_number = values.id_number.toUpperCase();
  if (values.birth_year != null) values.birth_year = Number(values.birth_year);
  if (values.kind === 'organization') {
    Object.assign(values, { id_number: null, gender: 'unknown', birth_year: null, ethnicity: null, occupation: null });
  }
  values.gender ??= 'unknown';
  return values;
}
