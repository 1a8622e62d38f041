/**
 * The Vant components the first screen (今日, with the tab bar) needs, registered at start with their
 * own styles only; everything else comes with `loadMoreVant()` (ui/vant-more.js, in the lazily loaded
 * chunk of the other screens), which the router awaits before any other screen. Vant speaks zh-CN by default.
 */
import { Button, Locale, Tabbar, TabbarItem } from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCN from 'vant/es/locale/lang/zh-CN';
import 'vant/es/button/style/index.mjs';
// 今日 and the app's notice bars are plain markup in these components' styles
import 'vant/es/cell/style/index.mjs';
import 'vant/es/icon/style/index.mjs';
import 'vant/es/cell-group/style/index.mjs';
import 'vant/es/nav-bar/style/index.mjs';
import 'vant/es/notice-bar/style/index.mjs';
import 'vant/es/tabbar/style/index.mjs';
import 'vant/es/tabbar-item/style/index.mjs';
import 'vant/es/tag/style/index.mjs';

const FIRST_SCREEN = [Button, Tabbar, TabbarItem];

let app = null;
let more = null;

/** @param {import('vue').App} target */
export function useVant(target) {
  app = target;
  for (const component of FIRST_SCREEN) target.use(component);
}

/** The rest of the components, registered once on the app; resolves (to screens/index.js) when they can render. */
export function loadMoreVant() {
  more ??= import('../screens/index.js').then((module) => {
    module.registerMore(app);
    return module;
  });
  return more;
}

/** Vant's toast, loaded with the rest on first use. */
export function showToast(options) {
  return loadMoreVant().then((module) => module.showToast(options));
}

/** Vant's confirm dialog: resolves on confirm, rejects on cancel. */
export function showConfirmDialog(options) {
  return loadMoreVant().then((module) => module.showConfirmDialog(options));
}

export function setVantLocale(value) {
  if (value === 'en') Locale.use('en-US', enUS);
  else Locale.use('zh-CN', zhCN);
}
