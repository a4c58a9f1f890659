/**
 * Enroll: username (and the optional fields the API takes), consent, a photo from the camera or a file, upload
 * straight to the signed URL with progress, then the enrollment's status — with the reason in plain words when
 * the photo is rejected.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError } from '../api/api-error.js';
import { browserApi } from '../api/browser-api.js';
import { EnrollmentTimeoutError, pollEnrollment } from '../api/poll-enrollment.js';
import { uploadToSignedUrl } from '../api/signed-upload.js';
import type { Enrollment } from '../api/wire-types.js';
import { PhotoSource } from '../camera/photo-source.js';
import { createDeviceKey, deviceKeysSupported } from '../possession/device-key.js';
import { DeviceKeyStore } from '../possession/device-key-store.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form-field.js';
import { renderShell } from '../ui/page-shell.js';
import { ProgressBar } from '../ui/progress-bar.js';
import { adviceCard, resultCard, showResult } from '../ui/result-card.js';
import { StatusLine } from '../ui/status-line.js';

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

const main = renderShell('enroll', 'Enroll your face', 'Enroll once; afterwards you log in by looking at the camera.');
const api = browserApi();

const username = field(
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
const displayName = field('Display name', { name: 'displayName', autocomplete: 'name', maxlength: 200 });
const email = field('Email', { name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 });
const consent = h('input', { type: 'checkbox', name: 'consent', id: 'consent', required: true });

const status = new StatusLine();
const progress = new ProgressBar('Uploading photo');
const resultSlot = h('div', { class: 'result-slot' });
const photo = new PhotoSource({
  label: 'Camera preview',
  onMode: (mode) => {
    captureButton.hidden = mode !== 'camera';
  },
});
let captured: Blob | null = null;

const captureButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Take photo');
const submitButton = h('button', { type: 'submit' }, 'Enroll');

captureButton.addEventListener('click', () => {
  if (captured) {
    captured = null;
    photo.unfreeze();
    captureButton.textContent = 'Take photo';
    status.show('Camera live again.');
    return;
  }
  void takePhoto();
});

async function takePhoto(): Promise<Blob | null> {
  try {
    captured = await photo.takePhoto();
  } catch (error) {
    status.show(error instanceof Error ? error.message : String(error), 'error');
    return null;
  }
  if (photo.mode === 'camera') {
    photo.freeze(captured);
    captureButton.textContent = 'Retake';
    status.show('Photo taken. Press Enroll to use it, or Retake.');
  }
  return captured;
}

const form = h(
  'form',
  { class: 'enroll-form', novalidate: true },
  h(
    'div',
    { class: 'enroll-grid' },
    h(
      'div',
      {},
      username.wrapper,
      h('details', {}, h('summary', {}, 'More details (optional)'), displayName.wrapper, email.wrapper),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Consent'),
        h('label', { for: 'consent', class: 'consent' }, consent, ' ', CONSENT_TEXT),
      ),
    ),
    h('div', {}, photo.element, h('div', { role: 'group' }, captureButton, submitButton)),
  ),
  progress.element,
  status.element,
);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void enroll();
});
main.append(form, resultSlot);

let busy = false;

async function enroll(): Promise<void> {
  if (busy) return;
  resultSlot.replaceChildren();
  if (!validate()) return;
  const image = captured ?? (await takePhoto());
  if (!image) return;
  busy = true;
  submitButton.setAttribute('aria-busy', 'true');
  try {
    status.show('Creating your enrollment…', 'busy');
    const deviceKey = await registerDeviceKey(username.input.value.trim());
    const started = await api.startEnrollment({
      username: username.input.value.trim(),
      ...optional('displayName', displayName.input.value.trim()),
      ...optional('email', email.input.value.trim()),
      contentType: image.type === 'image/png' || image.type === 'image/webp' ? image.type : 'image/jpeg',
      ...(deviceKey ? { deviceKey } : {}),
    });
    status.show('Uploading your photo…', 'busy');
    progress.set(0);
    await uploadToSignedUrl(started.upload, image, (fraction) => progress.set(fraction));
    status.show(STATUS_WORDS.pending, 'busy');
    const final = await pollEnrollment((signal) => api.getEnrollment(started.enrollmentId, signal), {
      onStatus: (e) =>
        status.show(STATUS_WORDS[e.status], e.status === 'active' || e.status === 'rejected' ? 'info' : 'busy'),
    });
    showOutcome(final);
  } catch (error) {
    showError(error);
  } finally {
    busy = false;
    submitButton.removeAttribute('aria-busy');
  }
}

/**
 * Makes this browser's device key for `name` and keeps it in IndexedDB; returns its public JWK to register, or
 * null when the browser cannot make or keep one (the server refuses the enrollment only if the organization
 * requires the possession factor).
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

function showOutcome(enrollment: Enrollment): void {
  if (enrollment.status === 'active') {
    const name = username.input.value.trim();
    status.show(`Enrolled as ${name}.`, 'success');
    showResult(
      resultSlot,
      resultCard(
        'granted',
        'You are enrolled',
        h('p', {}, `From now on, `, h('strong', {}, name), ` can log in by looking at the camera.`),
        h('p', {}, h('a', { href: `/login/?username=${encodeURIComponent(name)}`, role: 'button' }, 'Log in now')),
      ),
    );
    return;
  }
  const advice = adviceFor(enrollment.reason, 'enroll');
  status.show(`Not enrolled: ${advice.title}.`, 'error');
  showResult(resultSlot, adviceCard(advice, tryAgainButton()));
}

function showError(error: unknown): void {
  progress.hide();
  if (error instanceof EnrollmentTimeoutError) {
    status.show('Your photo is taking longer than usual to check.', 'error');
    showResult(
      resultSlot,
      resultCard('info', 'Still checking', h('p', {}, 'Please come back in a minute, or try again.'), tryAgainButton()),
    );
    return;
  }
  const code = error instanceof ApiError ? error.code : 'network_error';
  const advice = adviceFor(code, 'enroll');
  status.show(`Not enrolled: ${advice.title}.`, 'error');
  if (code === 'username_taken' || code === 'enrollment_in_progress' || code === 'invalid_username')
    username.setError(advice.tip);
  showResult(resultSlot, adviceCard(advice, tryAgainButton()));
}

function tryAgainButton(): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Try again');
  button.addEventListener('click', () => {
    captured = null;
    photo.unfreeze();
    photo.resetPicked();
    captureButton.textContent = 'Take photo';
    progress.hide();
    resultSlot.replaceChildren();
    status.show('Ready for a new photo.');
    (photo.mode === 'camera' ? captureButton : username.input).focus();
  });
  return button;
}

/** Built-in constraint validation, announced in the status line and marked on each field. */
function validate(): boolean {
  for (const f of [username, displayName, email]) f.setError(null);
  const invalid = [username, email].find((f) => !f.input.checkValidity());
  if (invalid) {
    invalid.setError(invalid.input.validationMessage);
    invalid.input.focus();
    status.show(`Please check ${invalid.labelText.toLowerCase()}: ${invalid.input.validationMessage}`, 'error');
    return false;
  }
  if (!consent.checked) {
    consent.setAttribute('aria-invalid', 'true');
    consent.focus();
    status.show('Please read and accept the consent statement.', 'error');
    return false;
  }
  consent.removeAttribute('aria-invalid');
  return true;
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

const preset = new URLSearchParams(location.search).get('username');
if (preset) username.input.value = preset;
void photo.start();
