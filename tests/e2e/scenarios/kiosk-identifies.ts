/**
 * The kiosk identifies person A hands-free (no button) and without a username, sending throttled frames while it
 * sees a good face. Its camera
 * sees an empty wall and B (not enrolled yet) before A, so the loop usually has to keep going past denials.
 */
import type { Scenario } from '../scenario.js';
import { inBrowser } from '../scenario.js';
import { check, checkEqual } from '../expectations.js';
import { checkControlsLabelled, enterKeys, resultHeading, waitForPhotoMode } from '../page-steps.js';

/** The kiosk's frame interval is 500 ms; requests may start a little early on a busy machine, never much. */
const MIN_GAP_MS = 400;

export const kioskIdentifies: Scenario = {
  name: 'kiosk identifies A',
  run: (ctx) =>
    inBrowser(ctx, { camera: { kind: 'video', file: ctx.videos.kiosk } }, async ({ page }) => {
      const a = ctx.people.a;
      const requests: number[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/identify')
          requests.push(Date.now());
      });
      await enterKeys(page, ctx);
      await page.goto(ctx.url('/kiosk/'));
      await waitForPhotoMode(page, 'camera');
      await checkControlsLabelled(page, 'kiosk page');
      await ctx.shoot(page, 'kiosk-ready');
      // Hands-free: no button; the kiosk starts identifying once it sees a good face.
      const result = await resultHeading(page, 30_000);
      await ctx.shoot(page, 'kiosk-identified');
      checkEqual(result.outcome, 'granted', `kiosk result ("${result.heading}")`);
      checkEqual(result.heading, `Welcome, ${a.username}`, 'kiosk welcome');

      const timing = (await page.locator('.result .timing').textContent()) ?? '';
      const match = /Identified in ([\d.]+) (ms|s) after (\d+) frame/.exec(timing);
      check(match, `the kiosk reports its time and frames, got "${timing}"`);
      const gaps = requests.slice(1).map((t, i) => t - requests[i]!);
      const minGap = gaps.length ? Math.min(...gaps) : null;
      check(minGap === null || minGap >= MIN_GAP_MS, `frames are throttled: requests ${gaps.join(', ')} ms apart`);
      ctx.figures.kiosk = {
        elapsedMs: Number(match[1]) * (match[2] === 's' ? 1000 : 1),
        frames: Number(match[3]),
        identifyRequests: requests.length,
        minGapMs: minGap,
      };
    }),
};
