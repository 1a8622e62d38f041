/** A filtered, paginated admin list: its load state, `search()` from page 1 and `go(page)`. */
import { ref } from 'vue';
import { useLoad } from '../useLoad.js';
import { adminGet } from './http.js';

export function usePagedList(path, filters, perPage) {
  const page = ref(1);
  const load = useLoad(() => adminGet(path, { ...filters, page: page.value, per_page: perPage }));

  function search() {
    page.value = 1;
    load.reload();
  }

  function go(number) {
    page.value = number;
    load.reload();
  }

  return { ...load, search, go };
}
