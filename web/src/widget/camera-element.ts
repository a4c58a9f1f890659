/**
 * What `<facegate-login>` and `<facegate-enroll>` share: an element that owns a camera (`PhotoSource`) and the live
 * guidance over it, built when it is attached to a page and released when it is removed. Each subclass renders its
 * form (creating `photo`) and says how the guidance behaves (`guidanceOptions`).
 */
import { loadFaceDetector } from '../camera/detector/face-detector.js';
import { LiveGuidance, type LiveGuidanceOptions } from '../camera/live-guidance.js';
import type { PhotoSource } from '../camera/photo-source.js';

export abstract class CameraElement extends HTMLElement {
  protected photo: PhotoSource | null = null;
  protected guidance: LiveGuidance | null = null;

  /** Builds the element's content, including `this.photo`. */
  protected abstract render(): void;

  /** The guidance's behaviour once the camera runs (when it may capture, what it says while waiting). */
  protected abstract guidanceOptions(photo: PhotoSource): LiveGuidanceOptions;

  connectedCallback(): void {
    if (this.photo) return;
    this.render();
    // The detector loads while the camera starts, not after it.
    void loadFaceDetector().catch(() => undefined);
    void this.startCamera();
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
