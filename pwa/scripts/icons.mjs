/**
 * Draw the app icons (a white balance scale on teal) as PNGs with no dependencies:
 * node scripts/icons.mjs → public/icons/icon-192.png, icon-512.png, icon-maskable-512.png.
 * Deterministic, so the committed files only change when this script does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];

/** Coverage (0..1) of the glyph at (x, y) in a 0..1 square. */
function glyph(x, y) {
  const inside = (dist) => Math.max(0, Math.min(1, 0.5 - dist * 180));
  const rect = (x0, y0, x1, y1) => {
    const dx = Math.max(x0 - x, 0, x - x1);
    const dy = Math.max(y0 - y, 0, y - y1);
    return Math.hypot(dx, dy) - (dx === 0 && dy === 0 ? Math.min(x - x0, x1 - x, y - y0, y1 - y) : 0);
  };
  const pan = (cx) => {
    // a bowl: the lower half of a ring segment, filled
    const r = Math.hypot(x - cx, y - 0.56);
    return y < 0.56 ? Math.max(0.56 - y, r - 0.13) : r - 0.13;
  };
  const line = (ax, ay, bx, by, w) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - w;
  };
  const parts = [
    rect(0.475, 0.24, 0.525, 0.76), // pillar
    rect(0.22, 0.29, 0.78, 0.33), // beam
    rect(0.34, 0.74, 0.66, 0.79), // base
    Math.hypot(x - 0.5, y - 0.22) - 0.045, // knob
    line(0.24, 0.33, 0.17, 0.56, 0.008), line(0.24, 0.33, 0.31, 0.56, 0.008),
    line(0.76, 0.33, 0.69, 0.56, 0.008), line(0.76, 0.33, 0.83, 0.56, 0.008),
    pan(0.24), pan(0.76),
  ];
  return inside(Math.min(...parts));
}

function draw(size, { maskable }) {
  const rows = [];
  const radius = maskable ? 0 : 0.18;
  const scale = maskable ? 0.72 : 0.9; // maskable icons keep the glyph in the safe zone
  for (let py = 0; py < size; py += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px += 1) {
      let cover = 0;
      let bg = 0;
      for (const [sx, sy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        const u = (px + sx) / size;
        const v = (py + sy) / size;
        const cx = Math.max(radius - u, 0, u - (1 - radius));
        const cy = Math.max(radius - v, 0, v - (1 - radius));
        const inBg = radius === 0 || Math.hypot(cx, cy) <= radius;
        bg += inBg ? 0.25 : 0;
        if (inBg) cover += 0.25 * glyph(0.5 + (u - 0.5) / scale, 0.5 + (v - 0.5) / scale);
      }
      const color = TEAL.map((c, i) => Math.round(c + (WHITE[i] - c) * (bg ? cover / bg : 0)));
      row.set([...color, Math.round(255 * bg)], 1 + px * 4);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

function png(size, raw) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), draw(192, { maskable: false }));
writeFileSync(new URL('icon-512.png', out), draw(512, { maskable: false }));
writeFileSync(new URL('icon-maskable-512.png', out), draw(512, { maskable: true }));
console.log('icons written to public/icons/');
