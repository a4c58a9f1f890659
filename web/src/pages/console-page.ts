/**
 * Operator console: an operator signs in once (console/operator-sign-in.ts), then users, attempts, alerts, charts,
 * drift and the login security switches, each a panel of its own.
 */
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import { AlertsPanel } from '../console/alerts-panel.js';
import { AttemptsPanel } from '../console/attempts-panel.js';
import { ChartsPanel } from '../console/charts-panel.js';
import { DriftPanel } from '../console/drift-panel.js';
import { UsersPanel } from '../console/users-panel.js';
import { loginSecurityForm } from '../console/login-security-form.js';
import { OperatorSession } from '../console/operator-session.js';
import { operatorSignIn } from '../console/operator-sign-in.js';
import { h, replaceChildren } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';

const main = renderShell('console', 'Operator console');
const session = new OperatorSession(window.sessionStorage);
const api = new FaceGateApi(() => session.key());
const signInSlot = h('div', { class: 'sign-in-slot', hidden: true });

/** Shows the sign-in form instead of the panels; a successful sign-in brings them back and loads them. */
function askSignIn(notice?: string): void {
  panels.hidden = true;
  signInSlot.hidden = false;
  replaceChildren(
    signInSlot,
    operatorSignIn(session, {
      notice,
      check: (key) => new FaceGateApi(() => key).getSettings(),
      onSignedIn: () => {
        replaceChildren(signInSlot);
        signInSlot.hidden = true;
        panels.hidden = false;
        loadAll();
      },
    }),
  );
  signInSlot.querySelector('input')?.focus();
}

/** A refused key stops every panel: sign in again once, then reload them all. */
function onError(error: unknown): void {
  if (!signInSlot.hidden || !(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) return;
  session.signOut();
  askSignIn('The operator key was not accepted any more. Sign in again.');
}

const attempts = new AttemptsPanel(api, onError);
const users = new UsersPanel(api, {
  onShowAttempts: (user) => attempts.showUser(user.userId),
  onUsers: (list) => attempts.setUsers(list),
  onError,
});
const alerts = new AlertsPanel(api, onError);
const charts = new ChartsPanel(api, onError);
const drift = new DriftPanel(api, onError);

const security = loginSecurityForm(api, () => session.key() !== null);
const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
refresh.addEventListener('click', loadAll);
const signOut = h('button', { type: 'button', class: 'secondary outline' }, 'Sign out');
signOut.addEventListener('click', () => {
  session.signOut();
  askSignIn('Signed out.');
});
const sections = [
  ['#users', 'Users'],
  ['#attempts', 'Attempts'],
  ['#alerts', 'Alerts'],
  ['#charts', 'Charts'],
  ['#drift', 'Drift'],
] as const;
const panels = h(
  'div',
  { class: 'console-panels' },
  h(
    'nav',
    { class: 'console-nav', 'aria-label': 'Console sections' },
    h('ul', {}, ...sections.map(([href, label]) => h('li', {}, h('a', { href }, label)))),
    h('ul', {}, h('li', {}, refresh), h('li', {}, signOut)),
  ),
  users.element,
  attempts.element,
  alerts.element,
  charts.element,
  drift.element,
  security.element,
);
main.append(signInSlot, panels);

function loadAll(): void {
  void users.load();
  void attempts.load();
  void alerts.load();
  void charts.load();
  void drift.load();
  void security.load();
}

if (session.key()) loadAll();
else askSignIn();
