/**
 * The app shell's weight on a first visit, gzipped (benchmarks.md budget: ≤ 150 KB): index.html,
 * every JS and CSS file it loads, the manifest and the service worker. Run after `vite build`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url).pathname;
const BUDGET_KB = 150;

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css|webmanifest))"/g)].map((m) => m[1]);
const files = ['index.html', ...new Set(referenced), 'sw.js'];
for (const name of readdirSync(join(DIST, 'assets'))) {
  const path = `assets/${name}`;
  if (/\.(js|css|woff2?)$/.test(name) && !files.includes(path)) files.push(`${path} (lazy)`);
}
let total = 0;
console.log('file'.padEnd(44), 'bytes'.padStart(9), 'gzip'.padStart(9));
for (const entry of files) {
  const lazy = entry.endsWith(' (lazy)');
  const path = join(DIST, entry.replace(' (lazy)', ''));
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 }).length;
  if (!lazy) total += gz;
  console.log(entry.padEnd(44), String(statSync(path).size).padStart(9), String(gz).padStart(9));
}
const kb = total / 1024;
console.log(`first-visit app shell, gzip: ${kb.toFixed(1)} KB (budget ${BUDGET_KB} KB) ${kb <= BUDGET_KB ? 'OK' : 'OVER BUDGET'}`);
process.exitCode = kb <= BUDGET_KB ? 0 : 1;
