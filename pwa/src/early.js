/**
 * Start-up's first step, main.js's first import, so it runs before Vue and the app are evaluated:
 * open IndexedDB as it is and read every meta value while they are (store/early-read.js checks what
 * it got and hands it to start-up). A missing database is not created here (the upgrade is
 * aborted): the app's openStore creates it with the upgrade ladder. No imports, so nothing is
 * evaluated before it; the name must match store/db.js DB_NAME.
 */
const DB_NAME = 'tiaojie';
const META = 'meta';

globalThis.__tiaojieEarly = new Promise((resolve) => {
  let request;
  try {
    request = globalThis.indexedDB.open(DB_NAME);
  } catch {
    resolve(null);
    return;
  }
  request.onupgradeneeded = () => request.transaction.abort();
  request.onerror = () => resolve(null);
  request.onblocked = () => resolve(null);
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(META)) {
      resolve({ db, meta: null });
      return;
    }
    const store = db.transaction(META).objectStore(META);
    const keys = store.getAllKeys();
    const values = store.getAll();
    store.transaction.oncomplete = () => resolve({ db, meta: new Map(keys.result.map((key, i) => [key, values.result[i]])) });
    store.transaction.onerror = () => resolve({ db, meta: null });
  };
});
