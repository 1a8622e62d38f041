/**
 * The phone's storage for this app: ask the browser to keep it (not evict it under pressure — unsent
 * edits live here), and how full it is, so the mediator is warned before the quota is near.
 */

/** From this share of the quota on, the app warns. */
export const NEAR_FULL = 0.8;

/** Ask once per start for persistent storage; true when the browser keeps the data. */
export async function askToPersist(storage = globalThis.navigator?.storage) {
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted?.()) || await storage.persist();
  } catch {
    return false;
  }
}

/** @returns {Promise<{usage: number, quota: number, persisted: boolean, nearFull: boolean}|null>} */
export async function storageStatus(storage = globalThis.navigator?.storage) {
  const estimate = await storage?.estimate?.().catch(() => null);
  if (!estimate) return null;
  const usage = estimate.usage ?? 0;
  const quota = estimate.quota ?? 0;
  const persisted = Boolean(await storage.persisted?.().catch(() => false));
  return { usage, quota, persisted, nearFull: quota > 0 && usage >= quota * NEAR_FULL };
}

/** Bytes as the settings screen shows them: 1.2 MB, 3.4 GB. */
export function megabytes(bytes) {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
