/** A labelled <progress> for the photo upload; hidden until used. */
import { h, uniqueId } from './dom.js';

export class ProgressBar {
  readonly element: HTMLDivElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLSpanElement;

  constructor(label: string) {
    const id = uniqueId('progress');
    this.bar = h('progress', { id, max: 100, value: 0 });
    this.text = h('span', { class: 'progress-value' }, '0%');
    this.element = h(
      'div',
      { class: 'progress', hidden: true },
      h('label', { for: id }, label, ' ', this.text),
      this.bar,
    );
  }

  /** Shows the bar at `fraction` (0..1). */
  set(fraction: number): void {
    const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
    this.element.hidden = false;
    this.bar.value = percent;
    this.text.textContent = `${percent}%`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
