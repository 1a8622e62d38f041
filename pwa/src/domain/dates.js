/**
 * Days and times on the phone, always in Beijing time (UTC+8, no daylight saving), whatever zone the
 * phone is set to: the service, its deadlines (app/services/deadlines.py) and its people are in China.
 * The one place that turns stored moments (ISO, UTC) into days and clock times and back.
 * By hand, not `Intl`/`toLocaleString`: their first call sets up the browser's date formatting,
 * ~100 ms on a slow phone, on the first screen.
 */

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** The moment as Beijing wall-clock time, `YYYY-MM-DDTHH:mm`, or null if it is not a time. */
function beijingClock(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** The day in Beijing, YYYY-MM-DD (today by default; a stored moment or a Date otherwise). */
export function localDay(value = new Date()) {
  return beijingClock(value)?.slice(0, 10) ?? String(value);
}

/** The clock time in Beijing, HH:mm. */
export function localClock(value = new Date()) {
  return beijingClock(value)?.slice(11, 16) ?? '';
}

/** A time as YYYY-MM-DD HH:mm in Beijing; anything that is not a time comes back as it is. */
export function localTime(value) {
  return beijingClock(value)?.replace('T', ' ') ?? String(value);
}

/** The stored moment (ISO, UTC) of a day and clock time picked in Beijing time. */
export function momentAt(day, clock) {
  return new Date(`${day}T${clock}:00+08:00`).toISOString();
}

/** The moment to store for a picked day: now if it is today, else that day's noon, Beijing time. */
export function momentOf(day, now = new Date()) {
  return day === localDay(now) ? now.toISOString() : momentAt(day, '12:00');
}
