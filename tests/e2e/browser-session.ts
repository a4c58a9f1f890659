/**
 * One Chromium launch (Debian's /usr/bin/chromium through playwright-core) with a fresh profile, optionally fed a
 * Y4M file as its camera. Collects console errors and uncaught page errors so a scenario can fail on them, and
 * saves numbered screenshots.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.FACEGATE_CHROMIUM ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type CameraSetup =
  /** Chromium's fake camera plays this Y4M file; the permission prompt is accepted automatically. */
  | { kind: 'video'; file: string }
  /** A camera exists but the person refuses access (the prompt is answered "block"). */
  | { kind: 'refused' };

export interface SessionOptions {
  camera: CameraSetup;
  /** A phone: 390x844 CSS pixels, touch, mobile viewport meta honoured. */
  phone?: boolean;
  /** URLs whose failed loads are expected (e.g. optional endpoints a server may lack) and not counted as errors. */
  toleratedFailures?: RegExp[];
}

export class BrowserSession {
  /** Console errors and uncaught exceptions, in order. */
  readonly errors: string[] = [];
  /** Failed loads that were expected (see `toleratedFailures`). */
  readonly tolerated: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
    private readonly toleratedFailures: RegExp[],
  ) {
    page.on('console', (message) => this.onConsole(message));
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
  }

  static async launch(options: SessionOptions): Promise<BrowserSession> {
    const profileDir = await mkdtemp(path.join(tmpdir(), 'facegate-chromium-'));
    const args = [...BASE_ARGS];
    if (options.camera.kind === 'video') {
      args.push(
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${options.camera.file}`,
      );
    } else {
      // A fake camera exists, but without the fake UI the headless prompt is dismissed: access refused.
      args.push('--use-fake-device-for-media-stream', '--deny-permission-prompts');
    }
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args,
      ...(options.phone
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
        : { viewport: { width: 1280, height: 900 } }),
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new BrowserSession(context, page, profileDir, options.toleratedFailures ?? []);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    await rm(this.profileDir, { recursive: true, force: true });
  }

  private onConsole(message: ConsoleMessage): void {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    const text = `${message.text()}${url ? ` (${url})` : ''}`;
    if (url && this.toleratedFailures.some((pattern) => pattern.test(url))) this.tolerated.push(text);
    else this.errors.push(text);
  }
}
