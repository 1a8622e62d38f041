/** Reporting windows the desk offers (Beijing calendar days, both included; the server allows ten years). */
import { addDays, isoDay } from './format.js';

export const PRESETS = ['this_month', 'last_month', 'this_year', 'all_time'];

/** @returns {{from: string, to: string}} */
export function presetRange(preset, today = isoDay(new Date())) {
  const [year, month] = today.split('-').map(Number);
  const pad = (n) => String(n).padStart(2, '0');
  if (preset === 'last_month') {
    const first = month === 1 ? `${year - 1}-12-01` : `${year}-${pad(month - 1)}-01`;
    return { from: first, to: addDays(`${year}-${pad(month)}-01`, -1) };
  }
  if (preset === 'this_year') return { from: `${year}-01-01`, to: today };
  if (preset === 'all_time') return { from: addDays(today, -3652), to: today };
  return { from: `${year}-${pad(month)}-01`, to: today };
}
