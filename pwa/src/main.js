/** Start: open the local store first (the app works offline), then mount, then register the SW. */
import { createApp, watch } from 'vue';
import App from './App.vue';
import { boot, state } from './app-state.js';
import { locale, setLocale } from './i18n/index.js';
import { router } from './router.js';
import { registerServiceWorker } from './sw-register.js';
import { setVantLocale, useVant } from './ui/vant.js';
import './ui/base.css';

async function start() {
  setLocale(locale.value);
  setVantLocale(locale.value);
  watch(locale, setVantLocale);
  performance.mark('tj:boot');
  await boot();
  performance.mark('tj:booted');
  const app = createApp(App);
  useVant(app);
  app.use(router);
  app.mount('#app');
  performance.mark('tj:mounted');
  registerServiceWorker((waiting) => { state.updateReady = waiting; });
}

start();
