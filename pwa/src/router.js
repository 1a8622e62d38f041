/** Screens by path; every screen reads IndexedDB, so every path works offline. */
import { createRouter, createWebHistory } from 'vue-router';
import { state } from './app-state.js';
import { DESK_ROLES, deskRoutes } from './desk/routes.js';
import DisputeDetail from './screens/DisputeDetail.vue';
import DisputeList from './screens/DisputeList.vue';
import DisputeNew from './screens/DisputeNew.vue';
import FollowupForm from './screens/FollowupForm.vue';
import MediationLogNew from './screens/MediationLogNew.vue';
import Settings from './screens/Settings.vue';
import SignIn from './screens/SignIn.vue';
import Today from './screens/Today.vue';
import VisitQuick from './screens/VisitQuick.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'today', component: Today },
    { path: '/login', name: 'login', component: SignIn, meta: { public: true } },
    { path: '/disputes', name: 'disputes', component: DisputeList },
    { path: '/disputes/new', name: 'dispute-new', component: DisputeNew },
    { path: '/disputes/:id', name: 'dispute', component: DisputeDetail, props: true },
    { path: '/disputes/:id/log', name: 'mediation-log', component: MediationLogNew, props: true },
    { path: '/disputes/:id/revisit', name: 'revisit', component: FollowupForm, props: true },
    { path: '/visits/new', name: 'visit', component: VisitQuick },
    { path: '/settings', name: 'settings', component: Settings },
    ...deskRoutes,
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !state.user) return { name: 'login' };
  const roles = to.matched.flatMap((record) => record.meta.roles ?? []);
  if (roles.length && !roles.includes(state.user?.role)) return { name: 'today' };
  return true;
});
