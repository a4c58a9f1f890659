/**
 * Enroll: the page is the `<facegate-enroll>` element an organization embeds (web/src/widget), inside the site's
 * frame, with this tab's client key. A refused key asks for another one here.
 */
import { KeyGate } from '../settings/key-gate.js';
import { keyStore } from '../settings/key-store.js';
import { h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';
import { defineFaceGateElements } from '../widget/define-elements.js';

defineFaceGateElements();
const main = renderShell('enroll', 'Enroll your face', 'Enroll once; afterwards you log in by looking at the camera.');
const keySlot = h('div', { class: 'key-slot', hidden: true });
const gate = new KeyGate(keyStore(), 'client', keySlot);
main.append(keySlot);

gate.whenReady(() => {
  const enroll = document.createElement('facegate-enroll');
  enroll.setAttribute('publishable-key', gate.key() ?? '');
  const preset = new URLSearchParams(location.search).get('username');
  if (preset) enroll.setAttribute('username', preset);
  enroll.addEventListener('facegate-error', (event) => {
    const { code } = event.detail;
    if (code === 'unauthorized' || code === 'forbidden')
      gate.ask('The API key was not accepted. Enter this organization’s client key.', () =>
        enroll.setAttribute('publishable-key', gate.key() ?? ''),
      );
  });
  main.append(enroll);
});
