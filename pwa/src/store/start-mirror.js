/**
 * A synchronous copy of what 今日 draws — the user, 今日's summary, the labels and area names it shows,
 * the last sync time — in localStorage, so a cold start draws 今日 without waiting for IndexedDB to
 * open (a few hundred ms on a slow phone); start-up then checks it against IndexedDB, which stays the
 * source. Rewritten with each summary; removed at sign-in, sign-out and every wipe the page does. A
 * wipe by the service worker (a device revoked while no page was open) cannot remove it: the next
 * start shows it until IndexedDB answers, then goes to sign-in and removes it.
 */
const KEY = 'tiaojie.start';

/** @returns {{user: object, today: object, reference: object, last_sync_at: string|null}|null} */
export function readMirror() {
  try {
    const value = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null');
    return value?.user?.id != null && value.today?.user_id === value.user.id ? value : null;
  } catch {
    return null;
  }
}

export function writeMirror(value) {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(value));
  } catch {
    // storage full or unavailable: start-up reads IndexedDB instead
  }
}

export function clearMirror() {
  globalThis.localStorage?.removeItem(KEY);
}

/** The part of the reference data 今日 shows: status and visit purpose labels, its visits' areas. */
export function referenceFor(reference, today) {
  const areaIds = new Set((today?.visits ?? []).map((v) => v.area_id));
  return {
    enums: { status: reference?.enums?.status ?? [], visit_purpose: reference?.enums?.visit_purpose ?? [] },
    areas: (reference?.areas ?? []).filter((area) => areaIds.has(area.id)),
  };
}
