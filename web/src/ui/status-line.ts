/**
 * One polite live region per task: screen readers announce each new message once, and Pico shows a spinner
 * while `aria-busy` is set.
 */
import { h } from './dom.js';

export type Tone = 'info' | 'busy' | 'success' | 'error';

export class StatusLine {
  readonly element: HTMLParagraphElement;

  constructor(id?: string) {
    this.element = h('p', { role: 'status', 'aria-live': 'polite', class: 'status-line', id });
  }

  show(message: string, tone: Tone = 'info'): void {
    this.element.textContent = message;
    this.element.dataset.tone = tone;
    this.element.setAttribute('aria-busy', tone === 'busy' ? 'true' : 'false');
  }

  clear(): void {
    this.element.textContent = '';
    delete this.element.dataset.tone;
    this.element.setAttribute('aria-busy', 'false');
  }
}
