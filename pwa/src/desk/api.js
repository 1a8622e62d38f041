/**
 * The desk talks to the server online only, with the signed-in token (refreshed once when it has
 * expired, by the phone app's own helpers). Writes are sync pushes like the phones', sent at once.
 */
import { v7 as uuidv7 } from 'uuid';
import { state, syncContext } from '../app-state.js';
import { getMeta } from '../store/db.js';
import { ApiError, authed, refreshAccess, SignInRequired } from '../sync/api.js';
import { deviceHealth } from '../sync/client.js';

/** `path?query` without the empty values. */
export function withQuery(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson(path, query) {
  const { data } = await authed(syncContext(), 'GET', withQuery(path, query));
  return data;
}

export async function postJson(path, body = {}) {
  const { data } = await authed(syncContext(), 'POST', path, { body });
  wrote();
  return data;
}

const writeListeners = new Set();

/** Call `listener` after every write the desk makes (a push, a post): the menu counts refresh. */
export function afterEachWrite(listener) {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

function wrote() {
  for (const listener of writeListeners) listener();
}

/** A mutation of the sync protocol (§3) made by this desk now. */
export function mutation(entity, id, op, baseVersion, changes) {
  return {
    mutation_id: uuidv7(), entity, id, op, base_version: baseVersion, changes, client_time: new Date().toISOString(),
  };
}

/**
 * Push a small batch in order; the results, one per mutation. The health block is the same the
 * phone app sends from this browser, so the desk never misreports its outbox.
 */
export async function push(mutations) {
  const ctx = syncContext();
  const body = {
    device_id: await getMeta(ctx.db, 'device_id'),
    device: await deviceHealth(ctx, state.user?.id ?? null),
    mutations,
  };
  const { data } = await authed(ctx, 'POST', '/api/sync/push', { body });
  wrote();
  return data?.results ?? [];
}

/** The first refusal or clash among push results, in words; null when every one went through. */
export function pushProblem(results) {
  for (const result of results) {
    if (result.status === 'rejected' || (result.status === 'duplicate' && result.original_status === 'rejected')) {
      const messages = Object.values(result.errors ?? {}).flat();
      return { kind: 'rejected', reason: messages.join('; ') || result.error_code || 'rejected' };
    }
    if (result.status === 'conflict') return { kind: 'conflict' };
  }
  return null;
}

/** The file name the server offers (its RFC 5987 Chinese one when present). */
export function fileNameOf(disposition, fallback) {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended) return decodeURIComponent(extended[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

async function fetchFile(url, token) {
  return fetch(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
}

/** A file's answer, fetched with the token (renewed once when expired); refusals as ApiError. */
async function fetchWithToken(path, query) {
  const ctx = syncContext();
  const auth = await getMeta(ctx.db, 'auth');
  if (!auth?.access_token) throw new SignInRequired('no_token');
  const url = withQuery(path, query);
  let response = await fetchFile(url, auth.access_token);
  if (response.status === 401) {
    const code = (await response.clone().json().catch(() => null))?.error?.code;
    if (code !== 'token_expired') throw new SignInRequired(code);
    response = await fetchFile(url, await refreshAccess(ctx, auth));
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => null))?.error ?? {};
    throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? '', error.details ?? {});
  }
  return response;
}

/** A file's bytes as a Blob (an attachment's image to show). */
export async function fetchBlob(path) {
  return (await fetchWithToken(path)).blob();
}

/** Fetch a download with the token and hand it to the browser as a saved file; its name. */
export async function download(path, query, fallback) {
  const response = await fetchWithToken(path, query);
  const name = fileNameOf(response.headers.get('Content-Disposition'), fallback);
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

/** A failure in words for the screen. */
export function reasonOf(error) {
  if (error instanceof ApiError) {
    const fields = Object.values(error.details?.fields ?? error.details ?? {}).flat().filter((m) => typeof m === 'string');
    return [error.message || error.code, ...fields].join(' ');
  }
  return error?.message ?? String(error);
}
