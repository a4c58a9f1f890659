/**
 * The liveness burst the login page sends with its capture: a few frames over about a second, which the server
 * checks for a 3-D head, replays and the passive check on every frame. With the light challenge, the page fills the
 * screen with each colour of the challenge's sequence in turn and takes one frame under each; the server checks the
 * face's colour followed it (shared/face/burst/light-sequence.ts). The check itself is the server's: this only
 * takes the pictures.
 */
export type LightColour = 'red' | 'green' | 'blue';

/** Frames after the capture when there is no light challenge, and the time between them. */
export const BURST_FRAMES = 3;
export const BURST_INTERVAL_MS = 300;
/** How long a colour is shown before its frame: the camera's exposure needs a few of its frames to catch up. */
export const LIGHT_SETTLE_MS = 350;

const CSS: Record<LightColour, string> = { red: '#ff0000', green: '#00ff00', blue: '#0000ff' };

export interface FrameSource {
  takePhoto(): Promise<Blob>;
}

/** A full-window colour layer over the page (the face in front of the screen is lit by it). */
export interface Flash {
  show(colour: LightColour): void;
  hide(): void;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the burst: `BURST_FRAMES` frames, or one frame under each colour of `light` when given. */
export async function takeBurst(
  source: FrameSource,
  light: readonly LightColour[] | undefined,
  flash: Flash,
): Promise<Blob[]> {
  const frames: Blob[] = [];
  if (!light || light.length === 0) {
    for (let i = 0; i < BURST_FRAMES; i++) {
      await wait(BURST_INTERVAL_MS);
      frames.push(await source.takePhoto());
    }
    return frames;
  }
  try {
    for (const colour of light) {
      flash.show(colour);
      await wait(LIGHT_SETTLE_MS);
      frames.push(await source.takePhoto());
    }
  } finally {
    flash.hide();
  }
  return frames;
}

/** What a challenge asks of the burst (`burst: true`, and the light challenge's colours). */
export interface BurstRequest {
  burst?: boolean;
  light?: readonly LightColour[];
}

/**
 * The burst right after a login capture when the challenge asks for one: only from a live camera (a picked file has
 * no second frame), `[]` otherwise or when the challenge could not be had (verify then says what is missing).
 * `hold` tells the person to keep still first.
 */
export async function burstIfWanted(
  source: FrameSource & { mode: string },
  challenge: Promise<BurstRequest>,
  flash: Flash,
  hold: (message: string) => void,
): Promise<Blob[]> {
  if (source.mode !== 'camera') return [];
  const wanted = await challenge.catch(() => undefined);
  if (!wanted || !(wanted.burst || wanted.light)) return [];
  hold(wanted.light ? 'Hold still while the screen flashes…' : 'Hold still…');
  return takeBurst(source, wanted.light, flash);
}

/** The page's flash layer: a fixed element above everything, hidden from assistive technology. */
export function screenFlash(doc: Document = document): Flash {
  const layer = doc.createElement('div');
  layer.className = 'light-challenge-flash';
  layer.setAttribute('aria-hidden', 'true');
  Object.assign(layer.style, { position: 'fixed', inset: '0', zIndex: '1000', opacity: '0.85', display: 'none' });
  doc.body.append(layer);
  return {
    show(colour) {
      layer.style.background = CSS[colour];
      layer.style.display = 'block';
    },
    hide() {
      layer.style.display = 'none';
    },
  };
}
