/**
 * The console's sign-in form: the operator key, typed as a password, tried with one operator-only request
 * (`GET /v1/settings`) before it is kept, so a wrong or non-operator key is refused at the door.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError } from '../api/api-error.js';
import { h, uniqueId } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';
import type { OperatorSession } from './operator-session.js';

export interface SignInOptions {
  /** Tries a key with an operator-only request; rejects with the server's ApiError when it is refused. */
  check(key: string): Promise<unknown>;
  onSignedIn(): void;
  notice?: string;
}

export function operatorSignIn(session: OperatorSession, options: SignInOptions): HTMLFormElement {
  const status = new StatusLine();
  const id = uniqueId('operator-key');
  const input = h('input', {
    id,
    name: 'operatorKey',
    type: 'password',
    autocomplete: 'current-password',
    spellcheck: 'false',
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'operator-sign-in', 'aria-label': 'Operator sign-in' },
    h('p', {}, options.notice ?? 'Sign in with your organization’s operator key.'),
    h('label', { for: id }, 'Operator key'),
    input,
    h('small', {}, 'Kept in this browser tab only, and forgotten when the tab closes or you sign out.'),
    submit,
    status.element,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const key = input.value.trim();
      submit.setAttribute('aria-busy', 'true');
      status.show('Signing in…', 'busy');
      try {
        await options.check(key);
        session.signIn(key);
        input.value = '';
        status.clear();
        options.onSignedIn();
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'network_error';
        const advice =
          code === 'unauthorized' || code === 'forbidden'
            ? { title: 'Not signed in', tip: 'That is not an operator key of this organization.' }
            : adviceFor(code, 'login');
        status.show(`${advice.title}. ${advice.tip}`, 'error');
      } finally {
        submit.removeAttribute('aria-busy');
      }
    })();
  });
  return form;
}
