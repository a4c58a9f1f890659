/** The outcome of a step, as an article with a heading, focused so keyboard and screen-reader users land on it. */
import type { Advice } from '../advice/reason-advice.js';
import type { Child } from './dom.js';
import { h } from './dom.js';

export type Outcome = 'granted' | 'denied' | 'info';

export function resultCard(outcome: Outcome, heading: string, ...body: Child[]): HTMLElement {
  return h(
    'article',
    { class: `result result-${outcome}`, 'data-outcome': outcome, tabindex: -1, 'aria-labelledby': 'result-heading' },
    h('h2', { id: 'result-heading' }, heading),
    ...body,
  );
}

/** A denial or rejection: what went wrong, and what to try. */
export function adviceCard(advice: Advice, ...extra: Child[]): HTMLElement {
  return resultCard('denied', advice.title, h('p', { class: 'advice' }, advice.tip), ...extra);
}

/** Puts `card` into `slot` and moves focus to it, once it is on screen. */
export function showResult(slot: HTMLElement, card: HTMLElement): void {
  slot.replaceChildren(card);
  card.focus({ preventScroll: false });
}
