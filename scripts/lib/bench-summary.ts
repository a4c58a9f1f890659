/** The readable table `bench` prints. */
import type { LatencyByStage } from '../../shared/eval/latency.js';
import type { ColdStart } from './cold-start.js';
import type { ReferenceFigures } from './face-api-side-by-side.js';
import { formatTable } from './format-table.js';

export interface BenchResult {
  schema: 'facegate-bench-v1';
  generated_at: string;
  environment: { node: string; platform: string; arch: string; cpus: number; cpu_model: string };
  backend: string;
  embedder: string;
  model_version: string;
  images: {
    source: string;
    count: number;
    items: { file: string; width: number; height: number; source?: string; face_fraction?: number }[];
  };
  warmup: number;
  iterations: number;
  min_face_fraction: number | null;
  stages_ms: LatencyByStage;
  faces_per_second: number;
  no_face_iterations: number;
  memory_mb: {
    rss: number;
    heap_used: number;
    heap_total: number;
    external: number;
    array_buffers: number;
    max_rss: number;
  };
  tensors: { before: number; after: number };
  load_ms: { backend: number; models: number };
  cold_start: ColdStart;
  /** `@vladmandic/face-api`'s own pipeline on the same photos in the same run (null with --no-reference). */
  reference_face_api?: ReferenceFigures | null;
}

const ms = (x: number | null): string => (x == null ? '–' : x.toFixed(1));
const mb = (x: number): string => `${x.toFixed(0)} MB`;

export function benchSummary(b: BenchResult): string {
  const c = b.cold_start;
  return [
    `${b.model_version} on ${b.backend}, ${b.environment.cpus} x ${b.environment.cpu_model}, Node ${b.environment.node}`,
    `${b.images.count} image(s) from ${b.images.source}; ${b.warmup} warm-up + ${b.iterations} timed analyses`,
    '',
    formatTable(
      ['stage (ms)', 'p50', 'p95', 'mean'],
      Object.entries(b.stages_ms).map(([stage, s]) => [stage, ms(s.p50), ms(s.p95), ms(s.mean)]),
    ),
    '',
    formatTable(
      ['figure', 'value'],
      [
        ['faces per second (sequential)', b.faces_per_second.toFixed(2)],
        ['analyses with no face found', String(b.no_face_iterations)],
        ['resident memory (RSS)', mb(b.memory_mb.rss)],
        ['peak RSS', mb(b.memory_mb.max_rss)],
        ['JS heap used / total', `${mb(b.memory_mb.heap_used)} / ${mb(b.memory_mb.heap_total)}`],
        ['tensors before / after timed run', `${b.tensors.before} / ${b.tensors.after}`],
        ['cold start: backend + models + first inference', `${ms(c.cold_start_ms)} ms`],
        [
          '  backend init / model load / first inference',
          `${ms(c.backend_ms)} / ${ms(c.models_ms)} / ${ms(c.first_inference_ms)} ms`,
        ],
        ['  + Node/tsx boot and module import', `${ms(c.startup_ms)} + ${ms(c.import_ms)} ms`],
        ['  process start to first result', `${ms(c.process_to_first_result_ms)} ms`],
      ],
    ),
  ].join('\n');
}
