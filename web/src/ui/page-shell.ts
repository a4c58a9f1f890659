/**
 * The frame every page shares: skip link, site navigation with the current page marked, the main landmark with
 * the page's heading. Also loads the stylesheets, so each page entry needs only this import.
 */
import '@picocss/pico/css/pico.min.css';
import '../styles/app.css';
import { h } from './dom.js';

export type PageId = 'home' | 'enroll' | 'login' | 'kiosk' | 'console';

const LINKS: { id: PageId; href: string; label: string }[] = [
  { id: 'enroll', href: '/enroll/', label: 'Enroll' },
  { id: 'login', href: '/login/', label: 'Log in' },
  { id: 'kiosk', href: '/kiosk/', label: 'Kiosk' },
  { id: 'console', href: '/console/', label: 'Console' },
];

/** Renders the shell into #app and returns the main element for the page's content. */
export function renderShell(page: PageId, heading: string, intro?: string): HTMLElement {
  const app = document.getElementById('app');
  if (!app) throw new Error('index.html must contain <div id="app">');
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: '/', class: 'brand', 'aria-current': page === 'home' ? 'page' : null }, 'FaceGate')),
    ),
    h(
      'ul',
      { class: 'nav-links' },
      ...LINKS.map((link) =>
        h('li', {}, h('a', { href: link.href, 'aria-current': link.id === page ? 'page' : null }, link.label)),
      ),
    ),
  );
  const main = h(
    'main',
    { id: 'main', class: 'container', tabindex: -1 },
    h('hgroup', {}, h('h1', {}, heading), intro ? h('p', {}, intro) : null),
  );
  app.replaceChildren(
    h('a', { href: '#main', class: 'skip-link' }, 'Skip to content'),
    h('header', { class: 'container' }, nav),
    main,
  );
  return main;
}
