/**
 * Start: IndexedDB starts opening first (early.js, evaluated before anything else in the chunk, so
 * it opens while Vue and the app are evaluated); 今日 is drawn from its synchronous copy when there
 * is one (else after IndexedDB is read); then — once it is on screen — the rest (service worker,
 * sync, counts, other screens' code).
 */
import './early.js';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { afterFirstScreen, boot, bootFromMirror, state } from './app-state.js';
import { locale, setLocale } from './i18n/index.js';
import { prefetchScreens, router } from './router.js';
import { registerServiceWorker } from './sw-register.js';
import { setVantLocale, useVant } from './ui/vant.js';
import './ui/base.css';

/** After the next frame is painted. */
function afterPaint(run) {
  requestAnimationFrame(() => setTimeout(run, 0));
}

const painted = () => new Promise((resolve) => { afterPaint(resolve); });

async function start() {
  setLocale(locale.value);
  setVantLocale(locale.value);
  watch(locale, setVantLocale);
  performance.mark('tj:boot');
  const drawn = bootFromMirror(); // 今日 from its synchronous copy, if there is one
  const booting = drawn ? painted().then(boot) : boot(); // a drawn copy is confirmed once it is on screen
  if (!drawn) await booting;
  const app = createApp(App);
  useVant(app);
  app.use(router);
  await router.isReady(); // the app and its first screen render in one pass: one layout, not two
  app.mount('#app');
  performance.mark('tj:mounted');
  if (drawn) {
    await booting; // IndexedDB confirms the copy, or the user is gone (signed out, wiped): sign in
    if (!state.user) router.replace({ name: 'login' });
  }
  performance.mark('tj:booted');
  afterPaint(() => {
    afterFirstScreen();
    registerServiceWorker((waiting) => { state.updateReady = waiting; });
    if (state.user) prefetchScreens();
  });
}

start();
