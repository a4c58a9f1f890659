/**
 * The BurstLiveness port: evidence from a short burst of frames taken with a login capture, beyond what one
 * picture can show — does the face move like a 3-D head rather than a flat print or screen, are the frames not one
 * picture sent again, does the passive check agree on most frames, and (for the light challenge) what colour the
 * face was in each frame. The adapter (shared/face/burst/landmark-burst-check.ts) reads the five landmarks of the
 * tenant's own engine; the use case (app/use-cases/burst-evidence.ts) turns the evidence into a decision.
 */
import type { FaceAnalysis, FaceEngine } from '../face/face-engine.js';
import type { MotionMeasures } from '../face/burst/planar-motion.js';
import type { Rgb } from '../face/burst/face-colour.js';

export interface BurstExamination {
  /** The tenant's engine: frames are analysed and compared exactly as the capture was. */
  engine: FaceEngine;
  /** Same-person threshold of that engine. */
  threshold: number;
  /** The verified capture: bytes and its analysis (with its primary face and embedding). */
  capture: { bytes: Uint8Array; analysis: FaceAnalysis };
  frames: readonly Uint8Array[];
  /** Read each burst frame's face colour (for the light challenge). */
  colours: boolean;
}

export interface BurstEvidence {
  /** Burst frames examined (the capture not counted). */
  frames: number;
  /** Frames without exactly one usable face, or showing someone other than the capture's person. */
  unusable: number;
  /** Capture first, then each frame; set only when every frame was usable. */
  motion?: MotionMeasures;
  /** The passive PAD scores of the frames' faces (empty when the engine has no PAD model). */
  passiveScores: number[];
  /** Median passive score ≥ the PAD threshold; undefined when PAD did not run. */
  passiveLive?: boolean;
  /** One mean face colour per burst frame, in order (when asked and readable). */
  faceColours?: Rgb[];
}

export interface BurstLiveness {
  examine(input: BurstExamination): Promise<BurstEvidence>;
}
