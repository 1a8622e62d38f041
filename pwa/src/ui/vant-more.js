/** Vant components for every screen after the first (bars, cells, fields, radios, popups, toasts, dialogs). */
import {
  Cell, CellGroup, Field, NavBar, NoticeBar, Popup, Radio, RadioGroup, Switch, Tag,
} from 'vant';
import 'vant/es/field/style/index.mjs';
import 'vant/es/popup/style/index.mjs';
import 'vant/es/radio/style/index.mjs';
import 'vant/es/radio-group/style/index.mjs';
import 'vant/es/switch/style/index.mjs';
import 'vant/es/toast/style/index.mjs';
import 'vant/es/dialog/style/index.mjs';

export { showConfirmDialog, showToast } from 'vant';

const COMPONENTS = [Cell, CellGroup, Field, NavBar, NoticeBar, Popup, Radio, RadioGroup, Switch, Tag];

/** @param {import('vue').App} app */
export function registerMore(app) {
  for (const component of COMPONENTS) app.use(component);
}
