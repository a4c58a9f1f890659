/**
 * Log in (1:1 verify): the page is the `<facegate-login>` element an organization embeds (web/src/widget), inside
 * the site's frame, with the site's publishable key (never seen or typed by the person). Granted: who it is and the
 * token's claims. Denied: the reason and what to try.
 */
import { publishableKey } from '../api/browser-api.js';
import { renderShell } from '../ui/page-shell.js';
import { markStage } from '../ui/stage-marks.js';
import { defineFaceGateElements } from '../widget/define-elements.js';

markStage('page-script');
defineFaceGateElements();
const main = renderShell('login', 'Log in with your face');

// The element (camera and detector) starts at once, while the key is fetched; auto-capture waits for the key so no
// request leaves without it.
const login = document.createElement('facegate-login');
const preset = new URLSearchParams(location.search).get('username');
if (preset) login.setAttribute('username', preset);
login.setAttribute('auto-capture', 'off');
main.append(login);
void publishableKey().then((key) => {
  login.setAttribute('publishable-key', key ?? '');
  login.removeAttribute('auto-capture');
});
