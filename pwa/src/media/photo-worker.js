/**
 * The photo worker: prepares each photo the page sends (photo.js) off the page's main thread, so the screen
 * stays responsive and the work runs beside it. Replies `{id, photo}` with the bytes transferred, or
 * `{id, error}`; `unsupported` when this browser's workers cannot draw (the page then does it itself).
 * Started ahead of the first photo, it prepares a blank 16-px one at once, so the decoder, encoder and hash
 * are loaded before a real photo waits for them.
 */
import { encodePhoto } from './photo.js';

const canDraw = typeof OffscreenCanvas === 'function' && typeof OffscreenCanvas.prototype.convertToBlob === 'function'
  && typeof createImageBitmap === 'function' && Boolean(globalThis.crypto?.subtle);

if (canDraw) {
  new OffscreenCanvas(16, 16).convertToBlob({ type: 'image/jpeg' }).then(encodePhoto).catch(() => {});
}

self.onmessage = async ({ data: { id, file } }) => {
  if (!canDraw) {
    self.postMessage({ id, error: 'unsupported' });
    return;
  }
  try {
    const photo = await encodePhoto(file);
    self.postMessage({ id, photo }, [photo.bytes, photo.thumb]);
  } catch (failure) {
    self.postMessage({ id, error: String(failure?.message ?? failure) });
  }
};
