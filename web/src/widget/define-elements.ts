/** Registers `<facegate-login>` and `<facegate-enroll>` once (a page may load the widget script twice). */
import { FaceGateEnrollElement } from './facegate-enroll.js';
import { FaceGateLoginElement } from './facegate-login.js';
import type { FaceGateEventMap } from './widget-events.js';

export function defineFaceGateElements(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('facegate-login')) registry.define('facegate-login', FaceGateLoginElement);
  if (!registry.get('facegate-enroll')) registry.define('facegate-enroll', FaceGateEnrollElement);
}

declare global {
  // Typed listeners: addEventListener('facegate-granted', (e) => e.detail.token).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface HTMLElementEventMap extends FaceGateEventMap {}
  interface HTMLElementTagNameMap {
    'facegate-login': FaceGateLoginElement;
    'facegate-enroll': FaceGateEnrollElement;
  }
}
