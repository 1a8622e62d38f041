/**
 * The Vant components the screens use, registered one by one with their own styles only, so the
 * app shell carries no component it does not show. Vant speaks zh-CN by default.
 */
import {
  Button, Cell, CellGroup, Checkbox, CheckboxGroup, DropdownItem, DropdownMenu, Empty, Field, Form,
  Locale, NavBar, NoticeBar, Popup, Radio, RadioGroup, Search, Switch, Tabbar, TabbarItem, Tag,
} from 'vant';
import enUS from 'vant/es/locale/lang/en-US';
import zhCN from 'vant/es/locale/lang/zh-CN';
import 'vant/es/button/style/index.mjs';
import 'vant/es/cell/style/index.mjs';
import 'vant/es/cell-group/style/index.mjs';
import 'vant/es/checkbox/style/index.mjs';
import 'vant/es/checkbox-group/style/index.mjs';
import 'vant/es/dropdown-item/style/index.mjs';
import 'vant/es/dropdown-menu/style/index.mjs';
import 'vant/es/empty/style/index.mjs';
import 'vant/es/field/style/index.mjs';
import 'vant/es/form/style/index.mjs';
import 'vant/es/nav-bar/style/index.mjs';
import 'vant/es/notice-bar/style/index.mjs';
import 'vant/es/popup/style/index.mjs';
import 'vant/es/radio/style/index.mjs';
import 'vant/es/radio-group/style/index.mjs';
import 'vant/es/search/style/index.mjs';
import 'vant/es/switch/style/index.mjs';
import 'vant/es/tabbar/style/index.mjs';
import 'vant/es/tabbar-item/style/index.mjs';
import 'vant/es/tag/style/index.mjs';
import 'vant/es/toast/style/index.mjs';
import 'vant/es/dialog/style/index.mjs';

export { showConfirmDialog, showToast } from 'vant';

const COMPONENTS = [
  Button, Cell, CellGroup, Checkbox, CheckboxGroup, DropdownItem, DropdownMenu, Empty, Field, Form,
  NavBar, NoticeBar, Popup, Radio, RadioGroup, Search, Switch, Tabbar, TabbarItem, Tag,
];

/** @param {import('vue').App} app */
export function useVant(app) {
  for (const component of COMPONENTS) app.use(component);
}

export function setVantLocale(value) {
  if (value === 'en') Locale.use('en-US', enUS);
  else Locale.use('zh-CN', zhCN);
}
