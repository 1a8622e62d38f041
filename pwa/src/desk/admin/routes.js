/**
 * Admin screens (users and mediator profiles, areas and committees, audit log); admin role only.
 * The desk route admits supervisors too, so each admin route checks the role itself.
 */
import { state } from '../../app-state.js';
import './nav.js';

const adminOnly = () => state.user?.role === 'admin' || { name: 'desk' };
const meta = (nav) => ({ nav, roles: ['admin'] });

export const adminRoutes = [
  { path: 'admin/users', name: 'desk-admin-users', component: () => import('./Users.vue'), beforeEnter: adminOnly, meta: meta('admin.nav.users') },
  { path: 'admin/areas', name: 'desk-admin-areas', component: () => import('./Areas.vue'), beforeEnter: adminOnly, meta: meta('admin.nav.areas') },
  { path: 'admin/audit', name: 'desk-admin-audit', component: () => import('./AuditLog.vue'), beforeEnter: adminOnly, meta: meta('admin.nav.audit') },
];
