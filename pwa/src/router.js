/**
 * Screens by path; every screen reads IndexedDB, so every path works offline. Only 今日 and sign-in
 * are in the start-up chunk; the others (one chunk, with the rest of Vant) are loaded on first use,
 * or prefetched once 今日 is drawn, from the service worker's precache.
 */
import { createRouter, createWebHistory } from 'vue-router';
import { booted, state } from './app-state.js';
import { deskRoutes } from './desk/routes.js';
import SignIn from './screens/SignIn.vue';
import Today from './screens/Today.vue';
import { loadMoreVant } from './ui/vant.js';

/** The screens after the first, all in one lazily loaded chunk (screens/index.js). */
const later = () => import('./screens/index.js');
const screen = (name) => () => later().then((module) => module[name]);
/**
 * The print screen: a chunk of its own, out of the first visit (vite.config.js `later-*`), fetched once a case is
 * opened, kept by the service worker for offline use.
 */
const printScreen = () => import('./screens/PrintPapers.vue');

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'today', component: Today, meta: { firstScreen: true } },
    { path: '/login', name: 'login', component: SignIn, meta: { public: true } },
    { path: '/disputes', name: 'disputes', component: screen('DisputeList') },
    { path: '/disputes/new', name: 'dispute-new', component: screen('DisputeNew') },
    { path: '/disputes/:id', name: 'dispute', component: screen('DisputeDetail'), props: true },
    { path: '/disputes/:id/edit', name: 'dispute-edit', component: screen('DisputeEdit'), props: true },
    { path: '/disputes/:id/agreement', name: 'agreement', component: screen('AgreementEdit'), props: true },
    { path: '/disputes/:id/parties/:partyId', name: 'party', component: screen('PartyEdit'), props: true },
    { path: '/disputes/:id/log', name: 'mediation-log', component: screen('MediationLogNew'), props: true },
    { path: '/disputes/:id/revisit', name: 'revisit', component: screen('FollowupForm'), props: true },
    { path: '/disputes/:id/refer', name: 'referral', component: screen('ReferralNew'), props: true },
    { path: '/disputes/:id/print', name: 'print', component: printScreen, props: true },
    { path: '/visits', name: 'visits', component: screen('VisitList') },
    { path: '/visits/new', name: 'visit', component: screen('VisitQuick') },
    { path: '/visits/:id', name: 'visit-edit', component: screen('VisitQuick'), props: true },
    { path: '/settings', name: 'settings', component: screen('Settings') },
    ...deskRoutes,
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !state.user) return { name: 'login' };
  // every matched level's roles must allow the user; a refused screen falls back to its parent
  const refused = to.matched.findIndex((record) => record.meta.roles && !record.meta.roles.includes(state.user?.role));
  if (refused >= 0) return refused > 0 ? to.matched[refused - 1].path : { name: 'today' };
  return true;
});

// every screen but 今日 may use any Vant component and reads IndexedDB: both are ready before it renders
router.beforeResolve(async (to) => {
  if (!to.meta.firstScreen) await Promise.all([loadMoreVant(), booted()]);
  return true;
});

router.afterEach((to) => {
  if (to.name === 'dispute') printScreen().catch(() => {}); // offline and not yet kept: the next case opened online
});

/** Load the mediator's screens ahead of the first tap (once 今日 is on screen). */
export function prefetchScreens() {
  return loadMoreVant().catch(() => {});
}
