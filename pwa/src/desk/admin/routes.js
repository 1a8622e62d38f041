/**
 * Admin screens (users and mediator profiles, areas and committees, audit log); admin role only
 * (the router's guard sends anyone else back to the desk).
 */
import './nav.js';

const meta = (nav) => ({ nav, roles: ['admin'] });

export const adminRoutes = [
  { path: 'admin/users', name: 'desk-admin-users', component: () => import('./Users.vue'), meta: meta('admin.nav.users') },
  { path: 'admin/areas', name: 'desk-admin-areas', component: () => import('./Areas.vue'), meta: meta('admin.nav.areas') },
  { path: 'admin/audit', name: 'desk-admin-audit', component: () => import('./AuditLog.vue'), meta: meta('admin.nav.audit') },
];
