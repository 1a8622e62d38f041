/** The agreement as its form holds it (terms in their parts), and the values it saves. */
import { composeTerms, parseTerms, suggestAgreementNo } from './agreement.js';
import { today } from './cases.js';

const SCALARS = [
  'agreement_no', 'agreement_amount', 'agreement_signed_on', 'agreement_performance',
  'judicial_confirmation_applied_on', 'judicial_confirmation_court', 'judicial_confirmation_result',
];

/** A case's agreement as a form; a new one is written, signed today, pending, numbered from the case. */
export function agreementForm(dispute) {
  const kind = dispute.agreement_kind ?? 'written';
  const form = {
    agreement_kind: kind,
    parts: kind === 'written' ? parseTerms(dispute.agreement_terms) : parseTerms(''),
    oral_content: kind === 'oral' ? dispute.agreement_terms ?? '' : '',
  };
  for (const name of SCALARS) form[name] = dispute[name] ?? '';
  if (!dispute.agreement_kind) {
    Object.assign(form, { agreement_no: suggestAgreementNo(dispute.case_no), agreement_signed_on: today(), agreement_performance: 'pending' });
  }
  return form;
}

/** The values an agreement form saves: a written one's parts as one text, an oral one's content; empty as null. */
export function agreementValues(form) {
  const terms = form.agreement_kind === 'oral' ? form.oral_content.trim() : composeTerms(form.parts);
  const values = { agreement_kind: form.agreement_kind, agreement_terms: terms || null };
  for (const name of SCALARS) {
    const value = form[name];
    values[name] = typeof value === 'string' ? value.trim() || null : value ?? null;
  }
  if (values.agreement_amount != null) values.agreement_amount = Number(values.agreement_amount);
  return values;
}
