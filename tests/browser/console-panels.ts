/** Reading the operator console's panels in the dataset scenarios. */
import type { Locator, Page } from '@playwright/test';

export type PanelState = 'rows' | 'unavailable' | 'empty';

/** Waits for whichever of a panel's end states appears first. */
export async function settle(page: Page, rows: string, unavailable: string, empty?: string): Promise<PanelState> {
  const states: [string, PanelState][] = [
    [rows, 'rows'],
    [unavailable, 'unavailable'],
    ...(empty ? [[empty, 'empty'] as [string, PanelState]] : []),
  ];
  return Promise.any(
    states.map(([selector, state]) =>
      page
        .locator(selector)
        .first()
        .waitFor({ timeout: 15_000 })
        .then(() => state),
    ),
  ).catch(() => {
    throw new Error(`the console panel did not settle (none of ${states.map(([s]) => s).join(', ')} appeared)`);
  });
}

/** One attribute of every element the locator matches (absent ones left out). */
export async function attributeOf(locator: Locator, name: string): Promise<string[]> {
  const values = await Promise.all((await locator.all()).map((element) => element.getAttribute(name)));
  return values.filter((value): value is string => value !== null);
}

/** The alerts listed in the console: whom each names and which attempts it points at. */
export async function listedAlerts(page: Page): Promise<{ userId: string | null; attemptIds: string[] }[]> {
  return Promise.all(
    (await page.locator('#alerts-list li').all()).map(async (li) => ({
      userId: await li.getAttribute('data-user-id'),
      attemptIds: ((await li.getAttribute('data-attempt-ids')) ?? '').split(' '),
    })),
  );
}
