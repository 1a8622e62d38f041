/** `useDraft(name, form)`: a screen's form kept as a draft in IndexedDB while it is typed (store/drafts.js). */
import { onBeforeUnmount, ref, watch } from 'vue';
import { database, state } from '../app-state.js';
import { dropDraft, fill, loadDraft, plain, saveDraft } from './drafts.js';

const WRITE_AFTER_MS = 250;

/**
 * Keep `form` (a reactive object) as a draft while its screen is open: fill it from a saved draft
 * once, then save each change a moment after typing stops (and at once when the screen closes).
 * A form changed back to how it opened keeps no draft.
 * @param {string} name which form, and for what: e.g. `visit:new`, `log:<case id>`
 * @param {object} form the screen's reactive values
 * @param {{route?: string, title?: () => string, ready?: Promise<unknown>}} [options]
 *   route: where to come back to (the current path); title: what the draft list shows;
 *   ready: wait for it before restoring (a form first filled from a saved record)
 * @returns {{restored: import('vue').Ref<boolean>, clear: () => Promise<void>, discard: () => Promise<void>}}
 *   clear: after the form was saved; discard: the user throws the draft away (the form as it opened)
 */
export function useDraft(name, form, options = {}) {
  const userId = state.user?.id;
  const key = `${userId}:${name}`;
  const route = options.route ?? globalThis.location?.pathname + (globalThis.location?.search ?? '');
  const restored = ref(false);
  let blank = null;
  let timer = null;
  let active = true;

  async function write() {
    timer = null;
    if (!active || blank === null) return;
    const values = plain(form);
    if (JSON.stringify(values) === blank) await dropDraft(database(), key);
    else await saveDraft(database(), { key, user_id: userId, form: name.split(':')[0], route, title: options.title?.() ?? '', values });
  }

  const start = (async () => {
    await options.ready;
    blank = JSON.stringify(plain(form));
    const saved = userId === undefined ? null : await loadDraft(database(), key);
    if (saved && active) {
      fill(form, saved.values);
      restored.value = true;
    }
  })();
  const flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    write().catch(() => {});
  };
  globalThis.addEventListener?.('pagehide', flush); // a closed tab or a reload within the debounce

  const stop = watch(form, () => {
    if (blank === null) return;
    clearTimeout(timer);
    timer = setTimeout(write, WRITE_AFTER_MS);
  }, { deep: true });

  onBeforeUnmount(() => {
    stop();
    flush();
    globalThis.removeEventListener?.('pagehide', flush);
  });

  return {
    restored,
    async clear() {
      active = false;
      stop();
      clearTimeout(timer);
      await start;
      await dropDraft(database(), key);
    },
    async discard() {
      await start;
      clearTimeout(timer);
      timer = null;
      fill(form, JSON.parse(blank));
      restored.value = false;
      await dropDraft(database(), key);
    },
  };
}
