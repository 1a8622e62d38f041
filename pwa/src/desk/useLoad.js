/** A screen's read from the server: its data, whether it is loading or failed (in words), and reload. */
import { ref } from 'vue';
import { reasonOf } from './api.js';

export function useLoad(read) {
  const data = ref(null);
  const loading = ref(false);
  const error = ref('');
  let latest = 0;

  async function reload(...args) {
    const ticket = ++latest;
    loading.value = true;
    error.value = '';
    try {
      const value = await read(...args);
      if (ticket === latest) data.value = value;
    } catch (failure) {
      if (ticket === latest) error.value = reasonOf(failure);
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  return { data, loading, error, reload };
}
