/** Operator console (operator key): users, attempts, alerts, charts and drift, each a panel of its own. */
import { ApiError } from '../api/api-error.js';
import { FaceGateApi } from '../api/facegate-api.js';
import { AlertsPanel } from '../console/alerts-panel.js';
import { AttemptsPanel } from '../console/attempts-panel.js';
import { ChartsPanel } from '../console/charts-panel.js';
import { DriftPanel } from '../console/drift-panel.js';
import { UsersPanel } from '../console/users-panel.js';
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

const attempts = new AttemptsPanel(api, onError);
const users = new UsersPanel(api, {
  onShowAttempts: (user) => attempts.showUser(user.userId),
  onUsers: (list) => attempts.setUsers(list),
  onError,
});
const alerts = new AlertsPanel(api, onError);
const charts = new ChartsPanel(api, onError);
const drift = new DriftPanel(api, onError);

const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
refresh.addEventListener('click', loadAll);
const sections = [
  ['#users', 'Users'],
  ['#attempts', 'Attempts'],
  ['#alerts', 'Alerts'],
  ['#charts', 'Charts'],
  ['#drift', 'Drift'],
] as const;
main.append(
  keySlot,
  h(
    'nav',
    { class: 'console-nav', 'aria-label': 'Console sections' },
    h('ul', {}, ...sections.map(([href, label]) => h('li', {}, h('a', { href }, label)))),
    h('ul', {}, h('li', {}, refresh)),
  ),
  users.element,
  attempts.element,
  alerts.element,
  charts.element,
  drift.element,
);

function loadAll(): void {
  void users.load();
  void attempts.load();
  void alerts.load();
  void charts.load();
  void drift.load();
}

gate.whenReady(loadAll);
