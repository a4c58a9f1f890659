import type { StageTimings } from '../face/types.js';
import type { LatencySummary } from '../arrays/percentile.js';
import { summariseLatency } from '../arrays/percentile.js';

export type LatencyByStage = Record<keyof StageTimings, LatencySummary>;

const STAGES: (keyof StageTimings)[] = ['decode', 'detect', 'align', 'pad', 'embed', 'total'];

/**
 * Per-stage p50/p95 of the engine's own timings. Decode, detect and total cover every image the engine finished;
 * align, pad and embed only the images where a face was embedded (a no-face image's 0 ms embed is not a latency).
 */
export function latencyByStage(
  outcomes: Iterable<{ timings?: StageTimings; embedding?: Float32Array }>,
): LatencyByStage {
  const all: StageTimings[] = [];
  const embedded: StageTimings[] = [];
  for (const o of outcomes) {
    if (!o.timings) continue;
    all.push(o.timings);
    if (o.embedding) embedded.push(o.timings);
  }
  const byStage = stageLatency(all);
  const embedOnly = stageLatency(embedded);
  return { ...byStage, align: embedOnly.align, pad: embedOnly.pad, embed: embedOnly.embed };
}

/** p50/p95/mean of each stage over a list of analyses' timings. */
export function stageLatency(timings: readonly StageTimings[]): LatencyByStage {
  const result = {} as LatencyByStage;
  for (const stage of STAGES) result[stage] = summariseLatency(timings.flatMap((t) => t[stage] ?? []));
  return result;
}
