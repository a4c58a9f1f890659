/**
 * Operator console: an operator signs in once (console/operator-sign-in.ts), then users, attempts, alerts, the
 * webhook, charts, drift and the login security switches, each a panel of its own; `?user=<id>` shows one user's
 * page instead (details, enrollment photos, their attempts and alerts).
 */
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import { AlertsPanel } from '../console/alerts-panel.js';
import { AttemptsPanel } from '../console/attempts-panel.js';
import { ChartsPanel } from '../console/charts-panel.js';
import { DriftPanel } from '../console/drift-panel.js';
import { loginSecurityForm } from '../console/login-security-form.js';
import { OperatorSession } from '../console/operator-session.js';
import { operatorSignIn } from '../console/operator-sign-in.js';
import { UserPagePanel } from '../console/user-page-panel.js';
import { UsersPanel, userPageHref } from '../console/users-panel.js';
import { WebhookPanel } from '../console/webhook-panel.js';
import { OidcClientsPanel } from '../console/oidc-clients-panel.js';
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

const focusUser = new URLSearchParams(location.search).get('user');
const loaders: { load(): Promise<void> }[] = [];
const sections: [string, string][] = [];
const elements: HTMLElement[] = [];

if (focusUser) {
  const user = new UserPagePanel(api, focusUser, onError);
  const attempts = new AttemptsPanel(api, onError);
  attempts.fixUser(focusUser);
  const alerts = new AlertsPanel(api, { userId: focusUser, onError });
  loaders.push(user, attempts, alerts);
  sections.push(['#user', 'User'], ['#attempts', 'Attempts'], ['#user-alerts', 'Alerts']);
  elements.push(user.element, attempts.element, alerts.element);
} else {
  const attempts = new AttemptsPanel(api, onError);
  const users = new UsersPanel(api, {
    onShowAttempts: (user) => attempts.showUser(user.username),
    onUsers: (list) => attempts.setUsers(list),
    onError,
  });
  const alerts = new AlertsPanel(api, { userHref: userPageHref, onError });
  const webhook = new WebhookPanel(api, onError);
  const oidcClients = new OidcClientsPanel(api, onError);
  const charts = new ChartsPanel(api, onError);
  const drift = new DriftPanel(api, onError);
  const security = loginSecurityForm(api, () => session.key() !== null);
  loaders.push(users, attempts, alerts, webhook, oidcClients, charts, drift, security);
  sections.push(
    ['#users', 'Users'],
    ['#attempts', 'Attempts'],
    ['#alerts', 'Alerts'],
    ['#webhook', 'Webhook'],
    ['#oidc-clients', 'Sign-in clients'],
    ['#charts', 'Charts'],
    ['#drift', 'Drift'],
  );
  elements.push(
    users.element,
    attempts.element,
    alerts.element,
    webhook.element,
    oidcClients.element,
    charts.element,
    drift.element,
    security.element,
  );
}

const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
refresh.addEventListener('click', loadAll);
const signOut = h('button', { type: 'button', class: 'secondary outline' }, 'Sign out');
signOut.addEventListener('click', () => {
  session.signOut();
  askSignIn('Signed out.');
});
const panels = h(
  'div',
  { class: 'console-panels' },
  h(
    'nav',
    { class: 'console-nav', 'aria-label': 'Console sections' },
    h('ul', {}, ...sections.map(([href, label]) => h('li', {}, h('a', { href }, label)))),
    h('ul', {}, h('li', {}, refresh), h('li', {}, signOut)),
  ),
  ...elements,
);
main.append(signInSlot, panels);

function loadAll(): void {
  for (const panel of loaders) void panel.load();
}

if (session.key()) loadAll();
else askSignIn();
