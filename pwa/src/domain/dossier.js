/**
 * 卷宗完整度 where the server is not asked: the server's own table (sync/dossier.py, given to the phone as
 * `dossier_rules` in /api/reference) evaluated over a case's records as the phone or the desk holds them.
 * The table is never copied here; these few lines read it as sync/dossier.py does, and a shared contract
 * (tests/sync/dossier/cases.json) keeps the two readings equal.
 *
 * `records` is a case's records by entity: `{dispute: [case], party: [...], followup: [...], ...}`,
 * voided ones included (they never count).
 */

function filled(value) {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

const live = (rows) => (rows ?? []).filter((row) => !filled(row.voided_at));

function matches(record, condition) {
  return Object.entries(condition.where ?? {}).every(([field, values]) => values.includes(record[field] ?? null))
    && (condition.filled ?? []).every((field) => filled(record[field]))
    && !(condition.blank ?? []).some((field) => filled(record[field]));
}

/** One condition over the case's records (voided ones never count). */
export function holds(condition, records) {
  if ('any' in condition) return condition.any.some((alternative) => holds(alternative, records));
  const candidates = live(records[condition.entity]);
  if (condition.each === 'party') {
    const parties = live(records.party);
    return parties.length > 0
      && parties.every((party) => candidates.some((row) => row.parent_id === party.id && matches(row, condition)));
  }
  return candidates.some((row) => matches(row, condition));
}

const allHold = (conditions, records) => conditions.every((condition) => holds(condition, records));

/** The papers that belong in this case's file, in the dossier's order (each rule's `applies`). */
export function applyingPapers(table, records) {
  return (table?.papers ?? []).filter((paper) => allHold(paper.applies, records));
}

/** @returns {{path: string, items: Array<{paper, label, required, present}>, complete: boolean}} */
export function completeness(table, records) {
  const path = table.paths.find((candidate) => allHold(candidate.when, records)).path;
  const items = applyingPapers(table, records).map((paper) => ({
    paper: paper.paper, label: paper.label, required: paper.required_on.includes(path), present: allHold(paper.present, records),
  }));
  return { path, items, complete: items.every((item) => item.present || !item.required) };
}

/**
 * What the line "卷宗 8/10 · 缺…" says, from evaluated (or the server's) items: the required papers
 * present, the required ones, and the missing ones' names in `locale` (the table's `label_en` in English).
 */
export function dossierSummary(table, items, locale = 'zh-CN') {
  const required = items.filter((item) => item.required);
  const missing = required.filter((item) => !item.present).map((item) => paperName(table, item, locale));
  return { present: required.length - missing.length, required: required.length, missing };
}

/** A paper's name in `locale`, from the table (its `label`, or `label_en` in English). */
export function paperName(table, item, locale = 'zh-CN') {
  const paper = table?.papers.find((candidate) => candidate.paper === item.paper);
  return (locale === 'en' ? paper?.label_en : paper?.label) ?? item.label ?? item.paper;
}

/** A case as the table reads it: the dispute and its child records by entity. */
export function caseRecords(dispute, children) {
  return { ...children, dispute: [dispute] };
}
