/**
 * dvc.yaml and params.yaml checked against DVC 3's documented dvc.yaml schema (the keys of iterative/dvcyaml-schema;
 * DVC itself cannot be installed here) and against what the npm commands really write: every declared output,
 * metric and plot file is produced by its stage's command, and every plot's x/y fields exist in its records.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AnalyzeOptions, FaceAnalysis } from '../../../shared/face/face-engine.js';
import type { Detection } from '../../../shared/face/types.js';
import { datasetCard, writeDatasetCard } from './dataset-card.js';
import { runEvaluation, type EvaluatedEngine } from './evaluation-pipeline.js';
import { loadDataset } from './load-dataset.js';
import { silentProgress } from './progress.js';
import { REPO_ROOT } from '../../../scripts/lib/repo-paths.js';
import { writeEvaluationOutputs } from './write-evaluation-outputs.js';

const TOP_LEVEL_KEYS = ['vars', 'stages', 'plots', 'params', 'metrics', 'artifacts', 'datasets'];
const STAGE_KEYS = ['cmd', 'wdir', 'deps', 'params', 'outs', 'metrics', 'plots', 'frozen', 'always_changed', 'vars'];
const STAGE_META_KEYS = ['desc', 'meta'];
const OUT_FLAGS = ['cache', 'persist', 'remote', 'push', 'desc', 'type', 'labels', 'meta'];
const PLOT_FLAGS = [...OUT_FLAGS, 'x', 'y', 'x_label', 'y_label', 'title', 'header', 'template'];
const TOP_LEVEL_PLOT_KEYS = ['x', 'y', 'x_label', 'y_label', 'title', 'template'];
const TEMPLATES = [
  'simple',
  'linear',
  'scatter',
  'smooth',
  'confusion',
  'confusion_normalized',
  'bar_horizontal',
  'bar_horizontal_sorted',
];

type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
type Json = { [key: string]: YamlValue };
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Strict YAML 1.2 (the `yaml` package): duplicate keys and anything unparseable fail the test.
const read = (file: string) => parseYaml(readFileSync(join(REPO_ROOT, file), 'utf8')) as YamlValue;
const dvc = read('dvc.yaml');
const params = read('params.yaml');
const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Json }).scripts;

function asMap(v: unknown, what: string): Json {
  if (!isMap(v)) throw new Error(`${what} must be a mapping`);
  return v;
}
const stages = asMap(asMap(dvc, 'dvc.yaml')['stages'], 'stages');
const stage = (name: string) => asMap(stages[name], `stage ${name}`);

/** A deps/outs/metrics/plots entry: a path, or `{ path: flags }` with exactly one key. */
function entries(list: YamlValue | undefined): { path: string; flags: Json }[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error('expected a list');
  return list.map((item) => {
    if (typeof item === 'string') return { path: item, flags: {} };
    const keys = Object.keys(asMap(item, 'entry'));
    expect(keys).toHaveLength(1);
    const path = keys[0]!;
    return { path, flags: asMap((item as Json)[path], `flags of ${path}`) };
  });
}

/** The value of a dotted params.yaml key such as `evaluate.far`. */
function param(key: string): YamlValue | undefined {
  let node: YamlValue | undefined = params;
  for (const part of key.split('.')) node = isMap(node) ? node[part] : undefined;
  return node;
}

const interpolations = (text: string) => [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!.trim());
const outDirOf = (cmd: string) => /--out (\S+)/.exec(cmd)?.[1];
const declared = (name: string) => {
  const s = stage(name);
  return [...entries(s['outs']), ...entries(s['metrics']), ...entries(s['plots'])];
};

describe('dvc.yaml against the dvc.yaml schema', () => {
  it('uses only documented top-level, stage, output and plot keys, and built-in templates', () => {
    expect(Object.keys(asMap(dvc, 'dvc.yaml')).filter((k) => !TOP_LEVEL_KEYS.includes(k))).toEqual([]);
    for (const [name, value] of Object.entries(stages)) {
      const s = asMap(value, name);
      expect(typeof s['cmd'], name).toBe('string');
      expect(
        Object.keys(s).filter((k) => ![...STAGE_KEYS, ...STAGE_META_KEYS].includes(k)),
        name,
      ).toEqual([]);
      for (const key of ['deps', 'params']) {
        for (const item of (s[key] as YamlValue[] | undefined) ?? [])
          expect(typeof item, `${name}.${key}`).toBe('string');
      }
      for (const key of ['outs', 'metrics'])
        for (const { path, flags } of entries(s[key]))
          expect(
            Object.keys(flags).filter((f) => !OUT_FLAGS.includes(f)),
            path,
          ).toEqual([]);
      for (const { path, flags } of entries(s['plots'])) {
        expect(
          Object.keys(flags).filter((f) => !PLOT_FLAGS.includes(f)),
          path,
        ).toEqual([]);
        if (flags['template'] !== undefined) expect(TEMPLATES, path).toContain(flags['template']);
        // Stage-level x and y name one field each.
        for (const axis of ['x', 'y']) if (flags[axis] !== undefined) expect(typeof flags[axis], path).toBe('string');
      }
    }
    const topPlots = asMap(dvc, 'dvc.yaml')['plots'];
    expect(Array.isArray(topPlots)).toBe(true);
    for (const { path, flags } of entries(topPlots)) {
      expect(
        Object.keys(flags).filter((f) => !TOP_LEVEL_PLOT_KEYS.includes(f)),
        path,
      ).toEqual([]);
      expect(TEMPLATES, path).toContain(flags['template']);
    }
  });

  it('has the prepare, evaluate and calibrate stages, each one project npm command', () => {
    expect(Object.keys(stages)).toEqual(expect.arrayContaining(['prepare', 'evaluate', 'calibrate']));
    for (const name of Object.keys(stages)) {
      const cmd = stage(name)['cmd'] as string;
      const script = /^npm run (\S+) -- /.exec(cmd)?.[1];
      expect(script, cmd).toBeDefined();
      expect(Object.keys(scripts), cmd).toContain(script);
    }
  });

  it('takes every ${…} from params.yaml and lists it in the stage params, so a change reruns the stage', () => {
    for (const name of Object.keys(stages)) {
      const s = stage(name);
      const listed = (s['params'] as string[] | undefined) ?? [];
      for (const key of listed) expect(param(key), `${name}: ${key}`).not.toBeUndefined();
      const used = interpolations([s['cmd'] as string, ...((s['deps'] as string[] | undefined) ?? [])].join(' '));
      for (const key of used) {
        expect(param(key), `${name}: \${${key}}`).not.toBeUndefined();
        expect(listed, `${name}: \${${key}}`).toContain(key);
      }
    }
  });

  it('depends only on files that exist or that an earlier stage writes, and writes under its --out', () => {
    const written = new Set<string>();
    for (const name of Object.keys(stages)) {
      const s = stage(name);
      for (const dep of (s['deps'] as string[] | undefined) ?? []) {
        if (interpolations(dep).length > 0) continue; // the dataset folder: outside the repository
        expect(existsSync(join(REPO_ROOT, dep)) || written.has(dep), `${name} depends on ${dep}`).toBe(true);
      }
      const out = outDirOf(s['cmd'] as string);
      expect(out, name).toBeDefined();
      for (const { path } of declared(name)) {
        expect(path.startsWith(`${out}/`), `${name}: ${path} under ${out}`).toBe(true);
        written.add(path);
      }
    }
    const top = entries(asMap(dvc, 'dvc.yaml')['plots']);
    for (const { flags } of top)
      for (const file of Object.keys(asMap(flags['y'], 'y'))) expect(written).toContain(file);
  });
});

describe('the files the stage commands write', () => {
  const root = mkdtempSync(join(tmpdir(), 'facegate-dvc-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  /** Where each stage's `--out` directory lands in this test. */
  const outs = new Map<string, string>();

  beforeAll(async () => {
    const dir = join(root, 'tiny');
    const files: Record<string, string> = {
      'A/A_0001.jpg': 'face:1,0',
      'A/A_0002.jpg': 'face:0.9,0.1',
      'B/B_0001.jpg': 'face:0,1',
      'B/B_0002.jpg': 'face:0.2,0.8',
      'C/C_0001.jpg': 'face:0.7,0.7',
      'C/C_0002.jpg': 'face:0.6,0.8',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const pairs = ['1\t3', 'A\t1\t2', 'B\t1\t2', 'C\t1\t2', 'A\t1\tB\t1', 'A\t2\tC\t1', 'B\t2\tC\t2', ''];
    writeFileSync(join(dir, 'pairs.txt'), pairs.join('\n'));
    const dataset = await loadDataset(dir);

    for (const name of Object.keys(stages)) outs.set(name, join(root, outDirOf(stage(name)['cmd'] as string) ?? name));
    await writeDatasetCard(await datasetCard([dataset]), outs.get('prepare')!);
    const result = await runEvaluation([dataset], fakeSubject, { targetFar: 1e-3 }, silentProgress);
    await writeEvaluationOutputs(result, outs.get('evaluate')!);
    await writeEvaluationOutputs(result, outs.get('calibrate')!);
  });

  /** A declared path, relocated from the stage's --out to this test's directory. */
  const local = (name: string, path: string) =>
    join(outs.get(name)!, path.slice((outDirOf(stage(name)['cmd'] as string) ?? '').length + 1));

  it('produces every declared output, metric and plot file of every stage', () => {
    for (const name of Object.keys(stages))
      for (const { path } of declared(name)) expect(existsSync(local(name, path)), `${name}: ${path}`).toBe(true);
  });

  it('writes metrics DVC can show (numbers at the top level) and plot records with the declared fields', () => {
    for (const name of Object.keys(stages))
      for (const { path } of entries(stage(name)['metrics'])) {
        const metrics = JSON.parse(readFileSync(local(name, path), 'utf8')) as Record<string, unknown>;
        for (const key of ['auc', 'eer', 'tar_at_far_1e-3', 'far_at_threshold', 'frr_at_threshold'])
          expect(typeof metrics[key], `${path}: ${key}`).toBe('number');
      }
    const records = (name: string, path: string) =>
      JSON.parse(readFileSync(local(name, path), 'utf8')) as Record<string, unknown>[];
    for (const { path, flags } of entries(stage('evaluate')['plots'])) {
      const rows = records('evaluate', path);
      expect(rows.length, path).toBeGreaterThan(0);
      for (const axis of ['x', 'y']) expect(rows[0], path).toHaveProperty(flags[axis] as string);
    }
    for (const { flags } of entries(asMap(dvc, 'dvc.yaml')['plots'])) {
      for (const [file, fields] of Object.entries(asMap(flags['y'], 'y'))) {
        const rows = records('evaluate', file);
        expect(rows.length, file).toBeGreaterThan(0);
        for (const field of [flags['x'], ...(Array.isArray(fields) ? fields : [fields])])
          expect(rows[0], file).toHaveProperty(field as string);
      }
    }
  });

  it("writes the dataset fingerprint that evaluate's metrics carry", () => {
    const card = JSON.parse(readFileSync(join(outs.get('prepare')!, 'dataset.json'), 'utf8')) as Json;
    const metrics = JSON.parse(readFileSync(join(outs.get('evaluate')!, 'metrics.json'), 'utf8')) as Json;
    expect(card['fingerprint']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(card['fingerprint']).toBe(metrics['fingerprint']);
    expect(card['datasets']).toEqual([
      expect.objectContaining({ name: 'tiny', images: 6, pairs: 6, genuine_pairs: 3, impostor_pairs: 3, folds: 1 }),
    ]);
  });
});

const detection: Detection = {
  box: { x: 0, y: 0, width: 10, height: 10 },
  score: 0.99,
  landmarks: [
    { x: 3, y: 3 },
    { x: 7, y: 3 },
    { x: 5, y: 5 },
    { x: 3, y: 7 },
    { x: 7, y: 7 },
  ],
};

/** Reads a 2-d embedding out of the file text "face:x,y"; scores by dot product. */
const fakeEngine: EvaluatedEngine = {
  modelVersion: 'fake-v1',
  dims: 2,
  analyze(bytes: Uint8Array, _options?: AnalyzeOptions): Promise<FaceAnalysis> {
    const embedding = Float32Array.from(Buffer.from(bytes).toString('utf8').slice(5).split(',').map(Number));
    const quality = {
      faceCount: 1,
      faceSize: 10,
      interOcular: 4,
      detectionScore: 0.99,
      sharpness: 100,
      brightness: 128,
      contrast: 40,
      yaw: 0,
      pitch: 0,
      roll: 0,
      failures: [],
    };
    const timings = { decode: 1, detect: 10, align: 2, embed: 5, total: 18 };
    return Promise.resolve({
      width: 10,
      height: 10,
      faces: [detection],
      padded: false,
      primary: { detection, quality, embedding },
      timings,
    });
  },
  similarity: (a, b) => a[0]! * b[0]! + a[1]! * b[1]!,
};

const fakeSubject = {
  engine: fakeEngine,
  embedder: 'fake-v1',
  backend: 'none',
  loadTimings: { backendMs: 1, modelsMs: 1 },
};
