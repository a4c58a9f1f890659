/**
 * Log in (1:1 verify): the page is the `<facegate-login>` element an organization embeds (web/src/widget), inside
 * the site's frame, with the site's publishable key (never seen or typed by the person). Granted: who it is and the
 * token's claims. Denied: the reason and what to try.
 */
import { publishableKey } from '../api/browser-api.js';
import { renderShell } from '../ui/page-shell.js';
import { defineFaceGateElements } from '../widget/define-elements.js';

defineFaceGateElements();
const main = renderShell('login', 'Log in with your face');

void publishableKey().then((key) => {
  const login = document.createElement('facegate-login');
  login.setAttribute('publishable-key', key ?? '');
  const preset = new URLSearchParams(location.search).get('username');
  if (preset) login.setAttribute('username', preset);
  main.append(login);
});
