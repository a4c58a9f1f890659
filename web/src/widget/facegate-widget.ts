/**
 * The one-script-tag widget (built to web/dist/widget/facegate.js, served by `npm start` at /widget/facegate.js):
 *
 *   <script type="module" src="https://facegate.example/widget/facegate.js"></script>
 *   <facegate-login api-base="https://facegate.example" publishable-key="pk_…"></facegate-login>
 *
 * It brings its own styles for the camera and result (scoped to the elements; the host page's fonts and colours
 * apply otherwise) and the detector files next to itself (facegate-assets/).
 */
import widgetCss from '../styles/widget.css?inline';
import cameraCss from '../styles/camera.css?inline';
import { defineFaceGateElements } from './define-elements.js';

export { FaceGateEnrollElement } from './facegate-enroll.js';
export { FaceGateLoginElement } from './facegate-login.js';
export type * from './widget-events.js';

const STYLE_ID = 'facegate-widget-styles';
if (!document.getElementById(STYLE_ID)) {
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = `${cameraCss}\n${widgetCss}`;
  document.head.append(style);
}
defineFaceGateElements();
