/**
 * `<facegate-enroll api-base="https://…" publishable-key="pk_…">`: enroll a face — username (and the optional
 * display name and email), consent, a photo the camera takes by itself once the in-browser detector finds the
 * picture good (or a picked file when there is no camera), the upload straight to the signed URL with progress,
 * then the enrollment's outcome. The oval turns green only when the server accepted the photo, red when it
 * refused it. Dispatches `facegate-enrolled` / `facegate-rejected` / `facegate-error` (widget-events.ts).
 * Attributes: `api-base`, `publishable-key`, `username` (pre-filled).
 */
import { adviceFor } from '../advice/reason-advice.js';
import { waitAdvice } from '../advice/wait-advice.js';
import { ApiError, isMissingEndpoint } from '../api/api-error.js';
import type { FaceGateApi } from '../api/facegate-api.js';
import { EnrollmentTimeoutError, pollEnrollment } from '../api/poll-enrollment.js';
import { uploadToSignedUrl } from '../api/signed-upload.js';
import type { Enrollment, EnrollmentStarted } from '../api/wire-types.js';
import type { LiveGuidanceOptions } from '../camera/live-guidance.js';
import { PhotoSource } from '../camera/photo-source.js';
import { CameraElement } from './camera-element.js';
import { createDeviceKey, deviceKeysSupported } from '../possession/device-key.js';
import { DeviceKeyStore } from '../possession/device-key-store.js';
import { passkeysAvailable, registerPasskey, type PasskeyRegistration } from '../possession/passkey.js';
import { h } from '../ui/dom.js';
import { field, type Field } from '../ui/form-field.js';
import { ProgressBar } from '../ui/progress-bar.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';
import { elementApi, errorDetail } from './widget-api.js';
import { emit } from './widget-events.js';

const CONSENT_TEXT =
  'I agree that this organization stores my photo and a face template (numbers computed from it) to recognise ' +
  'me when I log in. They are encrypted, used for nothing else, kept no longer than the organization’s ' +
  'retention period, and deleted on request.';

const STATUS_WORDS: Record<Enrollment['status'], string> = {
  pending: 'Waiting for the photo to be processed…',
  processing: 'Checking your photo…',
  active: 'Enrolled.',
  rejected: 'The photo was not accepted.',
};

export class FaceGateEnrollElement extends CameraElement {
  private username!: Field;
  private displayName!: Field;
  private email!: Field;
  private consent!: HTMLInputElement;
  private progress!: ProgressBar;
  private resultSlot!: HTMLDivElement;
  private captureButton!: HTMLButtonElement;
  private submitButton!: HTMLButtonElement;
  private fields!: HTMLDivElement;
  private captured: Blob | null = null;
  /** Enroll was pressed before a good photo: enroll as soon as the camera takes it. */
  private waitingForPhoto = false;
  /** Enrolled: the form is done; only "Enroll someone else" starts over. */
  private done = false;

  protected render(): void {
    this.classList.add('facegate-widget');
    this.username = field(
      'Username',
      {
        name: 'username',
        required: true,
        autocomplete: 'username',
        maxlength: 128,
        pattern: '\\S+',
        autocapitalize: 'none',
        spellcheck: 'false',
      },
      'No spaces.',
    );
    this.username.input.value = this.getAttribute('username') ?? '';
    this.displayName = field('Display name', { name: 'displayName', autocomplete: 'name', maxlength: 200 });
    this.email = field('Email', { name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 });
    this.consent = h('input', { type: 'checkbox', name: 'consent', id: 'facegate-consent', required: true });
    this.status = new StatusLine();
    this.progress = new ProgressBar('Uploading photo');
    this.resultSlot = h('div', { class: 'result-slot' });
    this.photo = new PhotoSource({
      label: 'Camera preview',
      onMode: (mode) => {
        this.captureButton.hidden = mode !== 'camera';
      },
    });
    this.captureButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Take photo');
    this.captureButton.addEventListener('click', () => this.onCaptureButton());
    this.submitButton = h('button', { type: 'submit' }, 'Enroll');
    this.fields = h(
      'div',
      {},
      this.username.wrapper,
      h('details', {}, h('summary', {}, 'More details (optional)'), this.displayName.wrapper, this.email.wrapper),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Consent'),
        h('label', { for: 'facegate-consent', class: 'consent' }, this.consent, ' ', CONSENT_TEXT),
      ),
    );
    const form = h(
      'form',
      { class: 'enroll-form', novalidate: true },
      h(
        'div',
        { class: 'enroll-grid' },
        this.fields,
        h('div', {}, this.photo.element, h('div', { role: 'group' }, this.captureButton, this.submitButton)),
      ),
      this.progress.element,
      this.status.element,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.enroll();
    });
    this.replaceChildren(form, this.resultSlot);
  }

  protected guidanceOptions(photo: PhotoSource): LiveGuidanceOptions {
    return {
      photo,
      armed: () => !this.busy && !this.done && this.captured === null && (this.waitingForPhoto || this.formReady()),
      waitingMessage: () => 'Ready: fill in your username and consent, and the photo is taken by itself',
      onSteady: () => void this.autoCapture(),
    };
  }

  /** The form is filled in and the person is no longer typing: the camera may take the photo. */
  private formReady(): boolean {
    const typing = document.activeElement instanceof HTMLInputElement && document.activeElement.type !== 'checkbox';
    return this.consent.checked && this.username.input.checkValidity() && !typing;
  }

  /** The ring is full: the photo is taken; if Enroll was already pressed, the enrollment goes on by itself. */
  private async autoCapture(): Promise<void> {
    if (this.captured || this.busy || this.done) return;
    await this.takePhoto();
    if (this.waitingForPhoto && this.captured) {
      this.waitingForPhoto = false;
      await this.enroll();
    }
  }

  private onCaptureButton(): void {
    if (this.busy || this.done) return;
    if (this.captured) {
      this.retake('Camera live again.');
      return;
    }
    void this.takePhoto();
  }

  private retake(message: string): void {
    this.captured = null;
    this.photo?.unfreeze();
    this.photo?.resetPicked();
    this.captureButton.textContent = 'Take photo';
    this.guidance?.resume();
    this.status.show(message);
  }

  private async takePhoto(): Promise<Blob | null> {
    const photo = this.photo!;
    try {
      this.captured = await photo.takePhoto();
    } catch (error) {
      this.status.show(error instanceof Error ? error.message : String(error), 'error');
      return null;
    }
    this.guidance?.pause();
    if (photo.mode === 'camera') {
      photo.freeze(this.captured);
      photo.setCaption('Photo taken');
      this.captureButton.textContent = 'Retake';
      if (!this.waitingForPhoto) this.status.show('Photo taken. Press Enroll to use it, or Retake.');
    }
    return this.captured;
  }

  private async enroll(): Promise<void> {
    if (this.busy) return;
    if (this.done) {
      // Enrolled already: say so plainly instead of trying again (which the server refuses as taken).
      this.status.show(
        `Already enrolled as ${this.username.input.value.trim()}. Use "Enroll someone else" to start over.`,
        'info',
      );
      return;
    }
    this.resultSlot.replaceChildren();
    if (!this.validate()) return;
    await this.cameraStarted();
    if (!this.captured && this.guidance?.available && this.photo?.mode === 'camera') {
      this.waitingForPhoto = true;
      this.status.show('Look at the camera: the photo is taken as soon as the picture is good.', 'info');
      return;
    }
    const image = this.captured ?? (await this.takePhoto());
    if (!image) return;
    this.busy = true;
    this.submitButton.setAttribute('aria-busy', 'true');
    const name = this.username.input.value.trim();
    try {
      this.status.show('Creating your enrollment…', 'busy');
      const api = elementApi(this);
      const possession = await registerPossession(api, name, this.displayName.input.value.trim());
      const started = await api.startEnrollment({
        username: name,
        ...optional('displayName', this.displayName.input.value.trim()),
        ...optional('email', this.email.input.value.trim()),
        contentType: image.type === 'image/png' || image.type === 'image/webp' ? image.type : 'image/jpeg',
        ...possession,
      });
      this.status.show('Uploading your photo…', 'busy');
      this.progress.set(0);
      await uploadToSignedUrl(started.upload, image, (fraction) => this.progress.set(fraction));
      // Uploaded: the bar has done its job; what follows is the check, shown in the status line.
      this.progress.hide();
      this.status.show(STATUS_WORDS.pending, 'busy');
      this.photo?.setCaption('Checking your photo…');
      const final = await pollEnrollment((signal) => api.getEnrollment(started.enrollmentId, signal), {
        onStatus: (e) =>
          this.status.show(STATUS_WORDS[e.status], e.status === 'active' || e.status === 'rejected' ? 'info' : 'busy'),
      });
      this.showOutcome(name, started, final);
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
      this.submitButton.removeAttribute('aria-busy');
    }
  }

  private showOutcome(name: string, started: EnrollmentStarted, enrollment: Enrollment): void {
    if (enrollment.status === 'active') {
      this.done = true;
      this.photo?.showOutcome('success');
      this.photo?.setCaption('Enrolled', 'granted');
      this.submitButton.hidden = true;
      this.captureButton.hidden = true;
      this.fields.inert = true;
      this.status.show(`Enrolled as ${name}.`, 'success');
      showResult(
        this.resultSlot,
        resultCard(
          'granted',
          'You are enrolled',
          h('p', {}, `From now on, `, h('strong', {}, name), ` can log in by looking at the camera.`),
          h(
            'p',
            { role: 'group' },
            h('a', { href: `/login/?username=${encodeURIComponent(name)}`, role: 'button' }, 'Log in now'),
            this.startOverButton(),
          ),
        ),
      );
      emit(this, 'facegate-enrolled', { username: name, userId: started.userId, enrollmentId: started.enrollmentId });
      return;
    }
    const advice = adviceFor(enrollment.reason, 'enroll');
    this.photo?.showOutcome('failure');
    this.photo?.setCaption('Photo not accepted', 'denied');
    this.status.show(`Not enrolled: ${advice.title}.`, 'error');
    showResult(this.resultSlot, adviceCard(advice, this.tryAgainButton()));
    emit(this, 'facegate-rejected', { username: name, ...(enrollment.reason ? { reason: enrollment.reason } : {}) });
  }

  private showError(error: unknown): void {
    this.progress.hide();
    this.photo?.showOutcome('failure');
    if (error instanceof EnrollmentTimeoutError) {
      this.status.show('Your photo is taking longer than usual to check.', 'error');
      showResult(
        this.resultSlot,
        resultCard(
          'info',
          'Still checking',
          h('p', {}, 'Please come back in a minute, or try again.'),
          this.tryAgainButton(),
        ),
      );
      return;
    }
    const code = error instanceof ApiError ? error.code : 'network_error';
    const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined;
    const advice = waitAdvice(code, retryAfter, adviceFor(code, 'enroll'));
    this.status.show(`Not enrolled: ${advice.title}.`, 'error');
    if (code === 'username_taken' || code === 'enrollment_in_progress' || code === 'invalid_username')
      this.username.setError(advice.tip);
    showResult(this.resultSlot, adviceCard(advice, this.tryAgainButton()));
    emit(this, 'facegate-error', errorDetail(error));
  }

  private tryAgainButton(): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, 'Try again');
    button.addEventListener('click', () => {
      this.progress.hide();
      this.resultSlot.replaceChildren();
      this.retake('Ready for a new photo.');
      (this.photo?.mode === 'camera' ? this.captureButton : this.username.input).focus();
    });
    return button;
  }

  private startOverButton(): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, 'Enroll someone else');
    button.addEventListener('click', () => {
      this.done = false;
      this.fields.inert = false;
      for (const f of [this.username, this.displayName, this.email]) {
        f.input.value = '';
        f.setError(null);
      }
      this.consent.checked = false;
      this.submitButton.hidden = false;
      this.captureButton.hidden = this.photo?.mode !== 'camera';
      this.resultSlot.replaceChildren();
      this.retake('Ready for the next person.');
      this.username.input.focus();
    });
    return button;
  }

  /** Built-in constraint validation, announced in the status line and marked on each field. */
  private validate(): boolean {
    for (const f of [this.username, this.displayName, this.email]) f.setError(null);
    const invalid = [this.username, this.email].find((f) => !f.input.checkValidity());
    if (invalid) {
      invalid.setError(invalid.input.validationMessage);
      invalid.input.focus();
      this.status.show(`Please check ${invalid.labelText.toLowerCase()}: ${invalid.input.validationMessage}`, 'error');
      return false;
    }
    if (!this.consent.checked) {
      this.consent.setAttribute('aria-invalid', 'true');
      this.consent.focus();
      this.status.show('Please read and accept the consent statement.', 'error');
      return false;
    }
    this.consent.removeAttribute('aria-invalid');
    return true;
  }
}

/**
 * The possession factor to register with the enrollment: a passkey on this device over a fresh challenge (the
 * person unlocks the device to make it). Only where the device offers none (no platform authenticator, or a page
 * on an IP address) the older device key in IndexedDB, so such browsers can still enroll where possession is
 * required; the token's `amr` says which (`hwk` or `swk`). Nothing when neither works: the server refuses the
 * enrollment only if the organization requires the factor.
 */
async function registerPossession(
  api: FaceGateApi,
  name: string,
  displayName: string,
): Promise<{ passkey: PasskeyRegistration } | { deviceKey: JsonWebKey } | Record<string, never>> {
  if (await passkeysAvailable()) {
    let challenge;
    try {
      challenge = await api.createChallenge();
    } catch (error) {
      if (isMissingEndpoint(error)) return {};
      throw error;
    }
    try {
      return { passkey: await registerPasskey(challenge, name, displayName || undefined) };
    } catch {
      // Declined or failed: the server says whether the organization needs it.
      return {};
    }
  }
  const deviceKey = await registerDeviceKey(name);
  return deviceKey ? { deviceKey } : {};
}

/**
 * Makes this browser's device key for `name` and keeps it in IndexedDB; returns its public JWK to register, or
 * null when the browser cannot make or keep one.
 */
async function registerDeviceKey(name: string): Promise<JsonWebKey | null> {
  if (!deviceKeysSupported()) return null;
  try {
    const key = await createDeviceKey();
    await new DeviceKeyStore().save(name, key);
    return key.publicJwk;
  } catch {
    return null;
  }
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
