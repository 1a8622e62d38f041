/**
 * What needs attention, counted for the menu (GET /api/desk/counts): read when the desk opens, every
 * minute, and after each write the desk makes.
 */
import { reactive } from 'vue';
import { afterEachWrite, getJson } from './api.js';

export const REFRESH_MS = 60_000;
/** Menu entry (route name) → the count shown beside it. */
export const COUNT_OF = Object.freeze({
  'desk-queue': 'review', 'desk-conflicts': 'conflicts', 'desk-revisits': 'revisits_due', 'desk-devices': 'silent_phones',
});

export const deskCounts = reactive({ review: null, conflicts: null, revisits_due: null, silent_phones: null });

export async function refreshDeskCounts() {
  try {
    Object.assign(deskCounts, await getJson('/api/desk/counts'));
  } catch {
    // the menu keeps the last counts; the next round tries again
  }
}

/** Start counting; returns the stop function (the layout calls it when the desk closes). */
export function startDeskCounts() {
  refreshDeskCounts();
  const timer = setInterval(refreshDeskCounts, REFRESH_MS);
  const stopListening = afterEachWrite(() => { refreshDeskCounts(); });
  return () => { clearInterval(timer); stopListening(); };
}
