/**
 * Chooses the two people of the browser scenarios from a dataset laid out as `<dir>/<Name>/<Name>_NNNN.jpg`:
 * person A with two usable photos that the engine matches (one to enroll, another to log in with), and person B
 * with two usable photos that do not match A (one to show as an impostor, one to enroll from a phone).
 * Identities are tried in name order, so the choice is the same on every run of the same dataset.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FaceEngine } from '../../shared/face/face-engine.js';
import type { FrameRefusal, WebcamFrame } from './webcam-frames.js';
import { isFrame, webcamFrame } from './webcam-frames.js';

export interface Person {
  /** Folder name, e.g. Angelina_Jolie. */
  name: string;
  /** Username used in the scenarios (lower case). */
  username: string;
  frames: [WebcamFrame, WebcamFrame];
}

export interface People {
  a: Person;
  b: Person;
  /** Similarities the choice rests on, for the log. */
  genuineScore: number;
  impostorScore: number;
  refused: FrameRefusal[];
}

export class NoSuitablePeopleError extends Error {
  override readonly name = 'NoSuitablePeopleError';
}

/** Photos tried per identity, and a safety margin around the threshold so the decision is not a coin toss. */
const PHOTOS_PER_PERSON = 4;
const MARGIN = 0.05;

export async function pickPeople(engine: FaceEngine, datasetDir: string, threshold: number): Promise<People> {
  const entries = await readdir(datasetDir, { withFileTypes: true }).catch(() => {
    throw new NoSuitablePeopleError(`dataset folder not found: ${datasetDir}`);
  });
  const identities = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const refused: FrameRefusal[] = [];
  const usable: { name: string; frames: WebcamFrame[] }[] = [];

  const framesOf = async (name: string): Promise<WebcamFrame[]> => {
    const dir = path.join(datasetDir, name);
    const photos = (await readdir(dir))
      .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
      .sort()
      .slice(0, PHOTOS_PER_PERSON);
    const frames: WebcamFrame[] = [];
    for (const photo of photos) {
      const frame = await webcamFrame(engine, path.join(dir, photo));
      if (isFrame(frame)) frames.push(frame);
      else refused.push(frame);
    }
    return frames;
  };

  let a: { name: string; frames: [WebcamFrame, WebcamFrame]; score: number } | undefined;
  for (const name of identities) {
    const frames = await framesOf(name);
    if (frames.length < 2) continue;
    usable.push({ name, frames });
    if (!a) {
      const pair = bestGenuinePair(engine, frames, threshold + MARGIN);
      if (pair) {
        a = { name, ...pair };
        continue;
      }
    }
    if (a) {
      const [enrolled, login] = a.frames;
      const score = Math.max(
        ...frames.flatMap((f) => [
          engine.similarity(f.embedding, enrolled.embedding),
          engine.similarity(f.embedding, login.embedding),
        ]),
      );
      if (score < threshold - MARGIN) {
        return {
          a: person(a.name, a.frames),
          b: person(name, [frames[0]!, frames[1]!]),
          genuineScore: a.score,
          impostorScore: score,
          refused,
        };
      }
    }
  }
  throw new NoSuitablePeopleError(
    `${datasetDir}: need two people with two single-face photos each (A matching itself above ${(threshold + MARGIN).toFixed(3)}, ` +
      `B below ${(threshold - MARGIN).toFixed(3)} against A); found ${usable.length} usable identities, ${refused.length} photos refused`,
  );
}

/** The two frames of one person that match best, if they clear `minScore`. */
function bestGenuinePair(engine: FaceEngine, frames: WebcamFrame[], minScore: number) {
  let best: { frames: [WebcamFrame, WebcamFrame]; score: number } | undefined;
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      const score = engine.similarity(frames[i]!.embedding, frames[j]!.embedding);
      if (score >= minScore && (!best || score > best.score)) best = { frames: [frames[i]!, frames[j]!], score };
    }
  }
  return best;
}

function person(name: string, frames: [WebcamFrame, WebcamFrame]): Person {
  return { name, username: name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_'), frames };
}
