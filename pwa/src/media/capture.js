/**
 * A photo or a drawn signature made ready to keep on the phone (photo.js says how a photo is made ready).
 * Photos are prepared in a worker (photo-worker.js), started ahead by `warmPhotoWorker` when the screen that
 * takes them opens: decoding a 12-MP camera photo and encoding it again then never holds the page's main
 * thread. Where a worker cannot draw (no OffscreenCanvas in workers), the page prepares them itself.
 */
import { fitWithin, THUMB_LONG_SIDE } from '../domain/attachments.js';
import { described, draw, encode, encodePhoto } from './photo.js';

let worker = null; // the photo worker, once started; false once it proved unable
let nextId = 0;
const waiting = new Map(); // request id → {resolve, reject, file}

/** Start the photo worker, so the first photo does not wait for it. */
export function warmPhotoWorker() {
  if (worker !== null || typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') return;
  try {
    worker = new Worker(new URL('./photo-worker.js', import.meta.url), { type: 'module' });
  } catch {
    worker = false;
    return;
  }
  worker.onmessage = ({ data: { id, photo, error } }) => {
    const request = waiting.get(id);
    waiting.delete(id);
    if (!request) return;
    if (error === 'unsupported') {
      worker.terminate();
      worker = false;
      encodePhoto(request.file).then(request.resolve, request.reject);
    } else if (error) request.reject(new Error(error));
    else request.resolve(photo);
  };
  worker.onerror = () => { // the worker could not load: whatever it held is prepared here
    worker.terminate();
    worker = false;
    for (const [id, request] of waiting) {
      waiting.delete(id);
      encodePhoto(request.file).then(request.resolve, request.reject);
    }
  };
}

/**
 * @param {Blob} file what the camera or the gallery gave
 * @returns {Promise<{bytes: ArrayBuffer, thumb: ArrayBuffer, mime_type: string, byte_size: number, sha256: string, width: number, height: number}>}
 */
export function preparePhoto(file) {
  warmPhotoWorker();
  if (!worker) return encodePhoto(file);
  return new Promise((resolve, reject) => {
    nextId += 1;
    waiting.set(nextId, { resolve, reject, file });
    worker.postMessage({ id: nextId, file });
  });
}

/**
 * A signature pad's canvas as PNG (lines on a transparent ground) and a thumbnail.
 * @param {HTMLCanvasElement} canvas
 */
export async function prepareDrawing(canvas) {
  const png = await encode(canvas, 'image/png');
  const size = fitWithin(canvas.width, canvas.height, THUMB_LONG_SIDE);
  const thumb = await encode(draw(canvas, size, 'medium'), 'image/png');
  return described(await png.arrayBuffer(), await thumb.arrayBuffer(), 'image/png', { width: canvas.width, height: canvas.height });
}
