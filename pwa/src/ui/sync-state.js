/**
 * How a record's sync state shows: an edit handed to the server whose answer never came stays
 * "in flight" in the outbox (it is resent as is), but between sync rounds it shows as saved on the
 * phone: that is all we know. Shared by SyncState.vue and the plain rows of 今日.
 */
const TAG_TYPES = { local: 'warning', sending: 'primary', synced: 'success', attention: 'danger' };

/** @param {string} state @param {boolean} running whether a sync round is running now */
export function shownState(state, running) {
  return state === 'sending' && !running ? 'local' : state;
}

/** Vant's tag classes for a shown state (plain outline, coloured by state). */
export function tagClass(shown) {
  return `van-tag van-tag--plain van-tag--${TAG_TYPES[shown] ?? 'default'}`;
}
