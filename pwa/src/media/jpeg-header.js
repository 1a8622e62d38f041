/**
 * What a JPEG's first bytes say before it is decoded: its size as stored (the frame header, SOFn) and the
 * EXIF orientation the camera wrote (1 upright … 8; 1 when there is none). photo.js needs the size to ask
 * the decoder for a reduced decode (a JPEG decodes at 1/8, 2/8 … of its size for less work), and the
 * orientation to check that the decoder turned the photo as the camera meant.
 */

/** Bytes read from the start of a file: the APPn segments (EXIF ≤ 64 KB, ICC, MPF) come before the frame header. */
export const JPEG_HEADER_BYTES = 256 * 1024;

const SOI = 0xd8;
const SOS = 0xda;
const APP1 = 0xe1;
const ORIENTATION_TAG = 0x0112;

/** Start-of-frame markers: C0–CF but C4 (DHT), C8 (JPG) and CC (DAC). */
function isFrameHeader(marker) {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * @param {Uint8Array} bytes the file's first bytes (JPEG_HEADER_BYTES is enough for a camera's photo)
 * @returns {null|{width: number, height: number, orientation: number}} null when not a JPEG, or its frame
 *   header is not within `bytes`
 */
export function jpegHeader(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  let orientation = 1;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) { // fill byte before a marker
      at += 1;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (isFrameHeader(marker)) {
      if (at + 9 > bytes.length) return null;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7), orientation };
    }
    if (marker === SOS) return null;
    if (marker === APP1) orientation = exifOrientation(bytes, at + 4, length - 2) ?? orientation;
    at += 2 + length;
  }
  return null;
}

/** The Orientation tag of an APP1 segment's EXIF (TIFF) block at `start`, if it holds one. */
function exifOrientation(bytes, start, length) {
  const end = Math.min(start + length, bytes.length);
  if (end - start < 14 || String.fromCharCode(...bytes.subarray(start, start + 4)) !== 'Exif') return null;
  const tiff = start + 6;
  const view = new DataView(bytes.buffer, bytes.byteOffset + tiff, end - tiff);
  const little = view.getUint16(0) === 0x4949; // "II"; "MM" is big-endian
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return null;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > view.byteLength) return null;
    if (view.getUint16(entry, little) === ORIENTATION_TAG) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}
