/**
 * The mediation agreement (People's Mediation Law Art. 28–33): its terms in the parts Art. 29 lists,
 * kept in the one `agreement_terms` text; its number suggested from the case number; and the 30 days
 * from its signing within which judicial confirmation may be applied for (Art. 33).
 */
import { addDays, today } from './cases.js';

/** The parts of a written agreement's terms (Art. 29), in order; the heading is stored with the text. */
export const TERM_PARTS = Object.freeze([
  { key: 'facts', heading: '纠纷主要事实' },
  { key: 'issues', heading: '争议事项' },
  { key: 'liability', heading: '各方责任' },
  { key: 'obligations', heading: '各方履行的内容' },
  { key: 'performance', heading: '履行方式和期限' },
]);

const CONFIRMATION_DAYS = 30;
const CONFIRMATION_AMBER_DAY = 20;

/** The parts as one text, each under its heading (`【纠纷主要事实】…`); empty parts left out. */
export function composeTerms(parts) {
  return TERM_PARTS.filter(({ key }) => parts[key]?.trim())
    .map(({ key, heading }) => `【${heading}】${parts[key].trim()}`).join('\n');
}

/** A stored terms text back into its parts; text before any heading (older records) counts as what each side does. */
export function parseTerms(text) {
  const parts = Object.fromEntries(TERM_PARTS.map(({ key }) => [key, '']));
  const source = String(text ?? '');
  const pattern = new RegExp(`【(${TERM_PARTS.map((p) => p.heading).join('|')})】`, 'g');
  const marks = [...source.matchAll(pattern)];
  const lead = (marks.length ? source.slice(0, marks[0].index) : source).trim();
  if (lead) parts.obligations = lead;
  marks.forEach((mark, index) => {
    const end = index + 1 < marks.length ? marks[index + 1].index : source.length;
    const key = TERM_PARTS.find((p) => p.heading === mark[1]).key;
    const body = source.slice(mark.index + mark[0].length, end).trim();
    parts[key] = parts[key] ? `${parts[key]}\n${body}` : body;
  });
  return parts;
}

/** (2026)槐人调字第00042号 → (2026)槐人调协字第00042号; nothing before the server has numbered the case. */
export function suggestAgreementNo(caseNo) {
  if (!caseNo || !/调字第/.test(caseNo)) return '';
  return caseNo.replace(/调字第/, '调协字第');
}

/**
 * Where a written agreement stands in its 30-day window for judicial confirmation (Art. 33):
 * `none` (not written, not signed, or applied for), `open`, `amber` from day 20 after signing, `red` past day 30.
 * @returns {{state: string, deadline: string|null}}
 */
export function confirmationWindow(dispute, day = today()) {
  const signed = dispute.agreement_signed_on;
  if (dispute.agreement_kind !== 'written' || !signed || dispute.judicial_confirmation_applied_on) {
    return { state: 'none', deadline: signed ? addDays(signed, CONFIRMATION_DAYS) : null };
  }
  const deadline = addDays(signed, CONFIRMATION_DAYS);
  if (day > deadline) return { state: 'red', deadline };
  if (day >= addDays(signed, CONFIRMATION_AMBER_DAY)) return { state: 'amber', deadline };
  return { state: 'open', deadline };
}
