/**
 * Where the detector's model and the tfjs wasm binaries are: a `facegate-assets/` folder next to the JavaScript
 * that loads them (the build copies them there, web/vite-detector-assets.ts), so the pages and the one-file
 * widget find them wherever they are hosted, and nothing comes from a CDN.
 */

/** Kept in a variable: a literal `new URL('…', import.meta.url)` would make Vite try to bundle the folder. */
const ASSET_FOLDER = 'facegate-assets/';

export function detectorAssetUrl(file: string): string {
  return new URL(ASSET_FOLDER + file, import.meta.url).href;
}
