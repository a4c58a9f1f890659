/**
 * Reason codes in plain words: what went wrong and what to try. Covers every denial and rejection code of the
 * event contracts (the Record types below fail to compile if one is added there and not here) and the API's
 * HTTP error codes a person can meet.
 */
import type { AuthDenialReason } from '../../../shared/events/auth-attempted.js';
import type { EnrollmentRejectionReason } from '../../../shared/events/enrollment-rejected.js';

/** Where the message is shown: a few codes deserve different words in each flow. */
export type AdviceContext = 'enroll' | 'login' | 'kiosk';

export interface Advice {
  /** Short headline, e.g. "Move closer". */
  title: string;
  /** What to do about it, one or two sentences. */
  tip: string;
}

const a = (title: string, tip: string): Advice => ({ title, tip });

const CAPTURE: Record<EnrollmentRejectionReason & AuthDenialReason, Advice> = {
  not_an_image: a('That is not a photo we can read', 'Take a new photo, or choose a JPEG, PNG or WebP picture.'),
  unsupported_format: a('That picture format is not supported', 'Use a JPEG, PNG or WebP photo.'),
  truncated_image: a('The photo arrived incomplete', 'Please take it again.'),
  image_too_large: a('The photo is too large', 'Use a smaller photo, or take one with the camera here.'),
  image_too_small: a('The photo is too small', 'Use a larger photo, or move closer to the camera.'),
  no_face: a('We could not see a face', 'Look straight at the camera with your whole face inside the oval.'),
  multiple_faces: a('Only one face please', 'Make sure nobody else is in the picture, including photos behind you.'),
  face_too_small: a('Move closer', 'Your face should fill most of the oval.'),
  low_confidence: a(
    'Your face is not clear enough',
    'Face the camera in good light and uncover your face (hair, mask, hand).',
  ),
  too_dark: a('Too dark', 'Turn on a light or face a window, then try again.'),
  too_bright: a('Too bright', 'Move out of direct light, or away from a lamp shining into the camera.'),
  low_contrast: a('The picture is washed out', 'Avoid a bright window or light behind you and try again.'),
  blurred: a('The photo is blurred', 'Hold still while the photo is taken, and wipe the camera lens.'),
  pose_yaw: a('Face the camera', 'Turn your head so you look straight into the camera.'),
  pose_pitch: a('Keep your head level', 'Do not look up or down; the camera should be at eye height.'),
  pose_roll: a('Hold your head upright', 'Do not tilt your head to the side.'),
  spoof_suspected: a('This looked like a photo or a screen', 'Show your own face to the camera, not a picture of it.'),
  capture_tampered: a(
    'The picture had no colour',
    'Use your camera as it is, without black-and-white filters, and show your own face.',
  ),
  internal_error: a('Something went wrong on our side', 'Please try again in a moment.'),
};

const ENROLL_ONLY: Record<Exclude<EnrollmentRejectionReason, keyof typeof CAPTURE>, Advice> = {
  duplicate_face: a(
    'This face is already enrolled',
    'It belongs to another username of this organization. Log in with that account, or ask an operator.',
  ),
  upload_too_large: a(
    'The photo is too large to upload',
    'Take the photo with the camera here, or choose a smaller file.',
  ),
  unsupported_content_type: a('That file type cannot be used', 'Choose a JPEG, PNG or WebP photo.'),
  upload_missing: a('The photo did not arrive', 'Please take it again.'),
};

const AUTH_ONLY: Record<Exclude<AuthDenialReason, keyof typeof CAPTURE>, Advice> = {
  no_match: a('Your face did not match', 'Check the username, face the camera in good light, and try again.'),
  ambiguous_match: a('We could not tell who you are for sure', 'Log in with your username instead.'),
  unknown_user: a('No one is enrolled with that username', 'Check the spelling, or enroll first.'),
  not_enrolled: a('This account has no face enrolled yet', 'Finish enrollment first, then log in.'),
  locked_out: a('Too many failed attempts', 'Wait a few minutes before trying again.'),
  possession_required: a(
    'Log in from the device you enrolled on',
    'This organization also checks your device. Use the browser you enrolled with; if you no longer have it, ask an operator to reset your enrollment.',
  ),
  possession_invalid: a('Your device could not be confirmed', 'Please try again; if it keeps failing, enroll again.'),
  challenge_required: a('Follow the prompt', 'Turn your head when the page asks you to, then hold still.'),
  challenge_failed: a(
    'We did not see your head turn',
    'Look at the camera, then turn your head clearly the way the prompt says, and keep your face in view.',
  ),
  burst_required: a(
    'This page could not take the short series of photos',
    'Log in with the camera on this page (not a file), so it can take a few frames in a row.',
  ),
  burst_unusable: a('We lost your face for a moment', 'Keep your face in view, alone, until the photos are taken.'),
  replayed_frames: a('The photos were all the same picture', 'Use a live camera, not a photo or a recording.'),
  flat_presentation: a(
    'That looked like a photo or a screen',
    'Show your own face to the camera, not a picture of it.',
  ),
  light_challenge_failed: a(
    'We did not see the screen colours on your face',
    'Come closer to the screen, keep your face in view while it flashes, and avoid strong light behind or on you.',
  ),
};

/** What a client key is told for every denial that depends on the account (it never learns which). */
const PUBLIC_DENIALS: Record<string, Advice> = {
  not_verified: a(
    'We could not verify you',
    'Check the username and face the camera in good light. After several failed tries, wait a few minutes before trying again.',
  ),
};

/** Codes from the API's error envelope rather than from a decision. */
const HTTP_ERRORS: Record<string, Advice> = {
  unauthorized: a(
    'This site is not set up for FaceGate',
    'The site’s FaceGate key was not accepted. Tell the site’s administrator; there is nothing to enter here.',
  ),
  forbidden: a('This key may not do that', 'The console needs an operator key: sign in to the console again.'),
  origin_not_allowed: a(
    'This site may not use FaceGate',
    'Its key is bound to other web addresses. Tell the site’s administrator; there is nothing to enter here.',
  ),
  username_taken: a('That username is already enrolled', 'Pick another username, or log in with this one.'),
  enrollment_in_progress: a(
    'This username is being enrolled right now',
    'Finish that enrollment, or wait a few minutes and start again.',
  ),
  device_key_registered: a(
    'This account already has a device key',
    'Log in from the device you enrolled with, or ask your administrator to re-enroll you.',
  ),
  invalid_username: a('That username cannot be used', 'Use 1–128 visible characters without spaces.'),
  invalid_request: a('Some details are not valid', 'Check the highlighted fields and try again.'),
  payload_too_large: a('The photo is too large', 'Use a smaller photo, or take one with the camera here.'),
  upload_expired: a('The upload link expired', 'Please start again.'),
  precondition_failed: a('This upload link was used already', 'Each link takes one photo: please start again.'),
  network_error: a('The server could not be reached', 'Check your connection and try again.'),
  rate_limited: a('Too many attempts', 'Wait a moment before trying again.'),
  device_key_required: a(
    'This browser cannot make a device key',
    'This organization needs one: use a current browser over https, not a private window.',
  ),
  invalid_device_key: a('The device key was refused', 'Please reload the page and enroll again.'),
};

const KIOSK: Partial<Record<string, Advice>> = {
  no_match: a(
    'We do not recognise you',
    'If you are enrolled, step closer and face the camera; otherwise enroll first.',
  ),
  ambiguous_match: a('We could not tell who you are for sure', 'Use the log-in page with your username instead.'),
};

const TABLE: Record<string, Advice> = { ...CAPTURE, ...ENROLL_ONLY, ...AUTH_ONLY, ...PUBLIC_DENIALS, ...HTTP_ERRORS };

/** Plain-words advice for a reason or error code; unknown codes get a generic message that still names the code. */
export function adviceFor(code: string | undefined, context: AdviceContext): Advice {
  if (!code) return a('That did not work', 'Please try again.');
  const special = context === 'kiosk' ? KIOSK[code] : undefined;
  if (special) return special;
  if (code === 'not_found' && context === 'enroll') return a('This enrollment no longer exists', 'Please start again.');
  return Object.hasOwn(TABLE, code) ? TABLE[code]! : a('That did not work', `Please try again (reason: ${code}).`);
}

/** Every code with specific advice (for tests and documentation). */
export const ADVISED_CODES: readonly string[] = Object.keys(TABLE);
