/**
 * The light challenge against screens and injected video: while the burst is taken, the page fills the screen with
 * a short sequence of colours drawn from the challenge's nonce, and the light the screen throws on the face must
 * change colour the same way, frame by frame. A replayed video or a still cannot know the sequence in advance; a
 * screen held up to the camera lights nothing that follows it.
 *
 * The sequence is derived from the nonce (sha256), so the server needs to store nothing beyond the challenge; the
 * nonce is only revealed with the challenge, as the sequence would be.
 */
import { createHash } from 'node:crypto';

export type LightColour = 'red' | 'green' | 'blue';

export const LIGHT_COLOURS: readonly LightColour[] = ['red', 'green', 'blue'];

/** Frames (and colours) in a light challenge: one colour per burst frame. */
export const LIGHT_SEQUENCE_LENGTH = 4;

/** The colour's share of each channel: where it pushes the face's chromaticity. */
const DIRECTION: Record<LightColour, readonly [number, number, number]> = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
};

/**
 * Cosine between the face's change of chromaticity and the sequence's, from which the face followed the light.
 * A face lit by the screen scores 0.8-1; an unrelated sequence scores around 0 (and a 1-in-6 chance of 0.5).
 */
export const MIN_LIGHT_CORRELATION = 0.7;
/** RMS change of chromaticity below which the face showed no response to speak of (a distant or dim screen). */
export const MIN_LIGHT_AMPLITUDE = 0.003;

/** The colours for `nonce`: consecutive colours always differ, so the face must change with every frame. */
export function lightSequence(nonce: string, length = LIGHT_SEQUENCE_LENGTH): LightColour[] {
  const bytes = createHash('sha256').update(`facegate-light-v1:${nonce}`).digest();
  const out: LightColour[] = [LIGHT_COLOURS[bytes[0]! % 3]!];
  for (let i = 1; i < length; i++) {
    const previous = LIGHT_COLOURS.indexOf(out[i - 1]!);
    out.push(LIGHT_COLOURS[(previous + 1 + (bytes[i]! % 2)) % 3]!);
  }
  return out;
}

export interface LightResponse {
  /** Cosine between observed and expected chromaticity changes (NaN when either is flat). */
  correlation: number;
  /** RMS of the observed change of chromaticity over the frames. */
  amplitude: number;
  followed: boolean;
}

/** Centres each column of a frames x 3 table on its mean. */
function centred(rows: readonly (readonly number[])[]): number[][] {
  const mean = [0, 1, 2].map((c) => rows.reduce((s, r) => s + r[c]!, 0) / rows.length);
  return rows.map((r) => r.map((v, c) => v - mean[c]!));
}

/**
 * Did the mean face colours (linear RGB, one per burst frame, in the order the colours were shown) follow the
 * sequence? Chromaticity (each channel over the sum) takes out the overall brightness, which auto-exposure moves.
 */
export function lightResponse(
  sequence: readonly LightColour[],
  faceColours: readonly (readonly [number, number, number])[],
): LightResponse {
  if (faceColours.length !== sequence.length || sequence.length < 2)
    return { correlation: NaN, amplitude: 0, followed: false };
  const chroma = faceColours.map((rgb) => {
    const sum = rgb[0] + rgb[1] + rgb[2];
    return sum > 0 ? rgb.map((v) => v / sum) : [1 / 3, 1 / 3, 1 / 3];
  });
  const observed = centred(chroma).flat();
  const expected = centred(sequence.map((c) => [...DIRECTION[c]])).flat();
  const dot = observed.reduce((s, v, i) => s + v * expected[i]!, 0);
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const correlation = norm(observed) > 0 && norm(expected) > 0 ? dot / (norm(observed) * norm(expected)) : NaN;
  const amplitude = norm(observed) / Math.sqrt(faceColours.length);
  return {
    correlation,
    amplitude,
    followed: correlation >= MIN_LIGHT_CORRELATION && amplitude >= MIN_LIGHT_AMPLITUDE,
  };
}
