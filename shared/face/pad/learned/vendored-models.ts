/**
 * Where `scripts/vendor-models.mjs` (postinstall) extracts the ONNX files of pinned npm tarballs, and their sha256.
 * A manifest names a vendored file as `vendor:<package@version>/<path>`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `FACEGATE_VENDOR_DIR` overrides it, e.g. in a deployed bundle. */
export function vendorDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['FACEGATE_VENDOR_DIR'] ?? join(ROOT, 'node_modules', '.facegate-vendor');
}

/** Resolve a `vendor:` reference to a file path; other references are paths relative to `baseDir`. */
export function resolveModelRef(ref: string, baseDir: string): string {
  return ref.startsWith('vendor:') ? join(vendorDir(), ref.slice('vendor:'.length)) : resolve(baseDir, ref);
}

export const FR_LIVENESS_REF = 'vendor:faceplugin-face-recognition-js@0.0.1/model/fr_liveness.onnx';
export const FR_LIVENESS_SHA256 = 'afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d';
