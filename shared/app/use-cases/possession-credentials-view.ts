import type { TenantRepositories } from '../../ports/repositories.js';
import type { DeviceKeyView, PasskeyView } from '../facegate-app.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A user's passkeys and device key for the operator's user page: ids, dates and transports, no key material. */
export async function possessionCredentialsView(
  repos: TenantRepositories,
  userId: string,
): Promise<{ passkeys: PasskeyView[]; deviceKeys: DeviceKeyView[] }> {
  const [passkeys, deviceKey] = await Promise.all([repos.passkeys.listByUser(userId), repos.deviceKeys.byUser(userId)]);
  return {
    passkeys: passkeys.map((p) => ({
      passkeyId: p.id,
      createdAt: iso(p.createdAt),
      ...(p.lastUsedAt === null ? {} : { lastUsedAt: iso(p.lastUsedAt) }),
      transports: p.transports,
    })),
    deviceKeys: deviceKey
      ? [{ deviceKeyId: deviceKey.id, createdAt: iso(deviceKey.createdAt), superseded: passkeys.length > 0 }]
      : [],
  };
}
