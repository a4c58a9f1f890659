/**
 * Opens the front camera, and when that is impossible says why in a form the page can act on: every failure
 * leads to the file-input fallback, with words that tell the person what happened.
 */

export type CameraProblem = 'insecure' | 'unsupported' | 'denied' | 'missing' | 'busy' | 'failed';

export type CameraResult = { ok: true; stream: MediaStream } | { ok: false; problem: CameraProblem; message: string };

/** What each problem means to the person in front of the screen. */
export const CAMERA_PROBLEM_MESSAGES: Record<CameraProblem, string> = {
  insecure: 'The camera only works on a secure (https) page.',
  unsupported: 'This browser cannot use a camera here.',
  denied: 'Camera access was refused.',
  missing: 'No camera was found.',
  busy: 'The camera is in use by another app.',
  failed: 'The camera could not be started.',
};

/** Front camera, no audio. 640x480 is plenty for a face and keeps uploads and detection fast. */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
};

export async function openCamera(
  mediaDevices: MediaDevices | undefined = navigator.mediaDevices,
  secure: boolean = window.isSecureContext,
): Promise<CameraResult> {
  if (!mediaDevices?.getUserMedia) {
    const problem: CameraProblem = secure ? 'unsupported' : 'insecure';
    return { ok: false, problem, message: CAMERA_PROBLEM_MESSAGES[problem] };
  }
  try {
    return { ok: true, stream: await mediaDevices.getUserMedia(CAMERA_CONSTRAINTS) };
  } catch (error) {
    const problem = classifyCameraError(error);
    return { ok: false, problem, message: CAMERA_PROBLEM_MESSAGES[problem] };
  }
}

/** Maps getUserMedia's DOMException names to problems. */
export function classifyCameraError(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}

/** Stops every track so the camera light goes off. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
