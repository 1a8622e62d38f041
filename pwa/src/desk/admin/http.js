/**
 * The admin API (`/api/admin/…`) over the app's signed-in helpers: reads through the desk's
 * `getJson`, writes with `authed` (token refresh included), and a refusal's field errors for forms.
 */
import { syncContext } from '../../app-state.js';
import { ApiError, authed } from '../../sync/api.js';
import { getJson, reasonOf } from '../api.js';

export const adminGet = (path, query) => getJson(`/api/admin${path}`, query);

export async function adminSend(method, path, body) {
  const { data } = await authed(syncContext(), method, `/api/admin${path}`, { body });
  return data;
}

/** `{field: "message"}` from a 422 or 409 answer; `_form` holds the rest in words. */
export function formErrors(error) {
  const fields = error instanceof ApiError ? error.details?.fields ?? {} : {};
  const out = {};
  for (const [field, messages] of Object.entries(fields)) {
    out[field] = textsOf(messages).join(' ');
  }
  if (!Object.keys(out).length) out._form = reasonOf(error);
  return out;
}

/** Messages of a field, however deeply the server nested them (list items, nested objects). */
function textsOf(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

/** Every user of the district the admin may pick from (the server pages at 100). */
export async function allUsers(query = {}) {
  const users = [];
  for (let page = 1; ; page += 1) {
    const answer = await adminGet('/users', { ...query, page, per_page: 100 });
    users.push(...answer.items);
    if (users.length >= answer.total || !answer.items.length) return users;
  }
}

/** The area tree as rows in tree order, each with its depth (for indented selects). */
export function flattenTree(nodes, depth = 0, out = []) {
  for (const node of nodes) {
    out.push({ ...node, depth });
    flattenTree(node.children ?? [], depth + 1, out);
  }
  return out;
}
