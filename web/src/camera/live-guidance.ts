/**
 * Live guidance on the camera preview: the in-browser detector looks at the video several times a second, the
 * caption says the one thing to fix, the ring on the oval fills while the picture stays good, and once it is full
 * `onSteady` fires (auto-capture). Nothing is sent to the server here. Without the detector (no WebAssembly, the
 * model did not load) the page keeps its manual button and says so.
 */
import { loadFaceDetector, type FaceDetector } from './detector/face-detector.js';
import type { Guidance, ObservedFace } from './guidance/capture-guidance.js';
import { assessFrame } from './guidance/capture-guidance.js';
import { SteadyHold } from './guidance/steady-hold.js';
import type { PhotoSource } from './photo-source.js';
import { markStage } from '../ui/stage-marks.js';

export interface LiveGuidanceOptions {
  photo: PhotoSource;
  /** How long the picture must stay good before `onSteady`. */
  holdMs?: number;
  /** Whether a good picture may fill the ring now (e.g. the login's username is filled in); default always. */
  armed?: () => boolean;
  /** The caption while the picture is good but `armed` says no. */
  waitingMessage?: () => string;
  /** The ring is full: take the photo. Guidance pauses itself first; call `resume()` to look again. */
  onSteady?: () => void;
  /** The caption for a judged frame, when the page has better words (the kiosk while it welcomes someone). */
  caption?: (guidance: Guidance) => string | null;
  /** Every judged frame (the kiosk acts on presence). */
  onGuidance?: (guidance: Guidance, face: ObservedFace | null) => void;
}

/**
 * The picture must stay good this long, over at least this many judged frames, before the capture: long enough that
 * a face passing through does not fire it, short enough not to keep someone who is ready waiting (700 ms made the
 * hold a third of a login on a fast machine).
 */
const HOLD_MS = 400;
const HOLD_FRAMES = 3;

/** At most ~12 detections a second: smooth enough for the ring, light on a phone's battery. */
const MIN_FRAME_MS = 80;

export class LiveGuidance {
  private detector: FaceDetector | null = null;
  private running = false;
  private paused = false;
  private previous: ObservedFace | null = null;
  private readonly hold: SteadyHold;
  private latestValue: Guidance | null = null;

  constructor(private readonly options: LiveGuidanceOptions) {
    this.hold = new SteadyHold(options.holdMs ?? HOLD_MS, HOLD_FRAMES);
  }

  /** The last judgement, or null before the first frame. */
  get latest(): Guidance | null {
    return this.latestValue;
  }

  get available(): boolean {
    return this.detector !== null;
  }

  /** Loads the detector and starts looking; false when guidance is not available in this browser. */
  async start(): Promise<boolean> {
    try {
      this.detector = await loadFaceDetector();
    } catch {
      this.options.photo.setCaption('Live guidance is not available in this browser: take the photo yourself.');
      return false;
    }
    this.running = true;
    void this.loop();
    return true;
  }

  /** Stops judging frames (while a photo is checked, or a prompt is shown). */
  pause(): void {
    this.paused = true;
    this.hold.reset();
    this.options.photo.setProgress(0);
  }

  resume(): void {
    this.previous = null;
    this.hold.reset();
    this.paused = false;
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    const { photo } = this.options;
    while (this.running) {
      const started = performance.now();
      const video = photo.videoElement;
      if (!this.paused && photo.mode === 'camera' && video.videoWidth > 0 && this.detector) {
        try {
          this.judge(await this.detector.detect(video));
        } catch {
          // A frame that could not be read (camera switching, tab hidden): the next one will do.
        }
      }
      const wait = Math.max(0, MIN_FRAME_MS - (performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private judge(observation: Parameters<typeof assessFrame>[0]): void {
    if (this.paused) return;
    const { photo } = this.options;
    markStage('first-detect');
    const guidance = assessFrame(observation, this.previous);
    const face = observation.faces[0] ?? null;
    this.previous = face;
    this.latestValue = guidance;
    const armed = this.options.armed?.() ?? true;
    const progress = this.hold.update(guidance.code === 'ok' && armed, performance.now());
    photo.setProgress(progress);
    const words =
      this.options.caption?.(guidance) ??
      (guidance.code === 'ok' && !armed ? (this.options.waitingMessage?.() ?? guidance.message) : guidance.message);
    photo.setCaption(words, guidance.code);
    this.options.onGuidance?.(guidance, face);
    if (progress >= 1 && this.options.onSteady) {
      markStage('steady');
      this.pause();
      this.options.onSteady();
    }
  }
}
