/**
 * The supervisor and admin workspace ("desk"): desktop-first screens in their own lazily loaded
 * chunks, so a mediator's phone never downloads them (the service worker does not precache them).
 */
export const DESK_ROLES = ['supervisor', 'admin'];

export const deskRoutes = [
  {
    path: '/desk',
    component: () => import('./DeskLayout.vue'),
    meta: { desk: true, roles: DESK_ROLES },
    children: [],
  },
];
