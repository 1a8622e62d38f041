/** Case screens: 统一受理 (intake at the window), 案件查询 (list and search) and a case whole. */
export const caseRoutes = [
  { path: 'intake', name: 'desk-intake', component: () => import('./Intake.vue'), meta: { nav: 'desk.nav.intake' } },
  { path: 'cases', name: 'desk-cases', component: () => import('./CaseList.vue'), meta: { nav: 'desk.nav.cases' } },
  { path: 'cases/:id', name: 'desk-case', component: () => import('./CaseView.vue') },
];
