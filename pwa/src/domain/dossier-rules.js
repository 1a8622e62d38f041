/**
 * The dossier rules (app/services/papers/rules.py) read on the phone: the table itself is the server's,
 * served in `/api/reference` as `dossier_rules`; these few lines read it the same way, over a case's own
 * records (`{dispute: [case], party: [...], mediation_log: [...], followup: [...], referral: [...], attachment: [...]}`).
 */

const filled = (value) => value !== null && value !== undefined && value !== ''
  && !(Array.isArray(value) && !value.length) && !(typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length);

function matches(record, condition) {
  return Object.entries(condition.where ?? {}).every(([field, values]) => values.includes(record[field] ?? null))
    && (condition.filled ?? []).every((field) => filled(record[field]));
}

/** One condition over the case's records (voided ones never count). */
export function holds(condition, records) {
  if (condition.any) return condition.any.some((alternative) => holds(alternative, records));
  const candidates = (records[condition.entity] ?? []).filter((r) => !filled(r.voided_at));
  if (condition.each === 'party') {
    const parties = (records.party ?? []).filter((p) => !filled(p.voided_at));
    return parties.length > 0 && parties.every((party) => candidates.some((r) => r.parent_id === party.id && matches(r, condition)));
  }
  return candidates.some((record) => matches(record, condition));
}

export const allHold = (conditions, records) => conditions.every((condition) => holds(condition, records));

/** The papers that belong in this case's file, in the dossier's order (each rule's `applies`). */
export function applyingPapers(rules, records) {
  return (rules?.papers ?? []).filter((paper) => allHold(paper.applies, records));
}
