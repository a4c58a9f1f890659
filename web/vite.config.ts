/**
 * Vite build of the web client: one HTML entry per page (so every page also works from a plain static host
 * without a single-page-app fallback), output to web/dist, which `npm start` serves at `/`.
 * Run from the repository root as `vite build web`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { SOURCE_CONDITION } from '../packages/source-condition.js';
import { detectorAssets } from './vite-detector-assets.js';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The pages; each folder holds an index.html whose script is src/pages/<name>-page.ts. */
const PAGES = ['enroll', 'login', 'kiosk', 'console', 'oidc'] as const;

export default defineConfig({
  root,
  base: '/',
  // The pages' chunks go to assets/; the detector's model and wasm files next to them.
  plugins: [detectorAssets('assets/')],
  // @facegate/client from its source (packages/source-condition.ts).
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // The camera, upload and chart code targets browsers with getUserMedia and ES modules anyway.
    target: 'es2022',
    // The login, enroll and kiosk pages share one chunk with tfjs (the in-browser face detector), about 500 kB.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      input: {
        home: path.join(root, 'index.html'),
        ...Object.fromEntries(PAGES.map((page) => [page, path.join(root, page, 'index.html')])),
      },
    },
  },
  server: {
    // `vite web` during development: the API and signed uploads come from `npm start` on :8080.
    proxy: {
      '/v1': 'http://localhost:8080',
      '/_local': 'http://localhost:8080',
      '/.well-known': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
      '/web-config.json': 'http://localhost:8080',
      // Each tenant's OpenID Provider and its hosted login (shared/oidc/).
      '/t/': 'http://localhost:8080',
    },
  },
});
