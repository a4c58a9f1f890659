/**
 * Command-line options that several tools share, so each is declared and range-checked in one place: the datasets,
 * the target FAR and the smallest face the engine should look for.
 */
import { numberOption } from '../../../scripts/lib/cli.js';

/** The parseArgs options every dataset-evaluating command takes (`npm run eval`, `npm run calibrate`). */
export const EVALUATION_OPTIONS = {
  dataset: { type: 'string', multiple: true },
  far: { type: 'string' },
  embedder: { type: 'string' },
  'min-face': { type: 'string' },
  manifest: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--far`: the target false accept rate, strictly between 0 and 1; 1e-3 when absent. */
export function targetFarOption(raw: string | undefined): number {
  return numberOption('far', raw, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }) ?? 1e-3;
}

/** `--min-face`: the smallest face fraction passed to the engine, in (0, 1]; undefined leaves the engine's own. */
export function minFaceOption(raw: string | undefined): number | undefined {
  return numberOption('min-face', raw, { min: 0, max: 1, exclusiveMin: true });
}
