/**
 * Enroll: the page is the `<facegate-enroll>` element an organization embeds (web/src/widget), inside the site's
 * frame, with the site's publishable key (never seen or typed by the person).
 */
import { publishableKey } from '../api/browser-api.js';
import { renderShell } from '../ui/page-shell.js';
import { defineFaceGateElements } from '../widget/define-elements.js';

defineFaceGateElements();
const main = renderShell('enroll', 'Enroll your face', 'Enroll once; afterwards you log in by looking at the camera.');

void publishableKey().then((key) => {
  const enroll = document.createElement('facegate-enroll');
  enroll.setAttribute('publishable-key', key ?? '');
  const preset = new URLSearchParams(location.search).get('username');
  if (preset) enroll.setAttribute('username', preset);
  main.append(enroll);
});
