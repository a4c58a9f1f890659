/**
 * `npm run eval:burst -- --dataset <spoof dir> [--wild <dir>]`: the multi-frame liveness check measured.
 *
 * 1. Real bursts: NUAA recordings cut into bursts of `--size` consecutive stored frames (the first is the capture).
 *    Live bursts are real heads holding fairly still; attack bursts are real prints moved, turned and bent. For
 *    each: the motion verdict, and the decision of the passive check on the capture alone vs fused with the burst
 *    (no planar/replayed verdict, median passive score of the burst frames live); attacks also with noise sigma 16
 *    on every frame, the perturbation that hurt the passive check most.
 * 2. Synthetic flat prints: photos of `--wild` (every `--every`-th) as exactly flat prints tilted in front of a
 *    pinhole camera (shared/face/burst/planar-warp.ts): how many bursts the geometry calls planar.
 * 3. Light challenge, synthetic reflection: each live burst's face lit by its own colour sequence (8% on the
 *    channel, fading to the face's edge), by a wrong sequence, or not at all; how many follow the sequence.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeImage } from '../../../shared/face/decode/decode-image.js';
import { findFaces } from '../../../shared/face/detect/find-faces.js';
import { Mtcnn } from '../../../shared/face/detect/mtcnn/mtcnn.js';
import { meanColourOf } from '../../../shared/face/burst/face-colour.js';
import { lightResponse, lightSequence, type LightColour } from '../../../shared/face/burst/light-sequence.js';
import { judgeMotion, type MotionVerdict } from '../../../shared/face/burst/planar-motion.js';
import { tiltedPrint } from '../../../shared/face/burst/planar-warp.js';
import { readModelManifest } from '../../../shared/face/models/model-manifest.js';
import { loadPadDetector } from '../../../shared/face/pad/load-pad-detector.js';
import { perturb } from '../../../shared/face/pad/perturbations.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../../shared/face/tfjs-face-engine.js';
import type { Box, Detection, Landmarks5, RgbImage } from '../../../shared/face/types.js';
import { initTf } from '../../../shared/face/runtime/tf.js';
import { InputError, numberOption, parseToolOptions, UsageError } from '../../../scripts/lib/cli.js';
import { runEvalCli } from '../src/eval-cli.js';
import { burstsOf } from '../src/burst-sequences.js';
import { DEFAULT_MANIFEST } from '../src/manifest-thresholds.js';
import { loadPadDataset } from '../src/pad-dataset.js';

const USAGE = `usage: npm run eval:burst -- --dataset <dir> [options]

  --dataset <dir>   live/ and attack/ webcam frames named ID_glasses_pos_session_picNo (NUAA)
  --wild <dir>      photos (any folders) to print flat and tilt (default: none)
  --size <n>        frames per burst, capture included (default 4)
  --every <n>       every n-th wild photo (default 3)`;

const TILTS: readonly [number, number][] = [
  [0, 0],
  [40, 0],
  [-40, 10],
  [15, 35],
];

interface Frame {
  image: RgbImage;
  face: Detection;
}

const pct = (n: number, d: number) => `${n}/${d} (${d ? ((100 * n) / d).toFixed(1) : '—'}%)`;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function lit(image: RgbImage, box: Box, colour: LightColour, strength: number): RgbImage {
  const data = new Uint8Array(image.data);
  const channel = { red: 0, green: 1, blue: 2 }[colour];
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(image.height, box.y + box.height); y++)
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(image.width, box.x + box.width); x++) {
      const r = Math.hypot((x - cx) / (box.width / 2), (y - cy) / (box.height / 2));
      if (r >= 1) continue;
      const i = (y * image.width + x) * 3 + channel;
      data[i] = Math.min(255, Math.round(data[i]! * (1 + strength * (1 - r * r))));
    }
  return { data, width: image.width, height: image.height };
}

async function listPhotos(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listPhotos(full)));
    else if (/\.(jpe?g|png)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

async function main(): Promise<void> {
  const values = parseToolOptions(USAGE, {
    dataset: { type: 'string' },
    wild: { type: 'string' },
    size: { type: 'string' },
    every: { type: 'string' },
  });
  if (!values) return;
  if (!values.dataset) throw new UsageError('--dataset is required');
  const size = numberOption('size', values.size, { min: 2, max: 6 }) ?? 4;
  const every = numberOption('every', values.every, { min: 1 }) ?? 3;
  await initTf();
  const manifest = readModelManifest(DEFAULT_MANIFEST);
  const mtcnn = await Mtcnn.load(manifest.detector.weights);
  const pad = await loadPadDetector(manifest, { modelsDir: dirname(DEFAULT_MANIFEST) });
  if (!pad) throw new InputError('no active PAD model in the manifest');
  const detect = async (image: RgbImage) => (await findFaces(mtcnn, image, DEFAULT_ENGINE_OPTIONS.find)).faces[0];

  const dataset = await loadPadDataset(values.dataset);
  const bursts = burstsOf(dataset.samples, size);
  if (bursts.length === 0) throw new InputError(`no frame sequences (ID_..._picNo names) in ${values.dataset}`);
  const started = performance.now();

  type Row = { live: boolean; verdict: MotionVerdict; passive: boolean; fused: boolean; light?: boolean[] };
  const rows: Row[] = [];
  const noised: Row[] = [];
  const judge = async (frames: Frame[]) => {
    const scores = await Promise.all(frames.map((f) => pad.assess(f.image, f.face)));
    const motion = judgeMotion(frames.map((f) => f.face.landmarks));
    const passive = scores[0]!.live;
    const burstLive = median(scores.slice(1).map((s) => (s.tampered ? 0 : s.score))) >= pad.threshold;
    const fused = passive && burstLive && motion.verdict !== 'planar' && motion.verdict !== 'replayed';
    return { verdict: motion.verdict, passive, fused };
  };
  for (const [n, burst] of bursts.entries()) {
    const frames: Frame[] = [];
    for (const sample of burst.samples) {
      const { image } = await decodeImage(
        await readFile(join(dataset.dir, sample.path)),
        DEFAULT_ENGINE_OPTIONS.decode,
      );
      const face = await detect(image);
      if (face) frames.push({ image, face });
    }
    if (frames.length < burst.samples.length) continue;
    const row: Row = { live: burst.live, ...(await judge(frames)) };
    if (burst.live) {
      const seq = lightSequence(`eval-${n}`, size - 1);
      const wrong = lightSequence(`eval-wrong-${n}`, size - 1);
      const colours = (shown: (LightColour | null)[]) =>
        frames
          .slice(1)
          .map((f, i) => meanColourOf(shown[i] ? lit(f.image, f.face.box, shown[i], 0.08) : f.image, f.face.box)!);
      row.light = [
        lightResponse(seq, colours(seq)).followed,
        lightResponse(seq, colours(wrong)).followed,
        lightResponse(seq, colours(seq.map(() => null))).followed,
      ];
    } else {
      const noisy = await Promise.all(
        frames.map(async (f, i) => ({
          image: await perturb(f.image, { kind: 'noise', sigma: 16 }, `${burst.recording}|${i}`),
          face: f.face,
        })),
      );
      noised.push({ live: false, ...(await judge(noisy)) });
    }
    rows.push(row);
  }

  const live = rows.filter((r) => r.live);
  const attack = rows.filter((r) => !r.live);
  const verdicts = (rs: Row[]) =>
    (['depth', 'still', 'planar', 'replayed'] as const)
      .map((v) => `${v} ${rs.filter((r) => r.verdict === v).length}`)
      .join(', ');
  console.log(
    `\neval:burst — ${dataset.name}, bursts of ${size} frames (capture + ${size - 1}), PAD ${pad.modelVersion} at ${pad.threshold}`,
  );
  console.log(`real live bursts:   ${live.length} (${verdicts(live)})`);
  console.log(`real print bursts:  ${attack.length} (${verdicts(attack)})`);
  console.log(
    `BPCER  passive capture only ${pct(live.filter((r) => !r.passive).length, live.length)}, fused with burst ${pct(live.filter((r) => !r.fused).length, live.length)}`,
  );
  console.log(
    `APCER  print, passive only ${pct(attack.filter((r) => r.passive).length, attack.length)}, fused ${pct(attack.filter((r) => r.fused).length, attack.length)}`,
  );
  console.log(
    `APCER  print + noise 16, passive only ${pct(noised.filter((r) => r.passive).length, noised.length)}, fused ${pct(noised.filter((r) => r.fused).length, noised.length)}`,
  );
  console.log(
    `flat_presentation on live ${pct(live.filter((r) => r.verdict === 'planar').length, live.length)}, on prints ${pct(attack.filter((r) => r.verdict === 'planar').length, attack.length)}`,
  );
  const withLight = live.filter((r) => r.light);
  console.log(
    `light (synthetic reflection on real live bursts): followed when lit by its sequence ${pct(withLight.filter((r) => r.light![0]).length, withLight.length)}, ` +
      `by a wrong sequence ${pct(withLight.filter((r) => r.light![1]).length, withLight.length)}, unlit ${pct(withLight.filter((r) => r.light![2]).length, withLight.length)}`,
  );

  if (values.wild) {
    const photos = (await listPhotos(values.wild)).filter((_, i) => i % every === 0);
    const synthetic: MotionVerdict[] = [];
    for (const file of photos) {
      const { image } = await decodeImage(await readFile(file), { ...DEFAULT_ENGINE_OPTIONS.decode, maxSide: 640 });
      const frames: Landmarks5[] = [];
      for (const [yaw, pitch] of TILTS) {
        const face = await detect(tiltedPrint(image, yaw, pitch));
        if (face) frames.push(face.landmarks);
      }
      if (frames.length === TILTS.length) synthetic.push(judgeMotion(frames).verdict);
    }
    const count = (v: MotionVerdict) => synthetic.filter((s) => s === v).length;
    console.log(
      `synthetic flat prints (${synthetic.length} wild photos, tilts ${TILTS.map((t) => t.join('/')).join(', ')}°): ` +
        `planar ${pct(count('planar'), synthetic.length)}, still ${count('still')}, depth ${count('depth')}`,
    );
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

runEvalCli(USAGE, main);
