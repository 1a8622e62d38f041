/**
 * Resident ID numbers (GB 11643-1999): the check character, and the birth date and gender they carry.
 * The same check as the server's `app/schemas/validators.py` `id_number_checksum_ok`.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Whether `value` is an 18-character ID number whose check character (ISO 7064 MOD 11-2) is right. */
export function idNumberValid(value) {
  const text = String(value ?? '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(text)) return false;
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += Number(text[i]) * WEIGHTS[i];
  return CHECK_CHARS[total % 11] === text[17];
}

/**
 * What a valid ID number says of its holder, or null if it is not one (or its birth date is no real day).
 * @returns {{birthDate: string, birthYear: number, gender: 'male'|'female'}|null}
 */
export function parseIdNumber(value) {
  const text = String(value ?? '').trim().toUpperCase();
  if (!idNumberValid(text)) return null;
  const [year, month, day] = [text.slice(6, 10), text.slice(10, 12), text.slice(12, 14)].map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return {
    birthDate: `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`,
    birthYear: year,
    gender: Number(text[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** 370104199001011234 → 370104********1234, as the server masks it (app/schemas/masking.py). */
export function maskIdNumber(value) {
  const text = String(value ?? '');
  return text.length > 10 ? `${text.slice(0, 6)}${'*'.repeat(text.length - 10)}${text.slice(-4)}` : '*'.repeat(text.length);
}

/** 13812345678 → 138****5678; a landline keeps its last four digits (app/schemas/masking.py). */
export function maskPhone(value) {
  const digits = String(value ?? '').replaceAll('-', '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 4, 0))}${digits.slice(-4)}`;
}
