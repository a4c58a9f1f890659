/** The drift check's schedule, windows, sample minimums and thresholds (FACEGATE_DRIFT_*; loadConfig's `drift`). */
export interface DriftPolicy {
  /** Local stack: how often `npm start` runs the check; 0 = never. In the cloud, Cloud Scheduler triggers it. */
  checkIntervalSeconds: number;
  /** Length of the recent window, ending now, in milliseconds. */
  recentWindowMs: number;
  /** Length of the reference window, ending where the recent one starts, in milliseconds. */
  referenceWindowMs: number;
  /** Fewer captures than this in either window: the check reports insufficient data and judges nothing. */
  minSamples: number;
  /** Fewer templates than this in either window: the centroid is not compared. */
  minTemplates: number;
  /** At most this many observations (or templates) are read per window. */
  maxSamples: number;
  /** PSI at or above which a feature has moved (warning), and a large move (alert). */
  psiWarning: number;
  psiAlert: number;
  /** KS: a feature has moved when p < ksAlpha and D ≥ ksMinStatistic (large samples make tiny shifts significant). */
  ksAlpha: number;
  ksMinStatistic: number;
  /** |mean genuine score shift| at or above which genuine scores have moved. */
  genuineScoreShift: number;
  /** Standardized centroid distance (≈1 under no drift) at or above which the template centroid has moved. */
  centroidShift: number;
}

/** The quality features compared, as named in capture.observed.v1 (shared/app/quality-features.ts). */
export const DRIFT_FEATURES = [
  'brightness',
  'sharpness',
  'faceSize',
  'detectionScore',
  'yaw',
  'pitch',
  'roll',
] as const;

/** Pseudo-features with their own statistics. */
export const GENUINE_SCORE = 'genuineScore';
export const TEMPLATE_CENTROID = 'templateCentroid';
