/** Supervisor screens (review queue, conflicts, revisits, phones, statistics, downloads). */
export const superviseRoutes = [
  { path: '', name: 'desk', redirect: { name: 'desk-queue' } },
  { path: 'queue', name: 'desk-queue', component: () => import('./ReviewQueue.vue'), meta: { nav: 'desk.nav.queue' } },
  { path: 'conflicts', name: 'desk-conflicts', component: () => import('./ConflictInbox.vue'), meta: { nav: 'desk.nav.conflicts' } },
  { path: 'revisits', name: 'desk-revisits', component: () => import('./Revisits.vue'), meta: { nav: 'desk.nav.revisits' } },
  { path: 'devices', name: 'desk-devices', component: () => import('./PhoneHealth.vue'), meta: { nav: 'desk.nav.devices' } },
  { path: 'stats', name: 'desk-stats', component: () => import('./StatsDashboard.vue'), meta: { nav: 'desk.nav.stats' } },
  { path: 'downloads', name: 'desk-downloads', component: () => import('./Downloads.vue'), meta: { nav: 'desk.nav.downloads' } },
];
