import { z } from 'zod';
import { entityId, envelope, isoTimestamp, modelVersion } from './common.js';

const featureName = z.string().regex(/^[a-z][A-Za-z0-9_]{0,63}$/);

const window = z.strictObject({
  start: isoTimestamp,
  end: isoTimestamp,
  count: z.number().int().nonnegative(),
});

/**
 * `drift.detected.v1`: a recent window of captures differs from the reference window on one feature. One drift
 * check that finds several features moved publishes one event per feature, each naming all of them in `moved`.
 */
export const driftDetectedV1 = z.strictObject({
  ...envelope(1),
  modelVersion,
  /**
   * The quality feature or "score" whose distribution moved, or "threshold": the tenant's self-calibrated decision
   * threshold moved (statistic `tail_quantile`, `value` the new threshold, `threshold` the previous one; windows
   * count the gallery's users then and now).
   */
  feature: featureName,
  statistic: z.enum(['psi', 'ks', 'mean_shift', 'tail_quantile']),
  value: z.number().finite(),
  threshold: z.number().finite(),
  severity: z.enum(['warning', 'alert']),
  window,
  reference: window,
  /** The stored drift report (`GET /v1/drift`) this event comes from. */
  reportId: entityId.optional(),
  /** Every feature that moved in the same check. */
  moved: z.array(featureName).max(32).optional(),
});

export type DriftDetectedV1 = z.infer<typeof driftDetectedV1>;
