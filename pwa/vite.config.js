import { readdirSync, readFileSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import subsetFont from 'subset-font';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const API = process.env.TIAOJIE_API ?? 'http://127.0.0.1:5000';
/** The version shown in settings and sent in the device health block. */
const APP_VERSION = `${pkg.version}+${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;

/**
 * Vant's icon font ships inline (woff2 as a data: URL) with a fallback on a public CDN: drop the
 * fallback, so the app never asks a third party for anything (offline, CSP font-src 'self' data:),
 * and keep only the glyphs the app can show (its own `icon="…"` and `van-icon-…` names, and those
 * Vant's components draw themselves): the whole font was 25 KB of the first visit's 150 KB budget.
 */
const VANT_OWN_ICONS = [
  'arrow', 'arrow-left', 'arrow-up', 'arrow-down', 'cross', 'clear', 'close', 'success', 'fail', 'passed',
  'search', 'checked', 'circle', 'add', 'add-o', 'plus', 'minus', 'edit', 'delete-o', 'photograph', 'photo',
  'photo-o', 'photo-fail', 'star', 'star-o', 'volume-o', 'back-top', 'description', 'warning-o', 'info-o',
  'question-o', 'more-o', 'replay',
];

function iconsUsedBy(dir) {
  const used = new Set();
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!/\.(vue|js)$/.test(file)) continue;
    const code = readFileSync(new URL(`${file}`, dir), 'utf8');
    for (const [, name] of code.matchAll(/(?:icon|left-icon|right-icon)="([a-z0-9-]+)"/g)) used.add(name);
    for (const [, name] of code.matchAll(/van-icon-([a-z0-9-]+)/g)) used.add(name);
    for (const [, name] of code.matchAll(/<van-icon[^>]*\sname="([a-z0-9-]+)"/g)) used.add(name);
  }
  return used;
}

async function subsetIconFont(css) {
  const keep = new Set([...VANT_OWN_ICONS, ...iconsUsedBy(new URL('./src/', import.meta.url))]);
  const glyphs = [];
  const rules = css.replace(/\.van-icon-([a-z0-9-]+):before\{content:"\\([0-9a-f]+)"\}/g, (rule, name, code) => {
    if (!keep.has(name)) return '';
    glyphs.push(String.fromCodePoint(parseInt(code, 16)));
    return rule;
  });
  const font = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/;
  const [, base64] = rules.match(font);
  const subset = await subsetFont(Buffer.from(base64, 'base64'), glyphs.join(''), { targetFormat: 'woff2' });
  return rules.replace(font, `url(data:font/woff2;charset=utf-8;base64,${subset.toString('base64')})`);
}

function vantIconFont() {
  return {
    name: 'tiaojie-vant-icon-font',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.includes('vant') || !id.endsWith('.css')) return null;
      const local = code.replace(/,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\("woff"\)/g, '');
      return local.includes('data:font/woff2') ? subsetIconFont(local) : local;
    },
  };
}

/** Code only the desk (supervisor/admin screens) uses: its chunks are named `desk-*`. */
const DESK_ONLY = ['/src/desk/', '/node_modules/echarts/', '/node_modules/zrender/', '/node_modules/tslib/'];

/**
 * Code used only online: sending attachment bytes (the queue, src/sync/uploads.js, and tus-js-client). Its
 * chunks are named `online-*` and left out of the precache: a phone that never uploads never downloads them.
 */
const ONLINE_ENTRIES = ['/src/sync/uploads.js', '/src/sync/uploader.js'];
const ONLINE_ONLY = [...ONLINE_ENTRIES, '/src/sync/upload-queue.js', '/node_modules/', '\0commonjsHelpers.js'];

/**
 * Code a phone needs offline but not on its first visit: the print screen and the photo worker. Their chunks are
 * named `later-*`, left out of the precache, fetched once a signed-in user opens a case (router.js; the case screen
 * starts the worker) and kept by the service worker (sw/caching.js), so the first visit stays within its budget.
 * Until the worker is kept, the page prepares photos itself (media/capture.js).
 */
const LATER_ENTRIES = ['/src/screens/PrintPapers.vue'];
const LATER_ONLY = [...LATER_ENTRIES, '/src/papers/'];

function chunkFileNames(chunk) {
  const only = (parts) => chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => parts.some((part) => id.includes(part)));
  if (only(DESK_ONLY)) return 'assets/desk-[name]-[hash].js';
  if (chunk.moduleIds.some((id) => LATER_ENTRIES.some((entry) => id.includes(entry))) && only(LATER_ONLY)) {
    return 'assets/later-[name]-[hash].js';
  }
  if (chunk.moduleIds.some((id) => ONLINE_ENTRIES.some((entry) => id.includes(entry))) && only(ONLINE_ONLY)) {
    return 'assets/online-[name]-[hash].js';
  }
  return 'assets/[name]-[hash].js';
}

/** CSS emitted for a chunk whose entry lies under src/desk/ is named `desk-*` too, so it stays out of the precache. */
function assetFileNames(asset) {
  const from = (part) => (asset.originalFileNames ?? []).some((name) => name.includes(part));
  const css = (asset.names ?? []).some((name) => name.endsWith('.css'));
  if (css && from('src/desk/')) return 'assets/desk-[name]-[hash][extname]';
  if (css && LATER_ENTRIES.some((entry) => from(entry.slice(1)))) return 'assets/later-[name]-[hash][extname]';
  return 'assets/[name]-[hash][extname]';
}

/**
 * Every hashed asset also written as .br and .gz beside it, at the strongest settings, once per build:
 * WhiteNoise (app/web.py) sends the smallest one the browser accepts, with no compression per request.
 */
const precompressed = compression({
  include: /assets\/.*\.(js|css|svg|json)$/,
  threshold: 512,
  algorithms: [
    defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
    defineAlgorithm('gzip', { level: 9 }),
  ],
  logLevel: 'silent',
});

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  plugins: [
    vantIconFont(),
    vue(),
    precompressed,
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.js',
      injectRegister: false, // src/sw-register.js registers it and offers updates
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      // Icons stay out of the precache (34 KB less on a first visit): the home-screen icons are fetched by the
      // browser when it installs the app, and the page's icon-192 (favicon, touch icon) is in the HTTP cache.
      includeAssets: [],
      includeManifestIcons: false,
      manifest: {
        name: '调解通 · 人民调解',
        short_name: '调解通',
        description: '网格调解员离线工作台：登记纠纷、记录走访，联网后自动同步。',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0f766e',
        background_color: '#f5f6f7',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        // phones never download the desk; `online-*` and `later-*` are fetched when needed (`later-*` kept for offline)
        globIgnores: ['assets/desk-*', 'assets/online-*', 'assets/later-*', 'icons/**'],
        rollupFormat: 'es',
      },
    }),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    minify: 'terser', // a little smaller than esbuild's after brotli: the first visit's budget is tight (docs/benchmarks.md)
    terserOptions: { compress: { passes: 2 } },
    rollupOptions: { output: { chunkFileNames, assetFileNames } },
  },
  worker: { format: 'es', rollupOptions: { output: { entryFileNames: 'assets/later-[name]-[hash].js' } } },
  server: { proxy: { '/api': API, '/healthz': API } },
  preview: { proxy: { '/api': API, '/healthz': API } },
});
