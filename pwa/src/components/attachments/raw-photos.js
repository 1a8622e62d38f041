/**
 * Photos saved first, prepared after (docs/attachments.md): a photo picked is kept at once as the camera gave it
 * (store/raw-photos.js) and shows as 处理中 · 仅在手机; the photo worker then prepares the raw photos one at a
 * time, oldest first, and each is kept as an attachment (save.js keepCapture, the caps checked on its prepared
 * size) in the transaction that deletes its raw entry. Raw photos left by a closed or crashed app are prepared
 * when it next starts (app-state.js) or opens their case. One that cannot be decoded stays, marked unreadable,
 * until the mediator retries or discards it. One queue per page; across tabs a Web Lock keeps it to one.
 */
import { reactive } from 'vue';
import { keepCapture } from './save.js';
import { database, state } from '../../app-state.js';
import { preparePhoto } from '../../media/capture.js';
import { discardRaw, keepRaw, markUnreadable, nextRaw, rawBytes } from '../../store/raw-photos.js';
import { childrenOf, newId } from '../../store/records.js';

/** A raw photo's state as shown: `preparing` (处理中) until it is kept, or `unreadable`. */
export const rawStateOf = (row) => (row.unreadable ? 'unreadable' : 'preparing');

/** What screens watch: `version` moves when a raw photo is prepared, refused, marked or discarded; a refusal per case. */
export const rawState = reactive({ version: 0, refusals: {} });

let running = null;
let again = false;

/**
 * Keep a picked photo as it is, in one IndexedDB write. Returns its raw row, for the screen to show at once
 * (`version` is not moved: reading the case's raw photos back would cost the mediator a read).
 * @param {{disputeId: string, kind: string, photo: File, parent?: {entity: string, id: string}, caption?: string}} picked
 */
export async function keepPicked({ disputeId, kind, photo, parent = null, caption = '' }) {
  const row = await keepRaw(database(), {
    id: newId(), dispute_id: disputeId, user_id: state.user.id, kind, caption,
    taken_at: new Date(photo.lastModified || Date.now()).toISOString(), mime_type: photo.type || 'image/jpeg',
    parent_entity: parent?.entity ?? null, parent_id: parent?.id ?? null,
  }, await photo.arrayBuffer());
  return row;
}

/** Prepare every raw photo of the signed-in user, one at a time; a call while it runs makes it look again after. */
export function prepareRawPhotos() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await oneTabAtATime(drain);
    } while (again);
  })().catch(() => {}).finally(() => { running = null; });
  return running;
}

/** The mediator tries an unreadable photo again. */
export async function retryRaw(id) {
  await markUnreadable(database(), id, false);
  rawState.version += 1;
  return prepareRawPhotos();
}

/** The mediator discards a raw photo (one that cannot be read). */
export async function discardPicked(id) {
  await discardRaw(database(), id);
  rawState.version += 1;
}

function oneTabAtATime(run) {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('tiaojie-raw-photos', run) : run();
}

async function drain() {
  const db = database();
  const userId = state.user?.id;
  if (!db || userId === undefined) return;
  const tried = new Set();
  for (let raw = await nextRaw(db, userId, tried); raw; raw = await nextRaw(db, userId, tried)) {
    tried.add(raw.id);
    await prepareOne(db, raw);
  }
}

async function prepareOne(db, raw) {
  let prepared;
  try {
    const bytes = await rawBytes(db, raw.id);
    if (!bytes) throw new Error('no bytes');
    prepared = await preparePhoto(new Blob([bytes], { type: raw.mime_type }));
  } catch {
    await markUnreadable(db, raw.id);
    rawState.version += 1;
    return;
  }
  const { attachment } = await childrenOf(db, raw.dispute_id);
  const refused = await keepCapture({
    disputeId: raw.dispute_id, kind: raw.kind, prepared, attachments: attachment, caption: raw.caption,
    parent: raw.parent_id ? { entity: raw.parent_entity, id: raw.parent_id } : null, takenAt: raw.taken_at, raw,
  });
  if (refused) {
    await discardRaw(db, raw.id);
    rawState.refusals[raw.dispute_id] = refused;
  }
  rawState.version += 1;
}
