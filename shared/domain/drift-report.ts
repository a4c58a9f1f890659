/**
 * One run of the drift check: a recent window of captures compared with a reference window, feature by feature.
 */

/** `stable`: nothing moved; `drift`: at least one feature moved past its threshold; `insufficient`: a window
 * had fewer captures than the configured minimum, so nothing was judged. */
export type DriftStatus = 'stable' | 'drift' | 'insufficient';
export type DriftSeverity = 'warning' | 'alert';

export interface DriftWindow {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
  count: number;
}

/** The statistics of one feature (a quality feature, `genuineScore` or `templateCentroid`). */
export interface FeatureDrift {
  feature: string;
  referenceCount: number;
  recentCount: number;
  /** Population stability index over reference-decile bins; absent for the centroid. */
  psi?: number;
  /** Two-sample Kolmogorov–Smirnov statistic D and its asymptotic p-value. */
  ks?: number;
  ksPValue?: number;
  /** Recent mean − reference mean (for `templateCentroid`: the standardised distance between centroids). */
  meanShift?: number;
  referenceMean?: number;
  recentMean?: number;
  moved: boolean;
  severity?: DriftSeverity;
  /** Which statistic crossed its threshold first (psi, ks or mean_shift), its value and the threshold. */
  trigger?: { statistic: 'psi' | 'ks' | 'mean_shift'; value: number; threshold: number };
}

export interface DriftReport {
  id: string;
  tenantId: string;
  modelVersion: string;
  status: DriftStatus;
  /** The worst severity among the features that moved. */
  severity: DriftSeverity | null;
  window: DriftWindow;
  reference: DriftWindow;
  /** Names of the features that moved. */
  moved: string[];
  features: FeatureDrift[];
  /** Epoch milliseconds. */
  createdAt: number;
}
