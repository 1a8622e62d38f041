/**
 * HTTP to the server: the one error shape (sync-protocol.md §9), bearer tokens, one refresh on an
 * expired access token, and retries with exponential backoff for the network and the server's 5xx.
 */
import { getMeta, setMeta } from '../store/db.js';

/** The server answered with its error shape. */
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No answer at all: offline, DNS, a dropped connection. */
export class NetworkError extends Error {
  constructor(cause) {
    super('network unavailable');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/** The sign-in can no longer be renewed: the user signs in again; the outbox is kept. */
export class SignInRequired extends Error {
  constructor(code = 'sign_in_required') {
    super(code);
    this.name = 'SignInRequired';
    this.code = code;
  }
}

/** The device was revoked by an admin: its local data must be wiped. */
export class DeviceRevoked extends Error {
  constructor() {
    super('device_revoked');
    this.name = 'DeviceRevoked';
  }
}

/**
 * One request, no retries. `ctx` = {fetch, base}.
 * @returns {Promise<{status: number, data: any, headers: Headers}>}
 */
export async function request(ctx, method, path, { body, token, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, cache: 'no-store' };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await ctx.fetch(`${ctx.base ?? ''}${path}`, init);
  } catch (error) {
    throw new NetworkError(error);
  }
  let data = null;
  if (response.status !== 204 && response.status !== 304) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok && response.status !== 304) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? '', error.details ?? {});
  }
  return { status: response.status, data, headers: response.headers };
}

/** Whether trying again later could help. */
export function isTransient(error) {
  return error instanceof NetworkError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
}

/** Delay before attempt `n` (0-based): 1 s, 2 s, 4 s … capped, with jitter so phones do not stampede. */
export function backoffDelay(attempt, { base = 1000, cap = 60000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Run `fn`, retrying failures `retryable` calls transient `ctx.retries` times (default 3) with backoff. */
export async function withRetry(ctx, fn, retryable = isTransient) {
  const retries = ctx.retries ?? 3;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!retryable(error) || attempt >= retries || isOffline()) throw error;
      await (ctx.sleep ?? defaultSleep)(backoffDelay(attempt, ctx.backoff));
    }
  }
}

/** The browser knows it has no network (navigator.onLine is reliable when false). */
export function isOffline() {
  return globalThis.navigator?.onLine === false;
}

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A request with the stored access token. On `token_expired` it refreshes once and repeats;
 * a refused refresh means signing in again (outbox kept), `device_revoked` means wiping.
 */
export async function authed(ctx, method, path, options = {}) {
  const auth = await getMeta(ctx.db, 'auth');
  if (!auth?.access_token) throw new SignInRequired('no_token');
  try {
    return await request(ctx, method, path, { ...options, token: auth.access_token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    if (error.code === 'device_revoked') throw new DeviceRevoked();
    if (error.code !== 'token_expired') throw new SignInRequired(error.code);
    const fresh = await refreshAccess(ctx, auth);
    try {
      return await request(ctx, method, path, { ...options, token: fresh });
    } catch (again) {
      if (again instanceof ApiError && again.status === 401) {
        if (again.code === 'device_revoked') throw new DeviceRevoked();
        throw new SignInRequired(again.code);
      }
      throw again;
    }
  }
}

/** Trade the refresh token for a new access token, and keep it. */
export async function refreshAccess(ctx, auth) {
  if (!auth?.refresh_token) throw new SignInRequired('no_refresh_token');
  try {
    const { data } = await request(ctx, 'POST', '/api/auth/refresh', { token: auth.refresh_token });
    await setMeta(ctx.db, 'auth', { ...auth, access_token: data.access_token });
    return data.access_token;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (error.code === 'device_revoked') throw new DeviceRevoked();
      throw new SignInRequired(error.code);
    }
    throw error;
  }
}
