/**
 * A camera or gallery photo made ready to keep on the phone: decoded upright (its EXIF orientation applied),
 * downscaled (long side ≤ PHOTO_LONG_SIDE), encoded again as JPEG through a canvas — which drops the camera's
 * EXIF, its location included — with a small thumbnail for lists, and hashed (SHA-256, checked by the server
 * when the last byte arrives). Needs no page: it runs in the photo worker (photo-worker.js), or on the page
 * where a worker cannot draw (capture.js).
 */
import { fitWithin, PHOTO_LONG_SIDE, PHOTO_TARGET_BYTES, smoothingFor, THUMB_LONG_SIDE } from '../domain/attachments.js';
import { JPEG_HEADER_BYTES, jpegHeader } from './jpeg-header.js';

const PHOTO_QUALITY = [0.82, 0.7, 0.6];

/**
 * @param {Blob} file what the camera or the gallery gave
 * @returns {Promise<{bytes: ArrayBuffer, thumb: ArrayBuffer, mime_type: string, byte_size: number, sha256: string, width: number, height: number}>}
 */
export async function encodePhoto(file) {
  const picture = await decodeUpright(file, PHOTO_LONG_SIDE);
  let canvas;
  let size;
  try {
    size = fitWithin(picture.width, picture.height, PHOTO_LONG_SIDE);
    canvas = draw(picture.source, size, smoothingFor(size.width / picture.width));
  } finally {
    picture.close(); // the decoded photo is let go before encoding
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

/**
 * The photo decoded upright, no smaller than `longSide` on its long side where it was larger: something a
 * canvas draws, its upright size, and `close` to let its pixels go.
 * @returns {Promise<{source: CanvasImageSource, width: number, height: number, close: () => void}>}
 */
export async function decodeUpright(file, longSide) {
  return (await reducedDecode(file, longSide)) ?? wholeDecode(file);
}

/** Every pixel decoded, turned by the browser as the EXIF says. */
export async function wholeDecode(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close?.() };
}

/**
 * A JPEG decoded by WebCodecs' ImageDecoder at the smallest scale of M/8 that keeps its long side ≥ `longSide`:
 * a JPEG decoder skips most of the work for a reduced decode (a 4000 × 3000 photo comes out at 2000 × 1500), and
 * decoding the whole 12-MP photo was most of a capture's time. Chromium's decoder reports the EXIF orientation
 * on the frame (`rotation`, `flip`) and a canvas draws the frame turned by them. Null where there is no
 * ImageDecoder, for a file that is no JPEG or needs no reduction, and for a frame that came out smaller than
 * asked or not turned as its EXIF says (a decoder that does not report orientation): the whole decode does those.
 */
export async function reducedDecode(file, longSide) {
  if (typeof ImageDecoder !== 'function') return null;
  const header = jpegHeader(new Uint8Array(await file.slice(0, JPEG_HEADER_BYTES).arrayBuffer()));
  if (!header) return null;
  const eighths = Math.ceil((8 * longSide) / Math.max(header.width, header.height));
  if (eighths >= 8) return null;
  const decoder = new ImageDecoder({
    data: file.stream(), type: 'image/jpeg',
    desiredWidth: Math.ceil((header.width * eighths) / 8), desiredHeight: Math.ceil((header.height * eighths) / 8),
  });
  let image;
  try {
    ({ image } = await decoder.decode());
  } catch {
    return null;
  } finally {
    decoder.close();
  }
  const turned = header.orientation === 1 || Boolean(image.rotation || image.flip);
  if (!turned || Math.max(image.displayWidth, image.displayHeight) < longSide) {
    image.close();
    return null;
  }
  return { source: image, width: image.displayWidth, height: image.displayHeight, close: () => image.close() };
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
