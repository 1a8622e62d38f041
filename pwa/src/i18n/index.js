/** The current language and `t(key, params)`; enum labels come from the reference catalogue. */
import { ref } from 'vue';
import { messages } from './messages.js';

const STORAGE_KEY = 'tiaojie.locale';
export const LOCALES = ['zh-CN', 'en'];
export const locale = ref(globalThis.localStorage?.getItem(STORAGE_KEY) || 'zh-CN');

/** @param {string} key @param {Record<string, string|number>} [params] */
export function t(key, params = {}) {
  const text = messages[locale.value]?.[key] ?? messages['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export function setLocale(value) {
  locale.value = LOCALES.includes(value) ? value : 'zh-CN';
  globalThis.localStorage?.setItem(STORAGE_KEY, locale.value);
  document.documentElement.lang = locale.value;
}

/** Lazily loaded parts (the desk) bring their own strings: `{ 'zh-CN': {...}, en: {...} }`. */
export function addMessages(extra) {
  for (const [lang, strings] of Object.entries(extra)) Object.assign(messages[lang] ??= {}, strings);
}
