/**
 * One OpenID Provider per tenant, issuer `<FACEGATE_JWT_ISSUER>/t/<tenantId>` (the issuer of the tenant's verify
 * tokens), built on first use and kept per instance. A provider is rebuilt when the signing keys change (a
 * rotation), so its JWKS, ID-token key and cookie keys follow them.
 */
import { Provider } from 'oidc-provider';
import { tenantIssuer } from '../auth/token-issuer.js';
import type { SigningKeyStore } from '../auth/signing-keys.js';
import type { Logger } from '../app/logger.js';
import type { OidcPayloadStore } from '../ports/oidc-payloads.js';
import type { Repositories } from '../ports/repositories.js';
import { providerConfiguration, type OidcLifetimes } from './provider-configuration.js';
import { sqlBackedAdapter } from './sql-backed-adapter.js';

export interface TenantProvidersDeps {
  repos: Repositories;
  payloads: OidcPayloadStore;
  signingKeys: SigningKeyStore;
  /** FACEGATE_JWT_ISSUER: each tenant's issuer is this with `/t/<tenantId>` appended. */
  issuer: string;
  lifetimes: OidcLifetimes;
  now: () => number;
  /** Behind a proxy that sets X-Forwarded-Proto/Host (Cloud Run, a load balancer): trust them for URLs and cookies. */
  trustProxy: boolean;
  log: Logger;
}

/** Providers kept per instance; more tenants than this are rebuilt on use (a build is a few milliseconds). */
const MAX_CACHED = 200;

export class TenantProviders {
  private readonly cache = new Map<string, { provider: Provider; kids: string }>();

  constructor(private readonly deps: TenantProvidersDeps) {}

  /** The path every route of a tenant's provider starts with. */
  static mountPath(tenantId: string): string {
    return `/t/${encodeURIComponent(tenantId)}`;
  }

  /** The tenant's provider, or undefined when there is no such tenant. */
  async providerFor(tenantId: string): Promise<Provider | undefined> {
    const keys = await this.deps.signingKeys.keys();
    const kids = keys.map((k) => k.kid).join(',');
    const cached = this.cache.get(tenantId);
    if (cached && cached.kids === kids) return cached.provider;
    if (!(await this.deps.repos.tenants.get(tenantId))) return undefined;

    const payloads = this.deps.payloads.forTenant(tenantId);
    const provider = new Provider(
      tenantIssuer(this.deps.issuer, tenantId),
      providerConfiguration({
        tenantId,
        adapter: sqlBackedAdapter(payloads, this.deps.now),
        keys,
        repos: this.deps.repos,
        lifetimes: this.deps.lifetimes,
        interactionPath: (uid) => `${TenantProviders.mountPath(tenantId)}/interaction/${encodeURIComponent(uid)}`,
      }),
    );
    provider.proxy = this.deps.trustProxy;
    provider.on('server_error', (_ctx, error) =>
      this.deps.log.error('oidc provider error', { tenantId, error: String(error) }),
    );
    this.cache.delete(tenantId);
    this.cache.set(tenantId, { provider, kids });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return provider;
  }
}
