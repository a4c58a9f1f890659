/**
 * Where a photo comes from: the live front camera with a face guide, or — when the camera is refused, missing or
 * busy — a file input with `capture="user"`, which on phones opens the front camera app directly.
 * The page decides when to take the photo; this component only provides it.
 */
import { append, h, uniqueId } from '../ui/dom.js';
import { captureVideoFrame, normalizePickedPhoto } from './capture-jpeg.js';
import { faceGuide, type FaceGuide } from './face-guide.js';
import { openCamera, stopStream } from './open-camera.js';
import { markStage } from '../ui/stage-marks.js';

export type PhotoMode = 'starting' | 'camera' | 'file';

/** The colour of the oval after a capture was judged: it follows the actual result, never the capture itself. */
export type CaptureOutcome = 'success' | 'failure';

export interface PhotoSourceOptions {
  /** Accessible name of the preview, e.g. "Camera preview for enrollment". */
  label: string;
  /** Called when a file was picked in fallback mode (after it has been prepared for upload). */
  onPicked?: (photo: Blob) => void;
  /** Called once the mode is known (camera running, or fallback shown). */
  onMode?: (mode: PhotoMode) => void;
}

export class PhotoSource {
  readonly element: HTMLElement;
  private modeValue: PhotoMode = 'starting';
  private stream: MediaStream | null = null;
  private picked: Blob | null = null;
  private snapshotUrl: string | null = null;
  private readonly video: HTMLVideoElement;
  private readonly snapshot: HTMLImageElement;
  private readonly stage: HTMLDivElement;
  private readonly fallback: HTMLDivElement;
  private readonly fallbackReason: HTMLParagraphElement;
  private readonly fileInput: HTMLInputElement;
  private readonly caption: HTMLElement;
  private readonly guide: FaceGuide;
  private readonly prompt: HTMLParagraphElement;

  constructor(private readonly options: PhotoSourceOptions) {
    this.video = h('video', { autoplay: true, muted: true, playsinline: true, 'aria-label': options.label });
    // Properties as well as attributes: iOS Safari only honours the properties for inline, silent autoplay.
    this.video.muted = true;
    this.video.playsInline = true;
    this.snapshot = h('img', { class: 'snapshot', alt: 'The photo just taken', hidden: true });
    this.stage = h('div', { class: 'camera-stage', 'data-state': 'off' }, this.video, this.snapshot);
    this.guide = faceGuide();
    // The head-turn prompt sits on the video itself, where the person is looking.
    this.prompt = h('p', { class: 'camera-prompt', 'aria-live': 'assertive', hidden: true });
    this.stage.append(this.guide.element, this.prompt);
    this.caption = h('figcaption', { 'aria-live': 'polite' }, 'The camera is off.');

    const inputId = uniqueId('photo-file');
    this.fileInput = h('input', {
      id: inputId,
      type: 'file',
      accept: 'image/jpeg,image/png,image/webp,image/*',
      capture: 'user',
      'aria-describedby': `${inputId}-hint`,
    });
    this.fileInput.addEventListener('change', () => void this.onFileChosen());
    this.fallbackReason = h('p', { class: 'fallback-reason' });
    this.fallback = h(
      'div',
      { class: 'photo-fallback', hidden: true },
      this.fallbackReason,
      h('label', { for: inputId }, 'Take or choose a photo of your face'),
      this.fileInput,
      h('small', { id: `${inputId}-hint` }, 'One face, well lit, looking straight at the camera.'),
    );
    this.element = h('figure', { class: 'photo-source' }, this.stage, this.caption, this.fallback);
    window.addEventListener('pagehide', () => this.stop());
  }

  get mode(): PhotoMode {
    return this.modeValue;
  }

  /** The live video, for the in-browser face detector. */
  get videoElement(): HTMLVideoElement {
    return this.video;
  }

  /** The words under the picture (guidance while live). */
  setCaption(text: string, code?: string): void {
    if (this.caption.textContent !== text) this.caption.textContent = text;
    if (code) this.stage.dataset.guidance = code;
    else delete this.stage.dataset.guidance;
  }

  /** Fills the ring on the oval (0..1). */
  setProgress(fraction: number): void {
    this.guide.setProgress(fraction);
  }

  /** Shows a prompt on the video (null hides it); while shown, the caption says the same, never something else. */
  showPrompt(text: string | null): void {
    this.prompt.textContent = text ?? '';
    this.prompt.hidden = text === null;
    if (text !== null) this.setCaption(text, 'prompt');
  }

  /** Colours the oval with the result of the check (null: back to neutral). */
  showOutcome(outcome: CaptureOutcome | null): void {
    if (outcome) this.stage.dataset.outcome = outcome;
    else delete this.stage.dataset.outcome;
  }

  /** True when a photo can be taken now (camera running, or a file picked). */
  get ready(): boolean {
    return this.modeValue === 'camera' ? this.video.videoWidth > 0 : this.picked !== null;
  }

  /** Opens the camera, or shows the file input with the reason it could not be opened. */
  async start(): Promise<PhotoMode> {
    this.stage.dataset.state = 'starting';
    this.caption.textContent = 'Starting the camera…';
    const camera = await openCamera();
    if (!camera.ok) {
      this.useFileInput(`${camera.message} You can take or choose a photo instead.`);
      return this.modeValue;
    }
    this.stream = camera.stream;
    this.video.srcObject = camera.stream;
    try {
      await this.video.play();
      await this.firstFrame();
    } catch {
      stopStream(this.stream);
      this.stream = null;
      this.useFileInput('The camera started but showed no picture. You can take or choose a photo instead.');
      return this.modeValue;
    }
    this.stage.dataset.state = 'live';
    markStage('camera-live');
    this.caption.textContent = 'Fit your face inside the oval, look at the camera, and keep still.';
    this.setMode('camera');
    return this.modeValue;
  }

  /** Switches to the file input, explaining why. */
  useFileInput(reason: string): void {
    stopStream(this.stream);
    this.stream = null;
    this.stage.hidden = true;
    this.caption.hidden = true;
    this.fallbackReason.textContent = reason;
    this.fallback.hidden = false;
    this.setMode('file');
  }

  /** The photo: the current camera frame, or the picked file. */
  async takePhoto(): Promise<Blob> {
    if (this.modeValue === 'camera') return captureVideoFrame(this.video);
    if (this.picked) return this.picked;
    this.fileInput.focus();
    throw new Error('Take or choose a photo first.');
  }

  /** Holds `photo` on screen in place of the live picture (after capture, while it is being checked). */
  freeze(photo: Blob): void {
    this.unfreeze();
    this.snapshotUrl = URL.createObjectURL(photo);
    this.snapshot.src = this.snapshotUrl;
    this.snapshot.hidden = false;
    this.stage.dataset.state = 'frozen';
  }

  /** Back to the live picture, the oval neutral and the ring empty. */
  unfreeze(): void {
    this.showOutcome(null);
    this.showPrompt(null);
    this.setProgress(0);
    if (this.snapshotUrl) URL.revokeObjectURL(this.snapshotUrl);
    this.snapshotUrl = null;
    this.snapshot.hidden = true;
    this.snapshot.removeAttribute('src');
    if (this.modeValue === 'camera') this.stage.dataset.state = 'live';
  }

  /** Forgets a picked file so a new one must be chosen (after a rejection). */
  resetPicked(): void {
    this.picked = null;
    this.fileInput.value = '';
    this.fallback.querySelector('.picked-preview')?.remove();
  }

  stop(): void {
    stopStream(this.stream);
    this.stream = null;
  }

  private async onFileChosen(): Promise<void> {
    const file = this.fileInput.files?.[0];
    this.fallback.querySelector('.picked-preview')?.remove();
    if (!file) {
      this.picked = null;
      return;
    }
    this.picked = await normalizePickedPhoto(file);
    const url = URL.createObjectURL(this.picked);
    const preview = h('img', { class: 'picked-preview', alt: 'The photo you chose', src: url });
    preview.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    append(this.fallback, preview);
    this.options.onPicked?.(this.picked);
  }

  private firstFrame(): Promise<void> {
    if (this.video.videoWidth > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame')), 5000);
      this.video.addEventListener(
        'loadeddata',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  private setMode(mode: PhotoMode): void {
    this.modeValue = mode;
    this.element.dataset.mode = mode;
    this.options.onMode?.(mode);
  }
}
