/**
 * Register the service worker and offer a new version instead of swapping code under a
 * half-filled form: a waiting worker is handed to `onUpdate`; `applyUpdate` activates it and
 * reloads once it controls the page.
 */
export function registerServiceWorker(onUpdate) {
  const container = globalThis.navigator?.serviceWorker;
  if (!container || import.meta.env.DEV) return;
  let reloading = false;
  container.addEventListener('controllerchange', () => {
    if (reloading || !sessionStorage.getItem('tiaojie.updating')) return;
    reloading = true;
    sessionStorage.removeItem('tiaojie.updating');
    globalThis.location.reload();
  });
  container.register('/sw.js', { scope: '/' }).then((registration) => {
    const offer = (worker) => {
      if (worker && container.controller) onUpdate(worker);
    };
    offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed') offer(installing);
      });
    });
    // a long-open app still learns of new versions
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  }).catch(() => {});
}

/** The user tapped "update": the waiting worker takes over, then the page reloads once. */
export function applyUpdate(worker) {
  sessionStorage.setItem('tiaojie.updating', '1');
  worker.postMessage({ type: 'SKIP_WAITING' });
}
