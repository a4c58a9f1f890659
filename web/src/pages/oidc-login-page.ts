/**
 * "Sign in with FaceGate": the hosted login of a tenant's OpenID Provider (shared/oidc/). A relying party sent the
 * person here; the page checks their face (with the tenant's possession and head-turn factors, exactly as the log-in
 * page) through the interaction's endpoints and, when granted, follows the provider back to the relying party.
 * A third-party application first asks for consent. The page holds no API key: the login session cookie is the
 * only credential.
 */
import '@picocss/pico/css/pico.min.css';
import '../styles/app.css';
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError } from '../api/api-error.js';
import { HttpClient } from '../api/http-client.js';
import type {
  Challenge,
  InteractionDetails as Details,
  InteractionRedirect,
  InteractionVerifyResult as VerifyAnswer,
} from '../api/wire-types.js';
import { PhotoSource } from '../camera/photo-source.js';
import { burstIfWanted, screenFlash } from '../liveness/burst-capture.js';
import { DeviceKeyStore } from '../possession/device-key-store.js';
import { assertPasskey } from '../possession/passkey.js';
import { gatherLoginFactors, PROMPT_WORDS, type TurnPrompt } from '../possession/login-factors.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form-field.js';
import { StatusLine } from '../ui/status-line.js';

const query = new URLSearchParams(location.search);
const base = `/t/${encodeURIComponent(query.get('tenant') ?? '')}/interaction/${encodeURIComponent(query.get('uid') ?? '')}`;
const http = new HttpClient(() => null);

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', class: 'container' });
app.replaceChildren(main);
const status = new StatusLine();

/** Delays of the head-turn frames after the prompt appears (as on the log-in page). */
const TURN_FRAME_DELAYS_MS = [1500, 700];

async function start(): Promise<void> {
  let details: Details;
  try {
    details = await http.request<Details>(`${base}/details`);
  } catch (error) {
    main.append(h('h1', {}, 'Sign in with FaceGate'), status.element);
    status.show(error instanceof Error ? error.message : String(error), 'error');
    return;
  }
  if (details.prompt === 'login') showLogin(details);
  else if (details.prompt === 'consent') showConsent(details);
  else {
    main.append(h('h1', {}, 'Sign in with FaceGate'), status.element);
    status.show(`This sign-in needs a step this page does not offer (${details.prompt}).`, 'error');
  }
}

function cancelButton(): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  button.addEventListener(
    'click',
    () => void follow(http.request<InteractionRedirect>(`${base}/abort`, { method: 'POST', json: {} })),
  );
  return button;
}

async function follow(answer: Promise<InteractionRedirect>): Promise<void> {
  try {
    location.assign((await answer).redirectTo);
  } catch (error) {
    status.show(error instanceof Error ? error.message : String(error), 'error');
  }
}

function showConsent(details: Details): void {
  const allow = h('button', { type: 'button' }, 'Allow');
  allow.addEventListener('click', () => void follow(http.request(`${base}/consent`, { method: 'POST', json: {} })));
  main.append(
    h('h1', {}, `Sign in to ${details.clientName}`),
    h('p', {}, `${details.clientName} asks to know who you are (your user ID and username).`),
    h('div', { class: 'grid' }, allow, cancelButton()),
    status.element,
  );
}

function showLogin(details: Details): void {
  const username = field('Username', {
    name: 'username',
    required: true,
    autocomplete: 'username',
    maxlength: 128,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  if (details.loginHint) username.input.value = details.loginHint;
  const photo = new PhotoSource({ label: 'Camera preview' });
  const submit = h('button', { type: 'submit' }, 'Sign in with my face');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h(
      'div',
      { class: 'login-grid' },
      h('div', {}, username.wrapper, submit, cancelButton(), status.element),
      photo.element,
    ),
  );
  main.append(
    h('hgroup', {}, h('h1', {}, `Sign in to ${details.clientName}`), h('p', {}, 'with your face, checked by FaceGate')),
    form,
  );
  const deviceKeys = new DeviceKeyStore();
  const flash = screenFlash();
  let busy = false;

  const turnFrames = async (prompt: TurnPrompt): Promise<Blob[]> => {
    if (photo.mode !== 'camera') return [];
    status.show(PROMPT_WORDS[prompt], 'info');
    const frames: Blob[] = [];
    for (const delay of TURN_FRAME_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      frames.push(await photo.takePhoto());
    }
    return frames;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const name = username.input.value.trim();
    if (name === '') {
      username.setError('Enter your username.');
      return;
    }
    busy = true;
    submit.setAttribute('aria-busy', 'true');
    void (async () => {
      try {
        // Pressed while the camera is still starting: wait for it rather than fail with "take a photo first".
        if (photo.mode === 'starting') {
          status.show('Starting the camera…', 'busy');
          await cameraStarted;
        }
        const challenge = http.request<Challenge>(`${base}/challenge`, { method: 'POST', json: {} });
        challenge.catch(() => undefined);
        const image = await photo.takePhoto();
        // The liveness burst right after the capture when the tenant requires one (as on the log-in page).
        const burst = await burstIfWanted(photo, challenge, flash, (m) => status.show(m, 'busy'));
        const factors = await gatherLoginFactors(name, {
          createChallenge: () => challenge,
          loadKey: (user) => deviceKeys.load(user),
          assertPasskey,
          turnFrames,
        });
        status.show('Checking…', 'busy');
        const form = new FormData();
        form.set('username', name);
        if (factors.challengeId) form.set('challengeId', factors.challengeId);
        if (factors.signature) form.set('signature', factors.signature);
        if (factors.passkey) form.set('passkey', JSON.stringify(factors.passkey));
        form.set('image', image, 'capture.jpg');
        // The head-turn frames are the camera's Blobs (gatherLoginFactors passes them through).
        for (const frame of factors.frames ?? []) if (frame instanceof Blob) form.append('frame', frame, 'frame.jpg');
        for (const frame of burst) form.append('burst', frame, 'burst.jpg');
        const answer = await http.request<VerifyAnswer>(`${base}/verify`, { method: 'POST', form });
        if (answer.decision === 'granted') {
          status.show(`Welcome, ${name}. Returning to ${details.clientName}…`, 'success');
          location.assign(answer.redirectTo);
          return;
        }
        status.show(`Not signed in: ${adviceFor(answer.reason, 'login').title}. Try again.`, 'error');
      } catch (error) {
        const code = error instanceof ApiError ? error.code : undefined;
        status.show(code ? `${adviceFor(code, 'login').title}.` : String(error), 'error');
      } finally {
        busy = false;
        submit.removeAttribute('aria-busy');
      }
    })();
  });
  // A press before the camera has a picture waits for it (the handler above awaits this).
  const cameraStarted = photo.start().catch(() => undefined);
}

void start();
