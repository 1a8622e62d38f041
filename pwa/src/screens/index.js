/**
 * Every screen after the first, with the rest of Vant: one lazily loaded chunk, so the precache holds
 * a few well-compressed files rather than a dozen small ones (the first visit downloads them all).
 */
export { default as AgreementEdit } from './AgreementEdit.vue';
export { default as DisputeDetail } from './DisputeDetail.vue';
export { default as DisputeList } from './DisputeList.vue';
export { default as DisputeEdit } from './DisputeEdit.vue';
export { default as DisputeNew } from './DisputeNew.vue';
export { default as FollowupForm } from './FollowupForm.vue';
export { default as MediationLogNew } from './MediationLogNew.vue';
export { default as PartyEdit } from './PartyEdit.vue';
export { default as ReferralNew } from './ReferralNew.vue';
export { default as Settings } from './Settings.vue';
export { default as VisitList } from './VisitList.vue';
export { default as VisitQuick } from './VisitQuick.vue';
export { registerMore, showConfirmDialog, showToast } from '../ui/vant-more.js';
