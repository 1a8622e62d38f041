/**
 * Working copies: what screens read and write. Saving goes through the outbox; pulling replaces
 * snapshots and lays each record's pending changes back over the new snapshot.
 */
import { v7 as uuidv7 } from 'uuid';
import { STORES } from './db.js';
import { enqueue, enqueueCreates, INFLIGHT, PENDING, REJECTED } from './outbox.js';
import { changedFields, workingCopy } from './rebase.js';

/** The four states every record shows (catalogue keys `state.*`). */
export const SYNC_STATE = Object.freeze({
  local: 'local', // 仅保存在手机 saved on phone
  sending: 'sending', // 发送中
  synced: 'synced', // 已同步 on server
  attention: 'attention', // 需处理 needs attention
});

/** A fresh record id: UUIDv7, time-ordered so the server's indexes stay compact. */
export function newId() {
  return uuidv7();
}

/**
 * Save a screen's values: a create for a new record, otherwise an update of the fields that changed.
 * @returns {Promise<{record: object, mutation: object|null}>}
 */
export async function saveRecord(db, { entity, id, values, userId, creating = false }) {
  if (creating) {
    const [saved] = await enqueueCreates(db, [{ entity, id, changes: filled(values) }], userId);
    return saved;
  }
  const current = await db.get(STORES.records, [entity, id]);
  const changes = changedFields(current, values);
  if (!Object.keys(changes).length) return { record: current, mutation: null, mutations: null };
  const { record, mutation, mutations } = await enqueue(db, { entity, id, op: 'update', changes, userId });
  return { record, mutation, mutations };
}

/**
 * Save several new records at once (a case with its parties): one transaction, nothing read.
 * @param {Array<{entity: string, id: string, values: object}>} items
 */
export function saveNewRecords(db, userId, items) {
  return enqueueCreates(db, items.map(({ entity, id, values }) => ({ entity, id, changes: filled(values) })), userId);
}

/** A create sends only the fields the mediator filled in. */
function filled(values) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
}

/** Void (tombstone) a record: who may is the engine's rule (sync/permissions.py), the server decides. */
export function voidRecord(db, { entity, id, reason, userId }) {
  return enqueue(db, { entity, id, op: 'void', changes: reason ? { void_reason: reason } : {}, userId });
}

export function getRecord(db, entity, id) {
  return db.get(STORES.records, [entity, id]);
}

/** Every working copy of one entity (voided ones included; screens hide them). */
export function listRecords(db, entity) {
  return db.getAllFromIndex(STORES.records, 'entity', entity);
}

/** The child rows of a case, by entity: parties, mediation logs, follow-ups, referrals. */
export async function childrenOf(db, disputeId) {
  const rows = await db.getAllFromIndex(STORES.records, 'dispute_id', disputeId);
  const byEntity = { party: [], mediation_log: [], followup: [], referral: [], attachment: [] };
  for (const row of rows) if (byEntity[row.entity] && !row.voided_at) byEntity[row.entity].push(row);
  return byEntity;
}

/**
 * A case as its screen shows it, read in one transaction: the working copy, its live child rows by
 * entity, and the queued mutations of each (keyed `entity:id`), plus its conflict notices.
 */
export async function caseDetail(db, id) {
  const tx = db.transaction([STORES.records, STORES.outbox, STORES.notices]);
  const [record, rows, mutations, notices] = await Promise.all([
    tx.objectStore(STORES.records).get(['dispute', id]),
    tx.objectStore(STORES.records).index('dispute_id').getAll(id),
    tx.objectStore(STORES.outbox).getAll(),
    tx.objectStore(STORES.notices).index('record').getAll(['dispute', id]),
  ]);
  const children = { party: [], mediation_log: [], followup: [], referral: [], attachment: [] };
  for (const row of rows) if (children[row.entity] && !row.voided_at) children[row.entity].push(row);
  const queued = new Map();
  for (const mutation of mutations) {
    const key = `${mutation.entity}:${mutation.id}`;
    if (!queued.has(key)) queued.set(key, []);
    queued.get(key).push(mutation);
  }
  return { record, children, queued, notices };
}

/**
 * The sync state of every record that has one other than "on server", keyed `entity:id`.
 * The outbox is small, so one read of it serves a whole list screen.
 * @returns {Promise<Map<string, {state: string, mutations: object[]}>>}
 */
export async function outboxByRecord(db) {
  const byRecord = new Map();
  for (const mutation of await db.getAll(STORES.outbox)) {
    const key = `${mutation.entity}:${mutation.id}`;
    if (!byRecord.has(key)) byRecord.set(key, { state: SYNC_STATE.local, mutations: [] });
    byRecord.get(key).mutations.push(mutation);
  }
  for (const entry of byRecord.values()) entry.state = stateOf(entry.mutations, null);
  return byRecord;
}

/**
 * Needs attention beats sending beats saved on phone beats on server.
 * @param {object[]} mutations this record's mutations @param {object|null} record
 */
export function stateOf(mutations, record) {
  if (mutations.some((m) => m.state === REJECTED) || record?.has_open_conflict) return SYNC_STATE.attention;
  if (mutations.some((m) => m.state === INFLIGHT)) return SYNC_STATE.sending;
  if (mutations.some((m) => m.state === PENDING)) return SYNC_STATE.local;
  return SYNC_STATE.synced;
}

/**
 * Store one page of pulled records: each becomes the snapshot, and its working copy is the
 * snapshot plus whatever this phone still has queued for it (pending mutations keep their
 * original base_version: they are not touched here). A snapshot newer than the record pulled is kept.
 * The requests are issued together, not one awaited after another: IndexedDB runs a transaction's
 * requests in order anyway, and a round trip per request made a first sync of 2,000 records take
 * tens of seconds on a slow phone.
 * @returns {Promise<number>} how many records were stored
 */
export async function applyPulled(db, records) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const snapshots = tx.objectStore(STORES.snapshots);
  const working = tx.objectStore(STORES.records);
  const [queued, current] = await Promise.all([
    tx.objectStore(STORES.outbox).getAll(),
    Promise.all(records.map((record) => snapshots.get([record.entity, record.id]))),
  ]);
  const pendingByKey = new Map();
  for (const mutation of queued) {
    const key = `${mutation.entity}:${mutation.id}`;
    if (!pendingByKey.has(key)) pendingByKey.set(key, []);
    pendingByKey.get(key).push(mutation);
  }
  const newest = new Map(); // a record twice in one page (the server never sends it so; a test might): the newer wins
  records.forEach((record, index) => {
    const key = `${record.entity}:${record.id}`;
    const kept = newest.get(key) ?? current[index];
    if (kept && (kept.version ?? 0) > (record.version ?? 0)) return;
    newest.set(key, record);
  });
  const writes = [];
  for (const [key, record] of newest) {
    writes.push(snapshots.put(record), working.put(workingCopy(record, pendingByKey.get(key) ?? [])));
  }
  await Promise.all([...writes, tx.done]);
  return records.length;
}

/**
 * A `reset` from the server: forget every snapshot (the cursor is no longer meaningful) but keep
 * the outbox and the working copies it explains. Working copies are kept until the re-pull ends,
 * then `sweepAfterReset` removes those the server did not send again.
 */
export async function dropSnapshots(db) {
  await db.clear(STORES.snapshots);
}

/** After a full re-pull: drop working copies with neither a snapshot nor a queued mutation. */
export async function sweepAfterReset(db) {
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const queued = new Set((await tx.objectStore(STORES.outbox).getAll()).map((m) => `${m.entity}:${m.id}`));
  const snapshotKeys = new Set((await tx.objectStore(STORES.snapshots).getAllKeys()).map(([e, i]) => `${e}:${i}`));
  let cursor = await tx.objectStore(STORES.records).openCursor();
  let removed = 0;
  while (cursor) {
    const key = `${cursor.value.entity}:${cursor.value.id}`;
    if (!queued.has(key) && !snapshotKeys.has(key)) {
      await cursor.delete();
      removed += 1;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

/**
 * Records that left this user's scope (a case reassigned away, moved to another grid): drop
 * their snapshots and working copies; an edit still queued for one keeps its working copy
 * (rebuilt from the outbox alone) so nothing typed disappears before the server answers it.
 * @param {Array<{entity: string, id: string}>} evictions
 */
export async function applyEvictions(db, evictions) {
  if (!evictions?.length) return 0;
  const tx = db.transaction([STORES.outbox, STORES.snapshots, STORES.records], 'readwrite');
  const queued = new Map();
  for (const mutation of await tx.objectStore(STORES.outbox).getAll()) {
    const key = `${mutation.entity}:${mutation.id}`;
    if (!queued.has(key)) queued.set(key, []);
    queued.get(key).push(mutation);
  }
  for (const { entity, id } of evictions) {
    await tx.objectStore(STORES.snapshots).delete([entity, id]);
    const pending = queued.get(`${entity}:${id}`);
    if (pending) await tx.objectStore(STORES.records).put(workingCopy(null, pending) ?? { entity, id });
    else await tx.objectStore(STORES.records).delete([entity, id]);
  }
  await tx.done;
  return evictions.length;
}
