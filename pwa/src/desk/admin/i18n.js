/** The admin screens' strings join the catalogue when any admin screen loads; screens import `t` from here. */
import { addMessages, t } from '../../i18n/index.js';
import { adminMessages } from './messages.js';

addMessages(adminMessages);

export { t };

/** A message for `prefix.code`, or the code itself when the catalogue has none (e.g. a new audit action). */
export function labelOr(prefix, code) {
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}
