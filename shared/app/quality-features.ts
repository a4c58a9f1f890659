import type { QualityReport } from '../face/quality/quality-report.js';

/** The numeric features of a quality report, finite values only (pose can be NaN for degenerate landmarks). */
export function qualityFeatures(q: QualityReport): Record<string, number> {
  const out: Record<string, number> = {};
  const pick = {
    faceCount: q.faceCount,
    faceSize: q.faceSize,
    interOcular: q.interOcular,
    detectionScore: q.detectionScore,
    sharpness: q.sharpness,
    brightness: q.brightness,
    contrast: q.contrast,
    yaw: q.yaw,
    pitch: q.pitch,
    roll: q.roll,
  };
  for (const [k, v] of Object.entries(pick)) if (Number.isFinite(v)) out[k] = Math.round(v * 1000) / 1000;
  return out;
}
