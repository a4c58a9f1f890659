/** Settings: the API keys this tab uses. */
import { keyForm } from '../settings/key-form.js';
import { KEY_ROLES, keyStore } from '../settings/key-store.js';
import { h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';

const main = renderShell(
  'settings',
  'Settings',
  'The API keys of your organization. An administrator gives them to you.',
);
main.append(
  keyForm(keyStore(), { roles: KEY_ROLES }),
  h(
    'p',
    {},
    h(
      'small',
      {},
      'On a local stack (npm start) the demo keys are in dev-credentials.json in the data directory, and in the start-up output.',
    ),
  ),
);
