/** The landing page: what FaceGate does, and the way to each page. */
import { append, h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';

const main = renderShell('home', 'FaceGate', 'Log in by looking at the camera.');

const card = (href: string, title: string, text: string) =>
  h('article', {}, h('h2', {}, h('a', { href }, title)), h('p', {}, text));

append(
  main,
  h(
    'div',
    { class: 'grid home-grid' },
    card('/enroll/', 'Enroll', 'Register your face once, with your consent.'),
    card('/login/', 'Log in', 'Your username and a look at the camera.'),
    card('/kiosk/', 'Kiosk', 'No username: the kiosk recognises you.'),
    card('/console/', 'Operator console', 'Users, attempts, alerts and charts.'),
  ),
);
