/**
 * WebhookSender over node:http(s), with the destination vetted (public-address.ts) at registration and again on
 * every connection. The name is resolved by our own `lookup` (all addresses, every one must be public) and the
 * socket connects to exactly the address that lookup vetted, so a name that resolved to a public address when it was
 * registered and to 169.254.169.254 now (DNS rebinding) is refused, not reached. Redirects are not followed: a 3xx
 * is an answer (not delivered), and following it could carry a signed incident to a host the tenant never
 * configured. `allowPrivateAddresses` turns the vetting off, for the local stack only (FACEGATE_WEBHOOK_ALLOW_PRIVATE).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookRequest, WebhookSender } from '../../ports/webhook-sender.js';
import { WebhookDestinationRefused } from '../../ports/webhook-sender.js';
import { isPublicAddress, isResolvableName } from './public-address.js';

/** Resolves a host name to every address it has (dns.lookup with `all: true` by default). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

export interface HttpWebhookSenderOptions {
  /** Reach private, loopback and link-local addresses too: the local stack only. Default false. */
  allowPrivateAddresses?: boolean;
  /** Name resolution (tests inject one); default the system resolver, every address. */
  resolveAll?: ResolveAll;
}

const systemResolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export class HttpWebhookSender implements WebhookSender {
  private readonly allowPrivate: boolean;
  private readonly resolveAll: ResolveAll;

  constructor(options: HttpWebhookSenderOptions = {}) {
    this.allowPrivate = options.allowPrivateAddresses ?? false;
    this.resolveAll = options.resolveAll ?? systemResolveAll;
  }

  async checkDestination(url: string): Promise<void> {
    if (this.allowPrivate) return;
    await this.publicAddresses(new URL(url).hostname);
  }

  async post(request: WebhookRequest): Promise<{ status: number }> {
    const url = new URL(request.url);
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
      signal: AbortSignal.timeout(request.timeoutMs),
    };
    if (!this.allowPrivate) {
      // An address literal is connected to without any lookup: vet it here. A name is vetted by the lookup itself.
      if (isIP(bare(url.hostname))) await this.publicAddresses(url.hostname);
      else options.lookup = this.pinnedLookup;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(url, options, (response) => {
        // The body is of no interest; drain it so the socket is released.
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  /** Every address `hostname` names, when all are public. @throws WebhookDestinationRefused otherwise. */
  private async publicAddresses(hostname: string): Promise<LookupAddress[]> {
    const host = bare(hostname);
    const family = isIP(host);
    if (family !== 0) {
      if (!isPublicAddress(host)) throw new WebhookDestinationRefused();
      return [{ address: host, family }];
    }
    if (!isResolvableName(host)) throw new WebhookDestinationRefused();
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolveAll(host);
    } catch {
      throw new WebhookDestinationRefused();
    }
    // One private address among public ones is enough to refuse: the connection could pick it.
    if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) {
      throw new WebhookDestinationRefused();
    }
    return addresses;
  }

  /** The socket's lookup: resolves, vets and hands over only vetted addresses, so the connection is pinned. */
  private readonly pinnedLookup: LookupFunction = (hostname, options, callback) => {
    this.publicAddresses(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        const [first] = usable;
        if (!first) {
          callback(new WebhookDestinationRefused(), '', 0);
          return;
        }
        if (options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
}

function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}
