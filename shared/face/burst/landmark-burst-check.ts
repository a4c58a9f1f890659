/**
 * The BurstLiveness adapter on face landmarks: each burst frame is analysed by the tenant's engine (detection,
 * landmarks, passive PAD, embedding), must show the capture's person, and the five landmarks of the capture and
 * the frames go to the planar-motion judgement. Face colours are read with sharp only when the light challenge
 * asks for them.
 */
import type { BurstEvidence, BurstExamination, BurstLiveness } from '../../ports/burst-liveness.js';
import type { Landmarks5 } from '../types.js';
import { meanFaceColour, type Rgb } from './face-colour.js';
import { judgeMotion } from './planar-motion.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export class LandmarkBurstCheck implements BurstLiveness {
  constructor(private readonly faceColour = meanFaceColour) {}

  async examine(input: BurstExamination): Promise<BurstEvidence> {
    const { engine, threshold, capture, frames } = input;
    const reference = capture.analysis.primary;
    // The frames go to the engine together: a pooled engine spreads them over its workers.
    const analyses = await Promise.all(frames.map((bytes) => engine.analyze(bytes)));
    const landmarks: Landmarks5[] = reference ? [reference.detection.landmarks] : [];
    const passiveScores: number[] = [];
    let padThreshold: number | undefined;
    let unusable = reference?.embedding ? 0 : frames.length;
    for (const analysis of analyses) {
      const face = analysis.primary;
      const samePerson =
        face?.embedding && reference?.embedding && engine.similarity(face.embedding, reference.embedding) >= threshold;
      if (!face || !samePerson) {
        unusable++;
        continue;
      }
      landmarks.push(face.detection.landmarks);
      if (face.liveness) {
        passiveScores.push(face.liveness.score);
        padThreshold = face.liveness.threshold;
      }
    }
    const evidence: BurstEvidence = { frames: frames.length, unusable, passiveScores };
    if (unusable > 0) return evidence;
    evidence.motion = judgeMotion(landmarks);
    if (padThreshold !== undefined) evidence.passiveLive = median(passiveScores) >= padThreshold;
    if (input.colours) {
      const colours = await Promise.all(
        frames.map((bytes, i) => this.faceColour(bytes, analyses[i]!.primary!.detection.box)),
      );
      if (colours.every((c): c is Rgb => c !== null)) evidence.faceColours = colours;
    }
    return evidence;
  }
}
