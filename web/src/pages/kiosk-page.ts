/**
 * Kiosk (1:N identify): no username. The person looks at the camera; frames go to the service at a throttled
 * rate until they are identified or the attempt times out. Hints ("move closer") update live in between.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { browserApi } from '../api/browser-api.js';
import type { IdentifyResult } from '../api/wire-types.js';
import { PhotoSource } from '../camera/photo-source.js';
import type { IdentifyLoopOutcome } from '../kiosk/identify-loop.js';
import { runIdentifyLoop } from '../kiosk/identify-loop.js';
import { h } from '../ui/dom.js';
import { formatMs, formatScore } from '../ui/format.js';
import { renderShell } from '../ui/page-shell.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';

/** At most two frames a second: real time for a person, gentle on a shared server. */
const FRAME_INTERVAL_MS = 500;
const TIMEOUT_MS = 20_000;
/** After a welcome, the kiosk gets ready for the next person on its own. */
const RESET_AFTER_MS = 20_000;

const main = renderShell('kiosk', 'Look at the camera');
main.classList.add('kiosk');
const api = browserApi();

const status = new StatusLine();
const hint = h('p', { class: 'kiosk-hint', 'aria-live': 'polite' });
const resultSlot = h('div', { class: 'result-slot' });
const photo = new PhotoSource({
  label: 'Kiosk camera preview',
  onMode: (mode) => {
    start.hidden = mode === 'starting';
  },
});
const start = h('button', { type: 'button', hidden: true }, 'Start');
const stop = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop');
main.append(photo.element, h('div', { role: 'group' }, start, stop), status.element, hint, resultSlot);

let running: AbortController | null = null;
let resetTimer: ReturnType<typeof setTimeout> | undefined;

start.addEventListener('click', () => void identify());
stop.addEventListener('click', () => running?.abort());

async function identify(): Promise<void> {
  if (running) return;
  if (photo.mode === 'file' && !photo.ready) {
    status.show('Take or choose a photo first.', 'error');
    return;
  }
  clearTimeout(resetTimer);
  resultSlot.replaceChildren();
  hint.textContent = '';
  running = new AbortController();
  start.hidden = true;
  stop.hidden = photo.mode !== 'camera';
  const stage = photo.element.querySelector<HTMLElement>('.camera-stage');
  if (stage) stage.dataset.state = 'scanning';
  status.show(photo.mode === 'camera' ? 'Looking for you…' : 'Checking the photo…', 'busy');
  try {
    const outcome =
      photo.mode === 'camera'
        ? await runIdentifyLoop({
            grabFrame: () => photo.takePhoto(),
            identify: (frame, signal) => api.identify(frame, signal),
            intervalMs: FRAME_INTERVAL_MS,
            timeoutMs: TIMEOUT_MS,
            signal: running.signal,
            onAnswer: showHint,
          })
        : await identifyPickedPhoto();
    showOutcome(outcome);
  } finally {
    running = null;
    if (stage) stage.dataset.state = 'live';
    start.hidden = false;
    stop.hidden = true;
  }
}

/** Without a camera there is no stream to sample: one attempt with the picked photo. */
function identifyPickedPhoto(): Promise<IdentifyLoopOutcome> {
  return runIdentifyLoop({
    grabFrame: () => photo.takePhoto(),
    identify: (frame, signal) => api.identify(frame, signal),
    intervalMs: 0,
    timeoutMs: TIMEOUT_MS,
    maxFrames: 1,
    onAnswer: showHint,
  });
}

function showHint(result: IdentifyResult): void {
  if (result.decision === 'granted') return;
  const advice = adviceFor(result.reason, 'kiosk');
  hint.textContent = `${advice.title}. ${advice.tip}`;
}

function showOutcome(outcome: IdentifyLoopOutcome): void {
  hint.textContent = '';
  switch (outcome.outcome) {
    case 'identified': {
      const { result } = outcome;
      status.show(`Identified: welcome, ${result.username ?? result.userId ?? 'unknown'}.`, 'success');
      showResult(
        resultSlot,
        resultCard(
          'granted',
          `Welcome, ${result.username ?? 'unknown'}`,
          h('p', { 'data-field': 'score' }, `Match score ${formatScore(result.score)}.`),
          h(
            'p',
            { class: 'timing' },
            `Identified in ${formatMs(outcome.elapsedMs)} after ${outcome.frames} frame${outcome.frames === 1 ? '' : 's'}.`,
          ),
          nextButton('Next person'),
        ),
      );
      resetTimer = setTimeout(reset, RESET_AFTER_MS);
      return;
    }
    case 'timeout': {
      const advice = adviceFor(outcome.last?.reason ?? 'no_face', 'kiosk');
      status.show('No one identified.', 'error');
      showResult(
        resultSlot,
        adviceCard(
          { title: 'We could not identify you', tip: `${advice.title}. ${advice.tip}` },
          nextButton('Try again'),
        ),
      );
      return;
    }
    case 'failed': {
      const advice = adviceFor(outcome.error.code, 'kiosk');
      status.show(`${advice.title}.`, 'error');
      showResult(resultSlot, adviceCard(advice, nextButton('Try again')));
      return;
    }
    case 'stopped':
      status.show('Stopped.');
      return;
  }
}

function nextButton(label: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', reset);
  return button;
}

function reset(): void {
  clearTimeout(resetTimer);
  resultSlot.replaceChildren();
  status.clear();
  hint.textContent = '';
  photo.resetPicked();
  start.focus();
}

void photo.start();
