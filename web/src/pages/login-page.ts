/**
 * Log in (1:1 verify): the page is the `<facegate-login>` element an organization embeds (web/src/widget), inside
 * the site's frame, with this tab's client key. Granted: who it is and the token's claims. Denied: the reason and
 * what to try. A refused key asks for another one here.
 */
import { KeyGate } from '../settings/key-gate.js';
import { keyStore } from '../settings/key-store.js';
import { h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';
import { defineFaceGateElements } from '../widget/define-elements.js';

defineFaceGateElements();
const main = renderShell('login', 'Log in with your face');
const keySlot = h('div', { class: 'key-slot', hidden: true });
const gate = new KeyGate(keyStore(), 'client', keySlot);
main.append(keySlot);

gate.whenReady(() => {
  const login = document.createElement('facegate-login');
  login.setAttribute('publishable-key', gate.key() ?? '');
  const preset = new URLSearchParams(location.search).get('username');
  if (preset) login.setAttribute('username', preset);
  login.addEventListener('facegate-error', (event) => {
    const { code } = event.detail;
    if (code === 'unauthorized' || code === 'forbidden')
      gate.ask('The API key was not accepted. Enter this organization’s client key.', () =>
        login.setAttribute('publishable-key', gate.key() ?? ''),
      );
  });
  main.append(login);
});
