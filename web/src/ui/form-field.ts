/** A labelled input with a hint and an error message wired through aria-describedby / aria-invalid. */
import type { AttrValue } from './dom.js';
import { h, uniqueId } from './dom.js';

export interface Field {
  wrapper: HTMLDivElement;
  input: HTMLInputElement;
  labelText: string;
  /** Shows `message` as the field's error (null clears it). */
  setError(message: string | null): void;
}

export function field(labelText: string, attrs: Record<string, AttrValue>, hint?: string): Field {
  const id = uniqueId(String(attrs.name ?? 'field'));
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', { id, type: 'text', ...attrs, 'aria-describedby': hint ? hintId : null });
  const error = h('small', { id: errorId, class: 'field-error', hidden: true });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText, attrs.required ? null : h('span', { class: 'optional' }, ' (optional)')),
    input,
    hint ? h('small', { id: hintId }, hint) : null,
    error,
  );
  return {
    wrapper,
    input,
    labelText,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = message === null;
      if (message === null) {
        input.removeAttribute('aria-invalid');
        input.setAttribute('aria-describedby', hint ? hintId : '');
        if (!hint) input.removeAttribute('aria-describedby');
      } else {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [hint ? hintId : '', errorId].filter(Boolean).join(' '));
      }
    },
  };
}
