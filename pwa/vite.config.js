import { readFileSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const API = process.env.TIAOJIE_API ?? 'http://127.0.0.1:5000';
/** The version shown in settings and sent in the device health block. */
const APP_VERSION = `${pkg.version}+${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;

/**
 * Vant's icon font ships inline (woff2 as a data: URL) with a fallback on a public CDN: drop the
 * fallback, so the app never asks a third party for anything (offline, CSP font-src 'self' data:).
 */
function noRemoteFonts() {
  return {
    name: 'tiaojie-no-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('vant') || !id.endsWith('.css')) return null;
      return code.replace(/,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\("woff"\)/g, '');
    },
  };
}

/** Code only the desk (supervisor/admin screens) uses: its chunks are named `desk-*`. */
const DESK_ONLY = ['/src/desk/', '/node_modules/echarts/', '/node_modules/zrender/', '/node_modules/tslib/'];

function chunkFileNames(chunk) {
  const deskOnly = chunk.moduleIds.length > 0
    && chunk.moduleIds.every((id) => DESK_ONLY.some((part) => id.includes(part)));
  return deskOnly ? 'assets/desk-[name]-[hash].js' : 'assets/[name]-[hash].js';
}

/** CSS emitted for a chunk whose entry lies under src/desk/ is named `desk-*` too, so it stays out of the precache. */
function assetFileNames(asset) {
  const fromDesk = (asset.originalFileNames ?? []).some((name) => name.includes('src/desk/'));
  const css = (asset.names ?? []).some((name) => name.endsWith('.css'));
  return fromDesk && css ? 'assets/desk-[name]-[hash][extname]' : 'assets/[name]-[hash][extname]';
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
    noRemoteFonts(),
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
        globIgnores: ['assets/desk-*', 'icons/**'], // phones never download the desk
        rollupFormat: 'es',
      },
    }),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    rollupOptions: { output: { chunkFileNames, assetFileNames } },
  },
  server: { proxy: { '/api': API, '/healthz': API } },
  preview: { proxy: { '/api': API, '/healthz': API } },
});
