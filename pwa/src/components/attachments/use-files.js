/** This phone's files of a case (store/files.js), read again when data changes, with thumbnail URLs; its raw photos. */
import { onBeforeUnmount, ref, watch } from 'vue';
import { rawState } from './raw-photos.js';
import { database, state } from '../../app-state.js';
import { filesOfCase } from '../../store/files.js';
import { rawOfCase } from '../../store/raw-photos.js';

export function useCaseFiles(disputeId) {
  const files = ref(new Map()); // id → row
  const thumbs = ref(new Map()); // id → object URL
  let urls = new Map();

  async function load() {
    const rows = await filesOfCase(database(), disputeId());
    const next = new Map();
    for (const row of rows) {
      if (!row.thumb) continue;
      next.set(row.id, urls.get(row.id) ?? URL.createObjectURL(new Blob([row.thumb], { type: row.mime_type })));
    }
    for (const [id, url] of urls) if (!next.has(id)) URL.revokeObjectURL(url);
    urls = next;
    thumbs.value = new Map(next);
    files.value = new Map(rows.map((row) => [row.id, row]));
  }

  watch(() => [disputeId(), state.dataVersion], load, { immediate: true });
  onBeforeUnmount(() => { for (const url of urls.values()) URL.revokeObjectURL(url); });
  return { files, thumbs, reload: load };
}

/** This phone's raw photos of a case (components/attachments/raw-photos.js), read again when they change. */
export function useRawPhotos(disputeId) {
  const rows = ref([]);
  async function load() {
    rows.value = await rawOfCase(database(), disputeId());
  }
  watch(() => [disputeId(), state.dataVersion, rawState.version], load, { immediate: true });
  /** One just kept on this screen, shown without reading them all back. */
  function add(row) {
    if (row.dispute_id === disputeId()) rows.value = [...rows.value.filter((r) => r.id !== row.id), row];
  }
  return { rows, add };
}
