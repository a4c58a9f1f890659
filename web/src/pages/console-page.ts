/**
 * Operator console (operator key): users, attempts, alerts, webhook, charts and drift, each a panel of its own;
 * `?user=<id>` shows one user's page instead (details, enrollment photos, their attempts and alerts).
 */
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import { AlertsPanel } from '../console/alerts-panel.js';
import { AttemptsPanel } from '../console/attempts-panel.js';
import { ChartsPanel } from '../console/charts-panel.js';
import { DriftPanel } from '../console/drift-panel.js';
import { UserPagePanel } from '../console/user-page-panel.js';
import { UsersPanel, userPageHref } from '../console/users-panel.js';
import { WebhookPanel } from '../console/webhook-panel.js';
import { KeyGate } from '../settings/key-gate.js';
import { keyStore } from '../settings/key-store.js';
import { h } from '../ui/dom.js';
import { renderShell } from '../ui/page-shell.js';

const main = renderShell('console', 'Operator console');
const keySlot = h('div', { class: 'key-slot', hidden: true });
const gate = new KeyGate(keyStore(), 'operator', keySlot);
const api = new FaceGateApi(() => gate.key());

/** A refused key stops every panel: ask for the operator key once, then reload them all. */
let asking = false;
function onError(error: unknown): void {
  if (asking || !(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) return;
  asking = true;
  gate.ask(
    error.status === 401
      ? 'The operator key was not accepted. Enter it again.'
      : 'This key is not an operator key. Enter the operator key.',
    () => {
      asking = false;
      loadAll();
    },
  );
}

const focusUser = new URLSearchParams(location.search).get('user');
const panels: { load(): Promise<void> }[] = [];
const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
refresh.addEventListener('click', loadAll);
const nav = (sections: readonly (readonly [string, string])[]) =>
  h(
    'nav',
    { class: 'console-nav', 'aria-label': 'Console sections' },
    h('ul', {}, ...sections.map(([href, label]) => h('li', {}, h('a', { href }, label)))),
    h('ul', {}, h('li', {}, refresh)),
  );

if (focusUser) {
  const user = new UserPagePanel(api, focusUser, onError);
  const attempts = new AttemptsPanel(api, onError);
  attempts.fixUser(focusUser);
  const alerts = new AlertsPanel(api, { userId: focusUser, onError });
  panels.push(user, attempts, alerts);
  main.append(
    keySlot,
    nav([
      ['#user', 'User'],
      ['#attempts', 'Attempts'],
      ['#user-alerts', 'Alerts'],
    ]),
    user.element,
    attempts.element,
    alerts.element,
  );
} else {
  const attempts = new AttemptsPanel(api, onError);
  const users = new UsersPanel(api, {
    onShowAttempts: (user) => attempts.showUser(user.username),
    onUsers: (list) => attempts.setUsers(list),
    onError,
  });
  const alerts = new AlertsPanel(api, { userHref: userPageHref, onError });
  const webhook = new WebhookPanel(api, onError);
  const charts = new ChartsPanel(api, onError);
  const drift = new DriftPanel(api, onError);
  panels.push(users, attempts, alerts, webhook, charts, drift);
  main.append(
    keySlot,
    nav([
      ['#users', 'Users'],
      ['#attempts', 'Attempts'],
      ['#alerts', 'Alerts'],
      ['#webhook', 'Webhook'],
      ['#charts', 'Charts'],
      ['#drift', 'Drift'],
    ]),
    users.element,
    attempts.element,
    alerts.element,
    webhook.element,
    charts.element,
    drift.element,
  );
}

function loadAll(): void {
  for (const panel of panels) void panel.load();
}

gate.whenReady(loadAll);
