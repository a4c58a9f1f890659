/**
 * oidc-provider's Adapter (its storage interface) over the OidcPayloads port: one class per tenant, instantiated by
 * the provider once per model name. `expiresIn` (seconds) becomes an absolute expiry; a consumed document comes back
 * with `consumed` set, which is how the provider refuses a second use of an authorization code.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcPayloads } from '../ports/oidc-payloads.js';

export type AdapterClass = new (model: string) => Adapter;

export function sqlBackedAdapter(payloads: OidcPayloads, now: () => number): AdapterClass {
  return class SqlBackedAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await payloads.upsert({
        model: this.model,
        id,
        payload: payload,
        ...(expiresIn > 0 ? { expiresAt: now() + expiresIn * 1000 } : {}),
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return asPayload(await payloads.find(this.model, id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return asPayload(await payloads.findByUserCode(this.model, userCode));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return asPayload(await payloads.findByUid(this.model, uid));
    }

    async consume(id: string): Promise<void> {
      await payloads.consume(this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await payloads.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await payloads.revokeByGrantId(grantId);
    }
  };
}

function asPayload(
  record: { payload: Record<string, unknown>; consumedAt?: number } | undefined,
): AdapterPayload | undefined {
  if (!record) return undefined;
  const payload = record.payload as AdapterPayload;
  return record.consumedAt === undefined ? payload : { ...payload, consumed: Math.floor(record.consumedAt / 1000) };
}
