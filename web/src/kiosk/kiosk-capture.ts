/**
 * What the kiosk sends for one identification: the frame, and what the tenant's liveness policy asks of it. A
 * challenge is fetched while the frame is taken (no round trip of its own); when it asks for a burst or the light
 * challenge, the burst is taken right after the frame with `burstIfWanted`, the same step as the login widget. The
 * head turn is not asked of a hands-free kiosk: such a tenant answers `challenge_required` (see README, Kiosk).
 */
import type { Challenge } from '../api/wire-types.js';
import { burstIfWanted, type Flash, type FrameSource } from '../liveness/burst-capture.js';

export interface KioskCaptureSources {
  photo: FrameSource & { mode: string };
  createChallenge(): Promise<Challenge>;
  flash: Flash;
  /** Tells the person to hold still while the burst is taken. */
  hold(message: string): void;
}

export interface KioskCapture {
  image: Blob;
  factors: { challengeId?: string; burst?: Blob[] };
}

/** Takes the frame and, as the challenge asks, the burst; a challenge that could not be had leaves it out. */
export async function captureForIdentify(sources: KioskCaptureSources): Promise<KioskCapture> {
  const challenge = sources.createChallenge();
  challenge.catch(() => undefined);
  const image = await sources.photo.takePhoto();
  const burst = await burstIfWanted(sources.photo, challenge, sources.flash, sources.hold);
  const challengeId = (await challenge.catch(() => undefined))?.challengeId;
  return {
    image,
    factors: { ...(challengeId ? { challengeId } : {}), ...(burst.length > 0 ? { burst } : {}) },
  };
}
