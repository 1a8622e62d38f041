import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jpegHeader } from '../src/media/jpeg-header.js';

const u16 = (value, little = false) => (little ? [value & 0xff, value >> 8] : [value >> 8, value & 0xff]);
const u32 = (value, little = false) => {
  const big = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return little ? big.reverse() : big;
};
const segment = (marker, body) => [0xff, marker, ...u16(body.length + 2), ...body];

/** An APP1 EXIF block whose IFD0 holds `tags` ([tag, SHORT value]), little- or big-endian. */
function exif(tags, little) {
  const ifd = [...u16(tags.length, little)];
  for (const [tag, value] of tags) ifd.push(...u16(tag, little), ...u16(3, little), ...u32(1, little), ...u16(value, little), 0, 0);
  const tiff = [...(little ? [0x49, 0x49] : [0x4d, 0x4d]), ...u16(42, little), ...u32(8, little), ...ifd, ...u32(0, little)];
  return segment(0xe1, [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff));
}

const sof = (marker, width, height) => segment(marker, [8, ...u16(height), ...u16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
const jfif = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const sos = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0];
const jpeg = (...parts) => new Uint8Array([0xff, 0xd8, ...parts.flat(), ...sos, 0x12, 0x34, 0xff, 0xd9]);

test('a camera JPEG: its size as stored and its EXIF orientation, either byte order', () => {
  const tags = [[0x010f, 7], [0x0112, 6], [0x011a, 72]];
  assert.deepEqual(jpegHeader(jpeg(exif(tags, true), sof(0xc0, 4000, 3000))), { width: 4000, height: 3000, orientation: 6 });
  assert.deepEqual(jpegHeader(jpeg(exif(tags, false), sof(0xc0, 4000, 3000))), { width: 4000, height: 3000, orientation: 6 });
});

test('no EXIF, or EXIF without an orientation: upright (1)', () => {
  assert.deepEqual(jpegHeader(jpeg(jfif, sof(0xc0, 640, 480))), { width: 640, height: 480, orientation: 1 });
  assert.deepEqual(jpegHeader(jpeg(exif([[0x010f, 7]], true), sof(0xc0, 640, 480))), { width: 640, height: 480, orientation: 1 });
  assert.equal(jpegHeader(jpeg(exif([[0x0112, 9]], true), sof(0xc0, 640, 480))).orientation, 1, 'out of range');
});

test('the frame header after other segments (DHT is not one) and fill bytes; progressive too', () => {
  const dht = segment(0xc4, [0, ...new Array(16).fill(0)]);
  assert.deepEqual(jpegHeader(jpeg(jfif, dht, [0xff, 0xff], sof(0xc2, 3024, 4032))), { width: 3024, height: 4032, orientation: 1 });
  assert.deepEqual(jpegHeader(jpeg(exif([[0x0112, 8]], false), sof(0xc1, 100, 50))), { width: 100, height: 50, orientation: 8 });
});

test('not a JPEG, or its frame header beyond the bytes read: null (the whole decode does it)', () => {
  assert.equal(jpegHeader(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), null);
  assert.equal(jpegHeader(new Uint8Array([])), null);
  const whole = jpeg(exif([[0x0112, 6]], true), sof(0xc0, 4000, 3000));
  assert.equal(jpegHeader(whole.subarray(0, whole.length - sos.length - 4 - 13)), null, 'cut inside the frame header');
  assert.equal(jpegHeader(jpeg(jfif)), null, 'scan before any frame header');
  assert.equal(jpegHeader(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00])), null, 'no marker where one must be');
});

test('a cut EXIF block is read no further than its bytes', () => {
  const block = exif([[0x010f, 7], [0x0112, 3]], true);
  const cut = [...block.slice(0, 4 + 6 + 8 + 2 + 6)]; // the IFD's entries cut short
  cut[2] = 0; cut[3] = cut.length - 2;
  assert.deepEqual(jpegHeader(jpeg(cut, sof(0xc0, 10, 20))), { width: 10, height: 20, orientation: 1 });
});
