/** A browser scenario, and the one way scenarios open a browser: fresh profile, errors checked, always closed. */
import { BrowserSession, type SessionOptions } from './browser-session.js';
import type { E2eContext } from './e2e-context.js';
import { ExpectationFailed } from './expectations.js';

export interface Scenario {
  name: string;
  run(ctx: E2eContext): Promise<void>;
}

/** Optional endpoints the console copes without; their 404s are reported as notes, not errors (none at present). */
const OPTIONAL_ENDPOINTS: RegExp[] = [];

/** Runs `steps` in a new Chromium; fails if the page logged console errors or threw, even when the steps passed. */
export async function inBrowser(
  ctx: E2eContext,
  options: Omit<SessionOptions, 'toleratedFailures'>,
  steps: (session: BrowserSession) => Promise<void>,
): Promise<void> {
  const session = await BrowserSession.launch({ ...options, toleratedFailures: OPTIONAL_ENDPOINTS });
  try {
    await steps(session);
    // Late errors (a poll, a chart) surface within a moment.
    await session.page.waitForTimeout(250);
  } finally {
    await session.close();
  }
  for (const text of new Set(session.tolerated)) ctx.notes.push(`tolerated: ${text}`);
  if (session.errors.length > 0) {
    throw new ExpectationFailed(
      `the browser reported ${session.errors.length} error(s):\n  ${session.errors.join('\n  ')}`,
    );
  }
}
