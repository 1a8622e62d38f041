/**
 * A photo or a drawn signature made ready to keep on the phone: downscaled (long side ≤ PHOTO_LONG_SIDE),
 * encoded again as JPEG through a canvas — which drops the camera's EXIF, its location included — with a
 * small thumbnail for lists, and hashed (SHA-256, checked by the server when the last byte arrives).
 */
import { fitWithin, PHOTO_LONG_SIDE, PHOTO_TARGET_BYTES, smoothingFor, THUMB_LONG_SIDE } from '../domain/attachments.js';

const PHOTO_QUALITY = [0.82, 0.7, 0.6];

/**
 * @param {Blob} file what the camera or the gallery gave
 * @returns {Promise<{bytes: ArrayBuffer, thumb: ArrayBuffer, mime_type: string, byte_size: number, sha256: string, width: number, height: number}>}
 */
export async function preparePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height, PHOTO_LONG_SIDE);
    const canvas = draw(bitmap, size, smoothingFor(size.width / bitmap.width));
    const thumbnail = encode(draw(canvas, fitWithin(size.width, size.height, THUMB_LONG_SIDE), 'low'), 'image/jpeg', 0.7);
    let blob;
    for (const quality of PHOTO_QUALITY) {
      blob = await encode(canvas, 'image/jpeg', quality);
      if (blob.size <= PHOTO_TARGET_BYTES) break;
    }
    const thumb = await thumbnail;
    return described(await blob.arrayBuffer(), await thumb.arrayBuffer(), 'image/jpeg', size);
  } finally {
    bitmap.close?.();
  }
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

/** SHA-256 of the bytes, as 64 lowercase hex digits. */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function described(bytes, thumb, mimeType, { width, height }) {
  return { bytes, thumb, mime_type: mimeType, byte_size: bytes.byteLength, sha256: await sha256Hex(bytes), width, height };
}

/** A canvas (off screen where the browser has one) holding `source` drawn at `size`. */
function draw(source, { width, height }, smoothing) {
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.imageSmoothingQuality = smoothing;
  context.drawImage(source, 0, 0, width, height);
  return canvas;
}

function encode(canvas, type, quality) {
  if (typeof canvas.convertToBlob === 'function') return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), type, quality);
  });
}
