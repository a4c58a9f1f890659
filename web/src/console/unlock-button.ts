/**
 * The Unlock button both the users table and a user's page show while a lockout runs: it asks the service, says
 * what happened in the panel's status line, and leaves the panel to redraw its lockout cell.
 */
import type { FaceGateApi } from '../api/facegate-api.js';
import { h } from '../ui/dom.js';
import type { StatusLine } from '../ui/status-line.js';
import { errorMessage } from './panel-errors.js';

export interface UnlockButtonOptions {
  api: FaceGateApi;
  user: { userId: string; username: string };
  status: StatusLine;
  /** Extra classes and an accessible name where the button sits among others (a table row). */
  className?: string;
  ariaLabel?: string;
  /** After the service unlocked the user: the panel shows the lockout as over. */
  onUnlocked: () => void;
  onError?: (error: unknown) => void;
}

export function unlockButton(options: UnlockButtonOptions): HTMLButtonElement {
  const { api, user, status } = options;
  const button = h(
    'button',
    {
      type: 'button',
      ...(options.className ? { class: options.className } : {}),
      ...(options.ariaLabel ? { 'aria-label': options.ariaLabel } : {}),
    },
    'Unlock',
  );
  button.addEventListener('click', () => {
    void (async () => {
      status.show(`Unlocking ${user.username}…`, 'busy');
      button.disabled = true;
      try {
        await api.unlockUser(user.userId);
        button.remove();
        options.onUnlocked();
        status.show(`${user.username} was unlocked: the next attempt is judged on the face alone.`, 'success');
      } catch (error) {
        button.disabled = false;
        status.show(errorMessage(error, `${user.username} could not be unlocked`), 'error');
        options.onError?.(error);
      }
    })();
  });
  return button;
}
