import { z } from 'zod';
import { envelope, isoTimestamp, modelVersion } from './common.js';

const window = z.strictObject({
  start: isoTimestamp,
  end: isoTimestamp,
  count: z.number().int().nonnegative(),
});

/** `drift.detected.v1`: a recent window of captures differs from the reference window on one feature. */
export const driftDetectedV1 = z.strictObject({
  ...envelope(1),
  modelVersion,
  /** The quality feature or "score" whose distribution moved. */
  feature: z.string().regex(/^[a-z][A-Za-z0-9_]{0,63}$/),
  statistic: z.enum(['psi', 'ks', 'mean_shift']),
  value: z.number().finite(),
  threshold: z.number().finite(),
  severity: z.enum(['warning', 'alert']),
  window,
  reference: window,
});

export type DriftDetectedV1 = z.infer<typeof driftDetectedV1>;
