import type { StageTimings } from '../face/types.js';
import type { ImageOutcome } from './image-outcome.js';
import type { LatencySummary } from './percentile.js';
import { summariseLatency } from './percentile.js';

export type LatencyByStage = Record<keyof StageTimings, LatencySummary>;

const STAGES: (keyof StageTimings)[] = ['decode', 'detect', 'align', 'embed', 'total'];

/**
 * Per-stage p50/p95 of the engine's own timings. Decode, detect and total cover every image the engine finished;
 * align and embed only the images where a face was embedded (a no-face image's 0 ms embed is not a latency).
 */
export function latencyByStage(outcomes: Iterable<ImageOutcome>): LatencyByStage {
  const all: StageTimings[] = [];
  const embedded: StageTimings[] = [];
  for (const o of outcomes) {
    if (!o.timings) continue;
    all.push(o.timings);
    if (o.embedding) embedded.push(o.timings);
  }
  const result = {} as LatencyByStage;
  for (const stage of STAGES) {
    const sample = stage === 'align' || stage === 'embed' ? embedded : all;
    result[stage] = summariseLatency(sample.map((t) => t[stage]));
  }
  return result;
}
