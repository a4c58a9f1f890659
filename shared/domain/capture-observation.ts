/**
 * What drift monitoring keeps of one capture (enrollment or login): its numeric quality features, the score of
 * the comparison when there was one, and the model version. Never an image or an embedding.
 */
export type ObservationKind = 'enroll' | 'verify' | 'identify';
export type ObservationOutcome = 'accepted' | 'rejected' | 'granted' | 'denied';

export interface CaptureObservation {
  /** The `capture.observed.v1` event id: a redelivered event is stored once. */
  id: string;
  tenantId: string;
  kind: ObservationKind;
  outcome: ObservationOutcome;
  modelVersion: string;
  /** Named numeric features (brightness, sharpness, faceSize, detectionScore, yaw, pitch, roll…). */
  features: Record<string, number>;
  score: number | null;
  livenessScore: number | null;
  /** When the capture was observed (the event's occurredAt), epoch milliseconds. */
  observedAt: number;
}
