/**
 * The outbox: every edit made on this phone, in the order it was made, until the server answers it.
 *
 * A mutation is `pending` (not yet sent: later edits of the same record may fold into it),
 * `inflight` (handed to the server at least once: never changed again, resent as is — the server
 * answers a repeat as `duplicate`), or `rejected` (quarantined with the server's errors until the
 * mediator fixes or discards it; it never blocks the rest).
 */
import { v7 as uuidv7 } from 'uuid';
import { STORES } from './db.js';
import { withOwnPersonalValues } from './personal.js';
import { workingCopy } from './rebase.js';

export const PENDING = 'pending';
export const INFLIGHT = 'inflight';
export const REJECTED = 'rejected';

/**
 * Record an edit: append a mutation (or fold it into this record's unsent one) and refresh the
 * working copy, in one transaction so the two never disagree.
 * @param {import('idb').IDBPDatabase} db
 * @param {{entity: string, id: string, op: 'create'|'update'|'void', changes: object, userId: number, now?: Date}} edit
 * @returns {Promise<{mutation: object, record: object, folded: boolean}>}
 */
export async function enqueue(db, { entity, id, op, changes, userId, now = new Date() }) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const outbox = tx.objectStore(STORES.outbox);
  const snapshot = await tx.objectStore(STORES.snapshots).get([entity, id]);
  const existing = await outbox.index('record').getAll([entity, id]);
  const last = existing.at(-1);
  const newest = await outbox.openCursor(null, 'prev');
  const clientTime = now.toISOString();

  let mutation;
  const folded = canFold(last, { op, changes, userId }, newest?.value?.seq === last?.seq);
  if (folded) {
    mutation = { ...last, changes: { ...last.changes, ...changes }, client_time: clientTime };
    await outbox.put(mutation);
  } else {
    mutation = {
      mutation_id: uuidv7(),
      entity,
      id,
      op,
      base_version: op === 'create' ? null : baseVersion(snapshot, existing),
      changes: { ...changes },
      client_time: clientTime,
      user_id: userId,
      state: PENDING,
      errors: null,
      error_code: null,
    };
    mutation.seq = await outbox.add(mutation);
  }
  const mutations = folded ? existing.map((m) => (m.seq === mutation.seq ? mutation : m)) : [...existing, mutation];
  const record = workingCopy(snapshot, mutations);
  await tx.objectStore(STORES.records).put(record);
  await tx.done;
  return { mutation, record, folded, mutations };
}

/**
 * Record several new records (a case and its parties) in one transaction. A create has a fresh id:
 * there is no snapshot and nothing queued to fold into, so nothing is read.
 * @param {Array<{entity: string, id: string, changes: object}>} creates
 * @param {Array<{store: string, value: object}|{store: string, delete: IDBValidKey}>} [also] rows written (or deleted)
 *   in the same transaction (an attachment's bytes; the raw photo it was prepared from)
 * @returns {Promise<Array<{mutation: object, record: object, mutations: object[]}>>} in the order given
 */
export async function enqueueCreates(db, creates, userId, now = new Date(), also = []) {
  const tx = db.transaction([STORES.outbox, STORES.records, ...new Set(also.map((row) => row.store))], 'readwrite');
  const outbox = tx.objectStore(STORES.outbox);
  const records = tx.objectStore(STORES.records);
  const clientTime = now.toISOString();
  const saved = creates.map(({ entity, id, changes }) => {
    const mutation = {
      mutation_id: uuidv7(), entity, id, op: 'create', base_version: null, changes: { ...changes },
      client_time: clientTime, user_id: userId, state: PENDING, errors: null, error_code: null,
    };
    return { mutation, record: workingCopy(null, [mutation]), mutations: [mutation] };
  });
  const writes = saved.flatMap(({ mutation, record }) => [
    outbox.add(mutation).then((seq) => { mutation.seq = seq; }),
    records.put(record),
  ]);
  for (const row of also) writes.push('delete' in row ? tx.objectStore(row.store).delete(row.delete) : tx.objectStore(row.store).put(row.value));
  await Promise.all([...writes, tx.done]);
  return saved;
}

/**
 * An edit folds into the record's latest mutation only while that one is unsent and the same
 * person's. A status change folds only if nothing was queued after it: the workflow may depend
 * on records created in between (a party's consent before `mediating`).
 */
function canFold(last, { op, changes, userId }, lastIsNewest) {
  if (!last || last.state !== PENDING || last.user_id !== userId) return false;
  if (op !== 'update' || !['create', 'update'].includes(last.op)) return false;
  return lastIsNewest || !('status' in changes);
}

/**
 * The version the user's edit was made on: the snapshot's; without one (created here, not yet
 * acknowledged) the version this device's own queued create will produce.
 */
function baseVersion(snapshot, existing) {
  if (snapshot) return snapshot.version;
  const bases = existing.map((m) => m.base_version).filter((v) => Number.isInteger(v));
  if (bases.length) return Math.max(...bases);
  return existing.some((m) => m.op === 'create') ? 1 : null;
}

/** Every mutation, oldest first. @param {import('idb').IDBPDatabase} db */
export function allMutations(db) {
  return db.getAll(STORES.outbox);
}

/**
 * What this user may send now: pending and in-flight mutations they made, oldest first.
 * Another user's edits wait for that user to sign in again (sync-protocol.md §7).
 */
export async function pushable(db, userId) {
  const all = await db.getAll(STORES.outbox);
  return all.filter((m) => m.user_id === userId && (m.state === PENDING || m.state === INFLIGHT));
}

/**
 * Take up to `limit` of this user's sendable mutations and mark them in flight, in one
 * transaction: an edit saved at the same moment either folds in before the claim (and is sent)
 * or becomes a new mutation after it — never a change to what is being sent.
 * @returns {Promise<object[]>} the mutations exactly as they will be sent, oldest first
 */
export async function claimBatch(db, userId, limit) {
  const tx = db.transaction(STORES.outbox, 'readwrite');
  const batch = [];
  let cursor = await tx.store.openCursor();
  while (cursor && batch.length < limit) {
    const mutation = cursor.value;
    if (mutation.user_id === userId && (mutation.state === PENDING || mutation.state === INFLIGHT)) {
      const claimed = { ...mutation, state: INFLIGHT };
      if (mutation.state === PENDING) await cursor.update(claimed);
      batch.push(claimed);
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return batch;
}

/**
 * Apply the server's answer to one mutation (sync-protocol.md §3).
 * applied | merged | duplicate → the record becomes the new snapshot and the mutation is done;
 * conflict → the same, plus a notice for the mediator (both values are kept on the server);
 * rejected → the mutation is quarantined with its errors, the working copy keeps the user's values.
 * @returns {Promise<'done'|'conflict'|'rejected'|'unknown'>}
 */
export async function settle(db, mutation, result) {
  const status = result.status === 'duplicate' && result.original_status ? result.original_status : result.status;
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records, STORES.notices], 'readwrite');
  const outbox = tx.objectStore(STORES.outbox);
  const stored = await outbox.get(mutation.seq);
  let outcome = 'unknown';
  if (status === 'rejected') {
    if (stored) {
      await outbox.put({
        ...stored, state: REJECTED, errors: result.errors ?? {}, error_code: result.error_code ?? 'rejected',
        rejected_at: new Date().toISOString(),
      });
    }
    outcome = 'rejected';
  } else if (['applied', 'merged', 'duplicate', 'conflict'].includes(status)) {
    if (stored) await outbox.delete(mutation.seq);
    if (result.record) await keepNewer(tx.objectStore(STORES.snapshots), result.record, mutation);
    if (status === 'conflict') {
      await tx.objectStore(STORES.notices).add({
        kind: 'conflict', entity: mutation.entity, id: mutation.id, mutation_id: mutation.mutation_id,
        conflicts: result.conflicts ?? [], at: new Date().toISOString(), seen: false,
      });
      outcome = 'conflict';
    } else {
      outcome = 'done';
    }
  }
  await refreshWorkingCopy(tx, mutation.entity, mutation.id);
  await tx.done;
  return outcome;
}

/**
 * A snapshot only ever moves forward: an older answer never replaces a newer pull. Personal values
 * come masked in push results: the snapshot keeps this phone's own (store/personal.js).
 */
async function keepNewer(snapshots, record, mutation) {
  const current = await snapshots.get([record.entity, record.id]);
  if (!current || (record.version ?? 0) >= (current.version ?? 0)) {
    await snapshots.put(withOwnPersonalValues(record, current, mutation));
  }
}

/**
 * Recompute one working copy from its snapshot and remaining mutations, inside `tx`
 * (which must cover outbox, snapshots and records). A record with neither is removed.
 */
export async function refreshWorkingCopy(tx, entity, id) {
  const snapshot = await tx.objectStore(STORES.snapshots).get([entity, id]);
  const mutations = await tx.objectStore(STORES.outbox).index('record').getAll([entity, id]);
  const record = workingCopy(snapshot, mutations);
  if (record) await tx.objectStore(STORES.records).put(record);
  else await tx.objectStore(STORES.records).delete([entity, id]);
  return record;
}

/**
 * Send a quarantined mutation again after the mediator fixed it: `fixes` are laid over its changes,
 * and it goes to the back of the queue (what followed it has already been answered).
 * A create refused as `already_exists` comes back as an update of the server's record.
 */
export async function retry(db, seq, fixes = {}) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const outbox = tx.objectStore(STORES.outbox);
  const stored = await outbox.get(seq);
  if (!stored || stored.state !== REJECTED) {
    await tx.done;
    return null;
  }
  const snapshot = await tx.objectStore(STORES.snapshots).get([stored.entity, stored.id]);
  const asUpdate = stored.op === 'create' && stored.error_code === 'already_exists' && snapshot;
  await outbox.delete(seq);
  const { seq: _old, ...rest } = stored;
  const again = {
    ...rest,
    mutation_id: uuidv7(), // a new attempt: the old id is answered by its stored rejection forever
    op: asUpdate ? 'update' : stored.op,
    base_version: asUpdate ? snapshot.version : stored.base_version,
    changes: { ...stored.changes, ...fixes },
    state: PENDING, errors: null, error_code: null, client_time: new Date().toISOString(),
  };
  again.seq = await outbox.add(again);
  await refreshWorkingCopy(tx, stored.entity, stored.id);
  await tx.done;
  return again;
}

/** Every quarantined mutation back into the queue, in their original order. */
export async function retryAll(db) {
  const rejected = (await db.getAll(STORES.outbox)).filter((m) => m.state === REJECTED);
  for (const mutation of rejected) await retry(db, mutation.seq);
  return rejected.length;
}

/**
 * Give up a quarantined edit: the working copy falls back to the server's version.
 * @returns {Promise<boolean>} whether an edit was given up (one not quarantined is left queued)
 */
export async function discard(db, seq) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const stored = await tx.objectStore(STORES.outbox).get(seq);
  const discarding = stored?.state === REJECTED;
  if (discarding) {
    await tx.objectStore(STORES.outbox).delete(seq);
    await refreshWorkingCopy(tx, stored.entity, stored.id);
  }
  await tx.done;
  return discarding;
}

/**
 * Counts for the sync status line and the device health block.
 * @returns {Promise<{total: number, pending: number, inflight: number, rejected: number, oldest: string|null, held: number}>}
 */
export async function outboxStats(db, userId = null) {
  const all = await db.getAll(STORES.outbox);
  const stats = { total: all.length, pending: 0, inflight: 0, rejected: 0, oldest: null, held: 0 };
  for (const mutation of all) {
    stats[mutation.state] += 1;
    if (userId !== null && mutation.user_id !== userId) stats.held += 1;
    if (!stats.oldest || mutation.client_time < stats.oldest) stats.oldest = mutation.client_time;
  }
  return stats;
}
