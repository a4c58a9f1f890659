/**
 * What `<facegate-login>` and `<facegate-enroll>` share: an element that owns a camera (`PhotoSource`) and the live
 * guidance over it, built when it is attached to a page and released when it is removed. Each subclass renders its
 * form (creating `photo`) and says how the guidance behaves (`guidanceOptions`).
 */
import { loadFaceDetector } from '../camera/detector/face-detector.js';
import { LiveGuidance, type LiveGuidanceOptions } from '../camera/live-guidance.js';
import type { PhotoSource } from '../camera/photo-source.js';
import type { StatusLine } from '../ui/status-line.js';

export abstract class CameraElement extends HTMLElement {
  protected photo: PhotoSource | null = null;
  protected guidance: LiveGuidance | null = null;
  /** The status line under the form (made by `render`). */
  protected status!: StatusLine;
  /** A photo is being taken or checked: presses and auto-capture wait. */
  protected busy = false;
  /** Settles once the camera runs with its guidance (or the file input shows instead). */
  private cameraReady: Promise<void> = Promise.resolve();

  /** Builds the element's content, including `this.photo`. */
  protected abstract render(): void;

  /** The guidance's behaviour once the camera runs (when it may capture, what it says while waiting). */
  protected abstract guidanceOptions(photo: PhotoSource): LiveGuidanceOptions;

  connectedCallback(): void {
    if (this.photo) return;
    this.render();
    // The detector loads while the camera starts, not after it.
    void loadFaceDetector().catch(() => undefined);
    this.cameraReady = this.startCamera().catch(() => undefined);
  }

  /**
   * A press while the camera is still starting waits for it (busy meanwhile, so a second press does nothing) and
   * then goes on as if pressed a moment later; taking a photo then failed with "Take or choose a photo first." and
   * no result event.
   */
  protected async cameraStarted(): Promise<void> {
    if (this.photo?.mode !== 'starting') return;
    this.busy = true;
    this.status.show('Starting the camera…', 'busy');
    try {
      await this.cameraReady;
    } finally {
      this.busy = false;
    }
  }

  disconnectedCallback(): void {
    this.guidance?.stop();
    this.photo?.stop();
    this.guidance = null;
    this.photo = null;
    this.replaceChildren();
  }

  private async startCamera(): Promise<void> {
    const photo = this.photo!;
    const mode = await photo.start();
    // A picked file (no camera) needs no guidance; an element removed meanwhile needs nothing.
    if (mode !== 'camera' || !this.isConnected) return;
    this.guidance = new LiveGuidance(this.guidanceOptions(photo));
    await this.guidance.start();
  }
}
