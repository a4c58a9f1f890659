/**
 * Log in (1:1 verify): username and a live capture → the decision. Granted: who it is and the token's claims.
 * Denied: the reason and what to try. The time from the capture click to the decision on screen is measured
 * and shown.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import type { VerifyResult } from '../api/wire-types.js';
import { PhotoSource } from '../camera/photo-source.js';
import { DeviceKeyStore } from '../possession/device-key-store.js';
import { gatherLoginFactors, PROMPT_WORDS, type TurnPrompt } from '../possession/login-factors.js';
import { screenFlash, takeBurst } from '../liveness/burst-capture.js';
import { KeyGate } from '../settings/key-gate.js';
import { keyStore } from '../settings/key-store.js';
import { decisionPainted, startDecisionTimer } from '../ui/decision-timer.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form-field.js';
import { formatMs, formatScore } from '../ui/format.js';
import { renderShell } from '../ui/page-shell.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';
import { tokenDetails } from '../ui/token-details.js';

const main = renderShell('login', 'Log in with your face');
const keySlot = h('div', { class: 'key-slot', hidden: true });
const gate = new KeyGate(keyStore(), 'client', keySlot);
const api = new FaceGateApi(() => gate.key());

const username = field('Username', {
  name: 'username',
  required: true,
  autocomplete: 'username',
  maxlength: 128,
  autocapitalize: 'none',
  spellcheck: 'false',
});
const status = new StatusLine();
const resultSlot = h('div', { class: 'result-slot' });
const photo = new PhotoSource({ label: 'Camera preview' });
const submit = h('button', { type: 'submit' }, 'Log in with my face');

const form = h(
  'form',
  { class: 'login-form', novalidate: true },
  h('div', { class: 'login-grid' }, h('div', {}, username.wrapper, submit, status.element), photo.element),
);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void logIn();
});
main.append(keySlot, form, resultSlot);

let busy = false;
const deviceKeys = new DeviceKeyStore();
const flash = screenFlash();

/** Delays of the head-turn frames after the prompt appears: time to read it, then a second look mid-turn. */
const TURN_FRAME_DELAYS_MS = [1500, 700];

/** Active challenge: show the prompt and take the frames while the person turns (none without a live camera). */
async function turnFrames(prompt: TurnPrompt): Promise<Blob[]> {
  if (photo.mode !== 'camera') return [];
  status.show(PROMPT_WORDS[prompt], 'info');
  const frames: Blob[] = [];
  for (const delay of TURN_FRAME_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    frames.push(await photo.takePhoto());
  }
  return frames;
}

async function logIn(): Promise<void> {
  if (busy) return;
  const name = username.input.value.trim();
  username.setError(null);
  if (name === '') {
    username.setError('Enter your username.');
    username.input.focus();
    status.show('Enter your username first.', 'error');
    return;
  }
  busy = true;
  submit.setAttribute('aria-busy', 'true');
  startDecisionTimer();
  resultSlot.replaceChildren();
  try {
    // The challenge is fetched while the photo is taken, so it adds no round trip of its own.
    const challenge = api.createChallenge();
    challenge.catch(() => undefined);
    const image = await photo.takePhoto();
    // The liveness burst right after the capture (a camera only: a picked file has no second frame).
    const light = photo.mode === 'camera' ? (await challenge.catch(() => undefined))?.light : undefined;
    if (photo.mode === 'camera') status.show(light ? 'Hold still while the screen flashes…' : 'Hold still…', 'busy');
    const burst = photo.mode === 'camera' ? await takeBurst(photo, light, flash) : [];
    const factors = await gatherLoginFactors(name, {
      createChallenge: () => challenge,
      loadKey: (user) => deviceKeys.load(user),
      turnFrames,
    });
    if (photo.mode === 'camera') photo.freeze(image);
    status.show('Checking…', 'busy');
    const result = await api.verify(name, image, { ...factors, ...(burst.length > 0 ? { burst } : {}) });
    const card = result.decision === 'granted' ? grantedCard(name, result) : deniedCard(result);
    showResult(resultSlot, card);
    status.show(
      result.decision === 'granted'
        ? `Access granted: welcome, ${name}.`
        : `Access denied: ${adviceFor(result.reason, 'login').title}.`,
      result.decision === 'granted' ? 'success' : 'error',
    );
    const ms = await decisionPainted();
    card.dataset.decisionMs = ms.toFixed(1);
    card.querySelector('.timing')!.textContent = `Decided in ${formatMs(ms)} from the capture.`;
  } catch (error) {
    photo.unfreeze();
    const code = error instanceof ApiError ? error.code : undefined;
    const advice = code
      ? adviceFor(error instanceof ApiError && error.status === 429 ? 'locked_out' : code, 'login')
      : { title: 'No photo yet', tip: error instanceof Error ? error.message : String(error) };
    status.show(`${advice.title}.`, 'error');
    if (code === 'unauthorized' || code === 'forbidden') gate.ask(`${advice.title}. ${advice.tip}`);
    showResult(resultSlot, adviceCard(advice, retryButton()));
  } finally {
    busy = false;
    submit.removeAttribute('aria-busy');
  }
}

function grantedCard(name: string, result: VerifyResult): HTMLElement {
  return resultCard(
    'granted',
    `Welcome, ${name}`,
    h('p', {}, 'Access granted. ', h('span', { class: 'timing' })),
    h(
      'dl',
      { class: 'decision-facts' },
      h('dt', {}, 'User ID'),
      h('dd', { 'data-field': 'userId' }, result.userId ?? '—'),
      h('dt', {}, 'Match score'),
      h('dd', { 'data-field': 'score' }, `${formatScore(result.score)} (needed ${formatScore(result.threshold)})`),
    ),
    result.token ? tokenDetails(result.token, api) : null,
    retryButton('Log in again'),
  );
}

function deniedCard(result: VerifyResult): HTMLElement {
  const advice = adviceFor(result.reason, 'login');
  return adviceCard(
    advice,
    h('p', {}, 'Access denied. ', h('span', { class: 'timing' })),
    // Only an operator key is told the score of a denial; a client key never is (no oracle to climb).
    result.score !== undefined && result.threshold !== undefined
      ? h('p', { class: 'score' }, `Match score ${formatScore(result.score)}; ${formatScore(result.threshold)} needed.`)
      : null,
    retryButton(),
  );
}

function retryButton(label = 'Try again'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', () => {
    photo.unfreeze();
    resultSlot.replaceChildren();
    status.clear();
    submit.focus();
  });
  return button;
}

const preset = new URLSearchParams(location.search).get('username');
if (preset) username.input.value = preset;
gate.whenReady(() => void photo.start());
