/**
 * Kiosk (1:N identify), hands-free: the camera starts with the page, the in-browser detector watches, and a
 * frame goes to the service only while one good face is in front of it (at most two a second, one at a time).
 * Nobody there: the kiosk waits and sends nothing. The hint under the picture is the live guidance, so it always
 * describes the picture on screen; a welcome greets the person by their display name and stays until they step
 * away. Each identification fetches a challenge and, when the tenant's liveness policy asks for it, takes the burst
 * (flashing the light challenge's colours) before it sends (kiosk/kiosk-capture.ts). Without a camera (or without
 * the detector) a picked photo is identified once with the Identify button: no burst, so a tenant that requires one
 * denies it `burst_required`.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { waitAdvice } from '../advice/wait-advice.js';
import { ApiError } from '../api/api-error.js';
import { browserApi } from '../api/browser-api.js';
import type { IdentifyResult } from '../api/wire-types.js';
import type { Guidance, ObservedFace } from '../camera/guidance/capture-guidance.js';
import { loadFaceDetector } from '../camera/detector/face-detector.js';
import { LiveGuidance } from '../camera/live-guidance.js';
import { PhotoSource } from '../camera/photo-source.js';
import { HandsFree } from '../kiosk/hands-free.js';
import { captureForIdentify } from '../kiosk/kiosk-capture.js';
import { screenFlash } from '../liveness/burst-capture.js';
import { runIdentifyLoop } from '../kiosk/identify-loop.js';
import { h } from '../ui/dom.js';
import { formatMs, formatScore } from '../ui/format.js';
import { renderShell } from '../ui/page-shell.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';

/** At most two frames a second: real time for a person, gentle on a shared server. */
const FRAME_INTERVAL_MS = 500;
/** Denials in a row before "we do not recognise you" (about 3 s of trying). */
const MAX_DENIALS = 6;
/** Nobody seen for this long: ready for the next person. */
const GONE_MS = 1500;
/** Performance API mark when a welcome is on screen (tests read it). */
const IDENTIFIED_MARK = 'facegate:identified';

const main = renderShell('kiosk', 'Look at the camera');
main.classList.add('kiosk');
// The site's publishable key, bound to this origin: nobody at the kiosk sees or types a key.
const api = browserApi();

const status = new StatusLine();
const resultSlot = h('div', { class: 'result-slot' });
const photo = new PhotoSource({ label: 'Kiosk camera preview' });
const identifyButton = h('button', { type: 'button', hidden: true }, 'Identify');
main.append(photo.element, h('div', { role: 'group' }, identifyButton), status.element, resultSlot);

/** The light challenge's colour layer. */
const flash = screenFlash();
const kiosk = new HandsFree({ intervalMs: FRAME_INTERVAL_MS, maxDenials: MAX_DENIALS, goneMs: GONE_MS });
let shownPhase = '';
let scanStarted = 0;
let framesSent = 0;

identifyButton.addEventListener('click', () => void identifyPickedPhoto());

function onFrame(guidance: Guidance, face: ObservedFace | null): void {
  const action = kiosk.frame(face !== null, guidance.code === 'ok', performance.now());
  render();
  if (action.kind === 'identify') void identifyFrame();
}

/** The page follows the machine's phase; the caption under the picture is the live guidance itself. */
function render(): void {
  const phase = kiosk.phase;
  if (phase === shownPhase) return;
  shownPhase = phase;
  main.dataset.phase = phase;
  switch (phase) {
    case 'idle':
      photo.showOutcome(null);
      resultSlot.replaceChildren();
      status.show('Step in front of the camera.');
      framesSent = 0;
      return;
    case 'guiding':
      status.show('Almost: follow the hint under the picture.');
      return;
    case 'identifying':
      if (framesSent === 0) scanStarted = performance.now();
      status.show('Looking for you…', 'busy');
      return;
    case 'welcome':
    case 'unknown':
      return;
  }
}

/** Under the picture: the guidance while it has something to fix, else what the kiosk is doing. */
function kioskCaption(guidance: Guidance): string | null {
  if (kiosk.phase === 'welcome') return welcomeCaption;
  if (kiosk.phase === 'unknown') return 'Not recognised: step away to let the next person try';
  return guidance.code === 'ok' ? 'Hold still: looking for you…' : null;
}
let welcomeCaption = 'Welcome';

async function identifyFrame(): Promise<void> {
  framesSent += 1;
  let result: IdentifyResult;
  try {
    // The tenant's liveness policy applies to identify as to a login: a challenge, and the burst it asks for.
    const { image, factors } = await captureForIdentify({
      photo,
      createChallenge: () => api.createChallenge(),
      flash,
      hold: (message) => status.show(message, 'busy'),
    });
    kiosk.sent(performance.now());
    result = await api.identify(image, factors);
  } catch (error) {
    kiosk.failed();
    if (error instanceof ApiError) showFailure(error);
    return;
  }
  kiosk.answered(result.decision === 'granted');
  if (kiosk.phase === 'welcome') showWelcome(result, performance.now() - scanStarted, framesSent);
  else if (kiosk.phase === 'unknown') showUnknown(result);
}

function showWelcome(result: IdentifyResult, elapsedMs: number, frames: number): void {
  shownPhase = 'welcome';
  main.dataset.phase = 'welcome';
  const name = result.displayName ?? result.username ?? 'unknown';
  welcomeCaption = `Welcome, ${name}`;
  photo.showOutcome('success');
  status.show(`Identified: welcome, ${name}.`, 'success');
  showResult(
    resultSlot,
    resultCard(
      'granted',
      `Welcome, ${name}`,
      result.displayName && result.username ? h('p', { 'data-field': 'username' }, result.username) : null,
      h('p', { 'data-field': 'score' }, `Match score ${formatScore(result.score)}.`),
      h(
        'p',
        { class: 'timing' },
        `Identified in ${formatMs(elapsedMs)} after ${frames} frame${frames === 1 ? '' : 's'}.`,
      ),
    ),
  );
  performance.mark(IDENTIFIED_MARK);
}

function showUnknown(result: IdentifyResult): void {
  shownPhase = 'unknown';
  main.dataset.phase = 'unknown';
  const advice = adviceFor(result.reason ?? 'no_match', 'kiosk');
  photo.showOutcome('failure');
  status.show('No one identified.', 'error');
  showResult(resultSlot, adviceCard(advice, h('p', {}, 'Step away to let the next person try.')));
}

function showFailure(error: ApiError): void {
  const advice = waitAdvice(error.code, error.retryAfterSeconds, adviceFor(error.code, 'kiosk'));
  status.show(`${advice.title}. ${advice.tip}`, 'error');
}

/** Without a camera there is no stream to watch: one attempt with the picked photo. */
async function identifyPickedPhoto(): Promise<void> {
  if (!photo.ready) {
    status.show('Take or choose a photo first.', 'error');
    return;
  }
  status.show('Checking the photo…', 'busy');
  const outcome = await runIdentifyLoop({
    grabFrame: () => photo.takePhoto(),
    identify: (frame, signal) => api.identify(frame, {}, signal),
    intervalMs: 0,
    timeoutMs: 20_000,
    maxFrames: 1,
  });
  if (outcome.outcome === 'identified') showWelcome(outcome.result, outcome.elapsedMs, outcome.frames);
  else if (outcome.outcome === 'failed') showFailure(outcome.error);
  else showUnknown(('last' in outcome ? outcome.last : undefined) ?? { decision: 'denied', reason: 'no_face' });
}

async function start(): Promise<void> {
  // The detector loads while the camera starts, not after it.
  void loadFaceDetector().catch(() => undefined);
  const mode = await photo.start();
  if (mode === 'camera') {
    const guidance = new LiveGuidance({ photo, onGuidance: onFrame, caption: kioskCaption });
    if (await guidance.start()) {
      render();
      return;
    }
  }
  // No camera, or no detector: identify on request.
  identifyButton.hidden = false;
  status.show(
    mode === 'camera' ? 'Press Identify when you are in the oval.' : 'Take or choose a photo, then press Identify.',
  );
}

void start();
