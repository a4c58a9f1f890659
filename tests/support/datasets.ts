/**
 * The shared evaluation datasets (read-only, never copied into the repo): FACEGATE_DATASETS, default
 * ../shared/datasets beside the repository. Tests that need them fail with this message instead of skipping.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';

export function datasetDir(name: string): string {
  const root = path.resolve(REPO_ROOT, process.env['FACEGATE_DATASETS'] ?? '../shared/datasets');
  const dir = path.join(root, name);
  if (!existsSync(dir)) {
    throw new Error(
      `dataset "${name}" not found at ${dir}: set FACEGATE_DATASETS to the folder holding wild/, orl_faces/ and spoof/`,
    );
  }
  return dir;
}

/**
 * One live recording of the spoof set (NUAA subject 0003, glasses 01, position 00, session 01) in frame order:
 * `printed` is its first frame (taken while the webcam's white balance was still settling: much bluer than the
 * rest), the photo an attacker would print; `live` the five consecutive frames after it, a genuine burst.
 */
export function nuaaRecording(): { printed: Buffer; live: Buffer[] } {
  const dir = path.join(datasetDir('spoof'), 'live', 'nuaa_0003');
  const frameNumber = (name: string) => Number(/_(\d+)\.jpg$/.exec(name)?.[1]);
  const frames = readdirSync(dir)
    .filter((f) => f.startsWith('0003_01_00_01_'))
    .sort((a, b) => frameNumber(a) - frameNumber(b));
  const first = frames[0];
  if (!first || frames.length < 6) throw new Error(`expected at least 6 frames of recording 0003_01_00_01 in ${dir}`);
  return {
    printed: readFileSync(path.join(dir, first)),
    live: frames.slice(1, 6).map((f) => readFileSync(path.join(dir, f))),
  };
}
