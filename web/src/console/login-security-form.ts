/**
 * The organization's login settings (operator key): a device check besides the face (possession factor) and a
 * head turn on a random prompt (active challenge). Each switch saves at once with `PATCH /v1/settings`; a refused
 * change puts the switch back and says why.
 */
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError, isMissingEndpoint } from '../api/api-error.js';
import type { TenantSettings } from '../api/wire-types.js';
import { h, uniqueId } from '../ui/dom.js';
import { StatusLine } from '../ui/status-line.js';

export interface SettingsApi {
  getSettings(): Promise<TenantSettings>;
  updateSettings(patch: Partial<TenantSettings>): Promise<TenantSettings>;
}

const SWITCHES: { name: keyof TenantSettings; label: string; help: string }[] = [
  {
    name: 'requirePossession',
    label: 'Require the enrolled device',
    help: 'Log-in also needs the passkey made on the device at enrollment, unlocked by the person (device PIN, fingerprint or face). People log in from the device they enrolled with.',
  },
  {
    name: 'activeChallenge',
    label: 'Ask for a head turn',
    help: 'At log-in the page asks to turn the head left or right at random; the server checks the turn in the photos.',
  },
];

export interface LoginSecurityForm {
  element: HTMLElement;
  /** (Re)reads the settings, e.g. after an operator key was saved. */
  load(): Promise<void>;
}

export function loginSecurityForm(api: SettingsApi, hasOperatorKey: () => boolean): LoginSecurityForm {
  const status = new StatusLine();
  const inputs = SWITCHES.map((s) => {
    const id = uniqueId(`setting-${s.name}`);
    const input = h('input', { id, name: s.name, type: 'checkbox', role: 'switch', disabled: true });
    input.addEventListener('change', () => void save(s.name, input));
    const label = h('label', { for: id }, input, ` ${s.label}`);
    return { name: s.name, input, wrapper: h('div', { class: 'setting' }, label, h('small', {}, s.help)) };
  });
  const element = h(
    'section',
    { class: 'login-security', 'aria-label': 'Login security' },
    h('h2', {}, 'Login security'),
    ...inputs.map((i) => i.wrapper),
    status.element,
  );

  const show = (settings: TenantSettings) => {
    for (const { name, input } of inputs) {
      input.checked = settings[name];
      input.disabled = false;
    }
  };

  async function save(name: keyof TenantSettings, input: HTMLInputElement): Promise<void> {
    input.disabled = true;
    status.show('Saving…', 'busy');
    try {
      show(await api.updateSettings({ [name]: input.checked }));
      status.show('Saved.', 'success');
    } catch (error) {
      input.checked = !input.checked;
      input.disabled = false;
      const advice = adviceFor(error instanceof ApiError ? error.code : undefined, 'login');
      status.show(`Not saved: ${advice.title}. ${advice.tip}`, 'error');
    }
  }

  async function load(): Promise<void> {
    for (const { input } of inputs) input.disabled = true;
    if (!hasOperatorKey()) {
      status.show('Sign in as an operator to see and change these settings.', 'info');
      return;
    }
    status.show('Loading…', 'busy');
    try {
      show(await api.getSettings());
      status.clear();
    } catch (error) {
      if (isMissingEndpoint(error)) status.show('This server has no login settings.', 'info');
      else {
        const advice = adviceFor(error instanceof ApiError ? error.code : undefined, 'login');
        status.show(`${advice.title}. ${advice.tip}`, 'error');
      }
    }
  }

  return { element, load };
}
