/** Days as the mediator picks them (the phone's calendar) and the moments stored for them. */

/** Today on this phone's calendar, YYYY-MM-DD. */
export function localDay(date = new Date()) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 10);
}

/** The moment to store for a picked day: now if it is today, else that day's noon, Beijing time. */
export function momentOf(day, now = new Date()) {
  return day === localDay(now) ? now.toISOString() : `${day}T12:00:00+08:00`;
}

/**
 * A time as YYYY-MM-DD HH:mm on this phone's clock. By hand, not `toLocaleString`: the first call of
 * that sets up the browser's date formatting, ~100 ms on a slow phone, on the first screen.
 */
export function localTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}
