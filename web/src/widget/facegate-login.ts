/**
 * `<facegate-login api-base="https://…" publishable-key="pk_…" username="alice">`: log in (1:1 verify) with a
 * username and the live camera. The in-browser detector guides the person and takes the photo by itself once the
 * picture holds good (the button does the same for those who prefer to press it); the head-turn prompt, when the
 * organization asks for one, is shown on the video. The oval turns green or red with the server's decision, and the
 * element dispatches `facegate-granted` / `facegate-denied` / `facegate-error` (widget-events.ts).
 * Attributes: `api-base` (default: this page's origin), `publishable-key`, `username` (pre-filled),
 * `auto-capture="off"` (wait for the button).
 */
import { adviceFor } from '../advice/reason-advice.js';
import { waitAdvice } from '../advice/wait-advice.js';
import { ApiError } from '../api/api-error.js';
import type { FaceGateApi } from '../api/facegate-api.js';
import type { VerifyResult } from '../api/wire-types.js';
import type { LiveGuidanceOptions } from '../camera/live-guidance.js';
import { PhotoSource } from '../camera/photo-source.js';
import { CameraElement } from './camera-element.js';
import { DeviceKeyStore } from '../possession/device-key-store.js';
import { assertPasskey } from '../possession/passkey.js';
import { gatherLoginFactors, PROMPT_WORDS, type TurnPrompt } from '../possession/login-factors.js';
import { burstIfWanted, screenFlash } from '../liveness/burst-capture.js';
import { decisionPainted, startDecisionTimer } from '../ui/decision-timer.js';
import { h } from '../ui/dom.js';
import { markStage } from '../ui/stage-marks.js';
import { field, type Field } from '../ui/form-field.js';
import { formatMs, formatScore } from '../ui/format.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';
import { tokenDetails } from '../ui/token-details.js';
import { elementApi, errorDetail } from './widget-api.js';
import { emit } from './widget-events.js';

/** Performance API mark set when a grant is on screen (tests measure page open → granted with it). */
export const GRANTED_MARK = 'facegate:granted';

/** Delays of the head-turn frames after the prompt appears: time to read it, then a second look mid-turn. */
const TURN_FRAME_DELAYS_MS = [1500, 700];

export class FaceGateLoginElement extends CameraElement {
  private username!: Field;
  private resultSlot!: HTMLDivElement;
  private submit!: HTMLButtonElement;
  /** The person pressed the button: capture as soon as the picture is good. */
  private pressed = false;
  /** A decision is on screen: no more captures until "Try again". */
  private decided = false;
  private readonly deviceKeys = new DeviceKeyStore();
  private readonly flash = screenFlash();

  private get api(): FaceGateApi {
    return elementApi(this);
  }

  protected render(): void {
    this.classList.add('facegate-widget');
    this.username = field('Username', {
      name: 'username',
      required: true,
      autocomplete: 'username',
      maxlength: 128,
      autocapitalize: 'none',
      spellcheck: 'false',
    });
    this.username.input.value = this.getAttribute('username') ?? '';
    this.username.input.addEventListener('blur', () => this.guidance?.resume());
    this.status = new StatusLine();
    this.resultSlot = h('div', { class: 'result-slot' });
    this.photo = new PhotoSource({ label: 'Camera preview' });
    this.submit = h('button', { type: 'submit' }, 'Log in with my face');
    const form = h(
      'form',
      { class: 'login-form', novalidate: true },
      h(
        'div',
        { class: 'login-grid' },
        h('div', {}, this.username.wrapper, this.submit, this.status.element),
        this.photo.element,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.onPress();
    });
    this.replaceChildren(form, this.resultSlot);
  }

  protected guidanceOptions(photo: PhotoSource): LiveGuidanceOptions {
    return {
      photo,
      armed: () => this.armed(),
      waitingMessage: () =>
        this.username.input.value.trim() === '' ? 'Enter your username: the photo is then taken by itself' : 'Ready',
      onSteady: () => void this.logIn(),
    };
  }

  /** Auto-capture only once the username is complete: typed and left, pre-filled, or the button pressed. */
  private armed(): boolean {
    if (this.busy || this.decided || this.username.input.value.trim() === '') return false;
    if (this.pressed) return true;
    return this.getAttribute('auto-capture') !== 'off' && document.activeElement !== this.username.input;
  }

  private async onPress(): Promise<void> {
    if (this.busy) return;
    if (this.decided) this.reset();
    if (!this.checkUsername()) return;
    await this.cameraStarted();
    if (this.guidance?.available && this.photo?.mode === 'camera') {
      this.pressed = true;
      this.guidance.resume();
      this.status.show('Hold still: the photo is taken as soon as the picture is good.', 'info');
      return;
    }
    void this.logIn();
  }

  private checkUsername(): boolean {
    this.username.setError(null);
    if (this.username.input.value.trim() !== '') return true;
    this.username.setError('Enter your username.');
    this.username.input.focus();
    this.status.show('Enter your username first.', 'error');
    return false;
  }

  private async logIn(): Promise<void> {
    const photo = this.photo;
    if (this.busy || !photo || !this.checkUsername()) {
      this.guidance?.resume();
      return;
    }
    const name = this.username.input.value.trim();
    this.busy = true;
    this.pressed = false;
    this.guidance?.pause();
    this.submit.setAttribute('aria-busy', 'true');
    startDecisionTimer();
    this.resultSlot.replaceChildren();
    const api = this.api;
    try {
      // The challenge is fetched while the photo is taken, so it adds no round trip of its own.
      const challenge = api.createChallenge();
      challenge.catch(() => undefined);
      const image = await photo.takePhoto();
      markStage('photo-encoded');
      // The liveness burst right after the capture, when the tenant asks for one; under a light challenge the
      // screen flashes its colours, one frame each.
      const burst = await burstIfWanted(photo, challenge, this.flash, (m) => this.status.show(m, 'busy'));
      const factors = await gatherLoginFactors(name, {
        createChallenge: () => challenge,
        loadKey: (user) => this.deviceKeys.load(user),
        assertPasskey,
        turnFrames: (prompt) => this.turnFrames(prompt),
      });
      if (photo.mode === 'camera') photo.freeze(image);
      photo.setCaption('Checking…');
      this.status.show('Checking…', 'busy');
      markStage('verify-sent');
      const result = await api.verify(name, image, { ...factors, ...(burst.length > 0 ? { burst } : {}) });
      markStage('verify-answered');
      await this.showDecision(name, result, api);
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
      this.submit.removeAttribute('aria-busy');
    }
  }

  /** Active challenge: the prompt on the video, and the frames taken while the person turns. */
  private async turnFrames(prompt: TurnPrompt): Promise<Blob[]> {
    const photo = this.photo;
    if (!photo || photo.mode !== 'camera') return [];
    photo.showPrompt(PROMPT_WORDS[prompt]);
    this.status.show(PROMPT_WORDS[prompt], 'info');
    const frames: Blob[] = [];
    try {
      for (const delay of TURN_FRAME_DELAYS_MS) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        frames.push(await photo.takePhoto());
      }
    } finally {
      photo.showPrompt(null);
    }
    return frames;
  }

  private async showDecision(name: string, result: VerifyResult, api: FaceGateApi): Promise<void> {
    const granted = result.decision === 'granted';
    this.decided = true;
    this.photo?.showOutcome(granted ? 'success' : 'failure');
    const card = granted ? this.grantedCard(name, result, api) : this.deniedCard(result);
    showResult(this.resultSlot, card);
    const words = granted
      ? `Access granted: welcome, ${name}.`
      : `Access denied: ${adviceFor(result.reason, 'login').title}.`;
    this.status.show(words, granted ? 'success' : 'error');
    this.photo?.setCaption(granted ? 'Access granted' : 'Access denied', granted ? 'granted' : 'denied');
    const ms = await decisionPainted();
    card.dataset.decisionMs = ms.toFixed(1);
    card.querySelector('.timing')!.textContent = `Decided in ${formatMs(ms)} from the capture.`;
    if (granted) {
      performance.mark(GRANTED_MARK);
      emit(this, 'facegate-granted', {
        username: name,
        ...(result.userId ? { userId: result.userId } : {}),
        score: result.score,
        threshold: result.threshold,
        ...(result.token ? { token: result.token } : {}),
        decisionMs: ms,
      });
    } else {
      emit(this, 'facegate-denied', { username: name, ...(result.reason ? { reason: result.reason } : {}) });
    }
  }

  private showError(error: unknown): void {
    this.decided = true;
    this.photo?.unfreeze();
    this.photo?.showOutcome('failure');
    if (error instanceof ApiError) {
      const code = error.status === 429 && error.code !== 'rate_limited' ? 'locked_out' : error.code;
      const advice = waitAdvice(code, error.retryAfterSeconds, adviceFor(code, 'login'));
      this.status.show(`${advice.title}.`, 'error');
      this.photo?.setCaption(advice.title, 'error');
      showResult(this.resultSlot, adviceCard(advice, this.retryButton()));
      emit(this, 'facegate-error', errorDetail(error));
      return;
    }
    const tip = error instanceof Error ? error.message : String(error);
    this.status.show('No photo yet.', 'error');
    showResult(this.resultSlot, adviceCard({ title: 'No photo yet', tip }, this.retryButton()));
  }

  private grantedCard(name: string, result: VerifyResult, api: FaceGateApi): HTMLElement {
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
      this.retryButton('Log in again'),
    );
  }

  private deniedCard(result: VerifyResult): HTMLElement {
    return adviceCard(
      adviceFor(result.reason, 'login'),
      h('p', {}, 'Access denied. ', h('span', { class: 'timing' })),
      // Only an operator key is told the score of a denial; a client key never is (no oracle to climb).
      result.score !== undefined && result.threshold !== undefined
        ? h(
            'p',
            { class: 'score' },
            `Match score ${formatScore(result.score)}; ${formatScore(result.threshold)} needed.`,
          )
        : null,
      this.retryButton(),
    );
  }

  private retryButton(label = 'Try again'): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => {
      this.reset();
      this.submit.focus();
    });
    return button;
  }

  /** Back to the live picture for a new attempt. */
  private reset(): void {
    this.decided = false;
    this.pressed = false;
    this.photo?.unfreeze();
    this.resultSlot.replaceChildren();
    this.status.clear();
    this.guidance?.resume();
  }
}
