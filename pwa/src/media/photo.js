/**
 * A camera or gallery photo made ready to keep on the phone: decoded upright (its EXIF orientation applied),
 * downscaled (long side ≤ PHOTO_LONG_SIDE), encoded again as JPEG through a canvas — which drops the camera's
 * EXIF, its location included — with a small thumbnail for lists, and hashed (SHA-256, checked by the server
 * when the last byte arrives). Needs no page: it runs in the photo worker (photo-worker.js), or on the page
 * where a worker cannot draw (capture.js).
 */
import { fitWithin, PHOTO_LONG_SIDE, PHOTO_TARGET_BYTES, smoothingFor, THUMB_LONG_SIDE } from '../domain/attachments.js';

const PHOTO_QUALITY = [0.82, 0.7, 0.6];

/**
 * @param {Blob} file what the camera or the gallery gave
 * @returns {Promise<{bytes: ArrayBuffer, thumb: ArrayBuffer, mime_type: string, byte_size: number, sha256: string, width: number, height: number}>}
 */
export async function encodePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  let canvas;
  let size;
  try {
    size = fitWithin(bitmap.width, bitmap.height, PHOTO_LONG_SIDE);
    canvas = draw(bitmap, size, smoothingFor(size.width / bitmap.width));
  } finally {
    bitmap.close?.(); // the 12-MP decoded photo is let go before encoding
  }
  const thumbnail = encode(draw(canvas, fitWithin(size.width, size.height, THUMB_LONG_SIDE), 'low'), 'image/jpeg', 0.7);
  let blob;
  for (const quality of PHOTO_QUALITY) {
    blob = await encode(canvas, 'image/jpeg', quality);
    if (blob.size <= PHOTO_TARGET_BYTES) break;
  }
  const [bytes, thumb] = await Promise.all([blob.arrayBuffer(), thumbnail.then((t) => t.arrayBuffer())]);
  return described(bytes, thumb, 'image/jpeg', size);
}

/** SHA-256 of the bytes, as 64 lowercase hex digits. */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function described(bytes, thumb, mimeType, { width, height }) {
  return { bytes, thumb, mime_type: mimeType, byte_size: bytes.byteLength, sha256: await sha256Hex(bytes), width, height };
}

/** A canvas (off screen where the browser has one) holding `source` drawn at `size`. */
export function draw(source, { width, height }, smoothing) {
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = smoothing;
  context.drawImage(source, 0, 0, width, height);
  return canvas;
}

export function encode(canvas, type, quality) {
  if (typeof canvas.convertToBlob === 'function') return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), type, quality);
  });
}
