/**
 * The embeddable widget as one ES module, web/dist/widget/facegate.js (served by `npm start` at
 * /widget/facegate.js), with the detector's files beside it in web/dist/widget/facegate-assets/.
 * Run from the repository root after the pages' build (which empties web/dist):
 * `vite build web --config web/vite.widget.config.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { SOURCE_CONDITION } from '../packages/source-condition.js';
import { detectorAssets } from './vite-detector-assets.js';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  plugins: [detectorAssets('')],
  // @facegate/client from its source (packages/source-condition.ts).
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  build: {
    outDir: path.join(root, 'dist', 'widget'),
    emptyOutDir: true,
    target: 'es2022',
    // Library builds are not minified by default; this file is what integrators' users download.
    minify: true,
    lib: {
      entry: path.join(root, 'src/widget/facegate-widget.ts'),
      formats: ['es'],
      fileName: () => 'facegate.js',
    },
  },
});
