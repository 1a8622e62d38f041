/**
 * The supervisor and admin workspace ("desk"): desktop-first screens in their own lazily loaded
 * chunks (named `desk-*`), which the service worker does not precache, so a mediator's phone never
 * downloads them. Each child route with `meta.nav` (a message key) appears in the desk's menu;
 * `meta.roles` narrows it further (admin-only screens).
 */
import { DESK_ROLES } from '../domain/roles.js';
import { adminRoutes } from './admin/routes.js';
import { caseRoutes } from './cases/routes.js';
import { superviseRoutes } from './supervise/routes.js';

export { DESK_ROLES };

export const deskRoutes = [
  {
    path: '/desk',
    component: () => import('./DeskLayout.vue'),
    meta: { desk: true, roles: DESK_ROLES },
    children: [...superviseRoutes, ...caseRoutes, ...adminRoutes],
  },
];
