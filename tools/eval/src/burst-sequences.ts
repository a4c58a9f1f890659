/**
 * Real multi-frame bursts cut from a PAD dataset of webcam frame sequences. NUAA names its frames
 * `ID_glasses_pos_session_picNo.jpg`: frames of one subject, class, glasses, position and session are one webcam
 * recording, picNo its frame number. Sorted by picNo, each run of `size` consecutive stored frames is one burst
 * (NUAA stores every ~10th-40th frame here, so a burst spans about 1-3 s of the recording).
 */
import type { PadSample } from './pad-dataset.js';

export interface Burst {
  live: boolean;
  subject: string;
  /** The recording: `<live|attack>/<subject>/<ID_glasses_pos_session>`. */
  recording: string;
  samples: PadSample[];
}

const FRAME_NAME = /^(.*)_(\d+)\.(?:jpe?g|png|webp)$/i;

/** Non-overlapping bursts of `size` consecutive frames per recording; frames whose names carry no number are left out. */
export function burstsOf(samples: readonly PadSample[], size: number): Burst[] {
  const recordings = new Map<string, { live: boolean; subject: string; frames: { n: number; sample: PadSample }[] }>();
  for (const sample of samples) {
    const name = sample.path.split('/').pop() ?? '';
    const match = FRAME_NAME.exec(name);
    if (!match) continue;
    const key = `${sample.live ? 'live' : 'attack'}/${sample.subject}/${match[1]}`;
    const entry = recordings.get(key) ?? { live: sample.live, subject: sample.subject, frames: [] };
    entry.frames.push({ n: Number(match[2]), sample });
    recordings.set(key, entry);
  }
  const bursts: Burst[] = [];
  for (const [recording, entry] of [...recordings].sort(([a], [b]) => a.localeCompare(b))) {
    const frames = entry.frames.sort((a, b) => a.n - b.n).map((f) => f.sample);
    for (let start = 0; start + size <= frames.length; start += size)
      bursts.push({ live: entry.live, subject: entry.subject, recording, samples: frames.slice(start, start + size) });
  }
  return bursts;
}
