/**
 * The admin menu's three labels. The desk menu is drawn before any admin screen's chunk loads, so
 * these few strings travel with the routes; all other admin strings are in ./messages.js.
 */
import { addMessages } from '../../i18n/index.js';

addMessages({
  'zh-CN': { 'admin.nav.users': '用户管理', 'admin.nav.areas': '区域与调委会', 'admin.nav.audit': '审计日志' },
  en: { 'admin.nav.users': 'Users', 'admin.nav.areas': 'Areas & committees', 'admin.nav.audit': 'Audit log' },
});
