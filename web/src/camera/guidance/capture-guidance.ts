/**
 * What the person should do next, judged from one detector observation of the live video, before anything is
 * sent: one face only, enough light, close enough but not too close, centred in the oval, still. Pure: the
 * thresholds are fractions of the frame and luma levels, so they are tested without a camera.
 * The server's quality gate stays the authority; these limits sit inside it (a face this guidance accepts is
 * comfortably above the server's 60 px minimum at 640x480, and its brightness range is narrower).
 */

/** A face in frame fractions (0..1 of the video's width and height), with the mean luma (0..255) of its box. */
export interface ObservedFace {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  luma: number;
}

export interface FrameObservation {
  /** Best first. */
  faces: ObservedFace[];
  /** Mean luma of the whole frame, 0..255. */
  frameLuma: number;
}

export type GuidanceCode =
  | 'no_face'
  | 'multiple_faces'
  | 'too_dark'
  | 'too_bright'
  | 'move_closer'
  | 'move_back'
  | 'centre'
  | 'hold_still'
  | 'ok';

export interface Guidance {
  code: GuidanceCode;
  /** Short words for the caption on the video. */
  message: string;
}

export interface GuidanceLimits {
  /** Face box width as a fraction of the frame width. */
  minFaceWidth: number;
  maxFaceWidth: number;
  /** Largest distance of the face centre from the oval centre, as a fraction of the frame width / height. */
  maxOffCentreX: number;
  maxOffCentreY: number;
  /** Mean luma of the face box. */
  minLuma: number;
  maxLuma: number;
  /** A second face at least this fraction of the first one's width counts (smaller: far in the background). */
  secondFaceRatio: number;
  /** Movement between two observations, as a fraction of the face width, above which we ask to hold still. */
  maxMovement: number;
}

export const DEFAULT_GUIDANCE_LIMITS: Readonly<GuidanceLimits> = Object.freeze({
  minFaceWidth: 0.2,
  maxFaceWidth: 0.62,
  maxOffCentreX: 0.14,
  maxOffCentreY: 0.16,
  minLuma: 60,
  maxLuma: 200,
  secondFaceRatio: 0.5,
  maxMovement: 0.12,
});

/** The oval's centre in frame fractions (face-guide.ts draws it at 320,225 of 640x480). */
export const OVAL_CENTRE = { x: 0.5, y: 225 / 480 } as const;

export const GUIDANCE_WORDS: Record<GuidanceCode, string> = {
  no_face: 'Look at the camera with your face inside the oval',
  multiple_faces: 'Only one face, please',
  too_dark: 'More light, please: face a lamp or a window',
  too_bright: 'Too bright: move out of direct light',
  move_closer: 'Move closer',
  move_back: 'Move back a little',
  centre: 'Centre your face in the oval',
  hold_still: 'Hold still',
  ok: 'Hold still… taking the photo',
};

const say = (code: GuidanceCode): Guidance => ({ code, message: GUIDANCE_WORDS[code] });

/**
 * Guidance for `now`, given the previous observation's primary face (for movement). Checked in the order a
 * person can act on: who is in the picture, light, distance, position, stillness.
 */
export function assessFrame(
  now: FrameObservation,
  previous: ObservedFace | null,
  limits: GuidanceLimits = DEFAULT_GUIDANCE_LIMITS,
): Guidance {
  const [face, second] = now.faces;
  if (!face) return say(now.frameLuma < limits.minLuma * 0.75 ? 'too_dark' : 'no_face');
  if (second && second.width >= face.width * limits.secondFaceRatio) return say('multiple_faces');
  if (face.luma < limits.minLuma) return say('too_dark');
  if (face.luma > limits.maxLuma) return say('too_bright');
  if (face.width < limits.minFaceWidth) return say('move_closer');
  if (face.width > limits.maxFaceWidth) return say('move_back');
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  if (Math.abs(cx - OVAL_CENTRE.x) > limits.maxOffCentreX || Math.abs(cy - OVAL_CENTRE.y) > limits.maxOffCentreY)
    return say('centre');
  if (previous && movement(previous, face) > limits.maxMovement) return say('hold_still');
  return say('ok');
}

/** How far the face moved or changed size between two observations, relative to its width. */
export function movement(a: ObservedFace, b: ObservedFace): number {
  const dx = a.x + a.width / 2 - (b.x + b.width / 2);
  const dy = a.y + a.height / 2 - (b.y + b.height / 2);
  const size = Math.max(a.width, b.width, 1e-6);
  return Math.max(Math.hypot(dx, dy) / size, Math.abs(a.width - b.width) / size);
}
