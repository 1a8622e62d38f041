/** The desk's strings join the catalogue when any desk module loads; screens import `t` from here. */
import { addMessages, locale, t } from '../i18n/index.js';
import { deskMessages } from './messages.js';
import { returnMessages } from './returns/messages.js';

addMessages(deskMessages);
addMessages(returnMessages);

export { locale, t };
