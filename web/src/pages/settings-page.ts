/** Settings: the API keys this tab uses, and (with an operator key) the organization's login security. */
import { FaceGateApi } from '../api/facegate-api.js';
import { keyForm } from '../settings/key-form.js';
import { KEY_ROLES, keyStore } from '../settings/key-store.js';
import { loginSecurityForm } from '../settings/login-security-form.js';
import { h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';

const main = renderShell(
  'settings',
  'Settings',
  'The API keys of your organization. An administrator gives them to you.',
);
const store = keyStore();
const security = loginSecurityForm(new FaceGateApi(() => store.get('operator')), () => store.get('operator') !== null);
main.append(
  keyForm(store, { roles: KEY_ROLES, onSaved: () => void security.load() }),
  h(
    'p',
    {},
    h(
      'small',
      {},
      'On a local stack (npm start) the demo keys are in dev-credentials.json in the data directory, and in the start-up output.',
    ),
  ),
  security.element,
);
void security.load();
