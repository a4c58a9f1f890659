/**
 * The client's address behind Google's front end. Express's `trust proxy` (which the Functions Framework enables)
 * takes the leftmost X-Forwarded-For entry, which is whatever the client wrote. Google's front end does not
 * replace the header, it appends: Cloud Run and Cloud Functions gen2 add `<client-ip>` at the right end, and an
 * external Application Load Balancer in front adds `<client-ip>,<load-balancer-ip>`
 * (https://cloud.google.com/load-balancing/docs/https#x-forwarded-for_header). So the client is the entry
 * `trustedProxyHops` from the right (1 = Cloud Run directly, 2 = behind the load balancer); everything left of it
 * was written by the client and is ignored.
 */
import { isIP } from 'node:net';

/** X-Forwarded-For entries Google's infrastructure appends in front of a Cloud Run service. */
export const DEFAULT_TRUSTED_PROXY_HOPS = 1;

/**
 * The address `trustedProxyHops` entries from the right of `forwardedFor` (Node joins repeated headers with ", ",
 * keeping their order). Without the header, or when that entry is not an IP address, the connection's address.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedProxyHops = DEFAULT_TRUSTED_PROXY_HOPS,
): string | undefined {
  if (forwardedFor === undefined || trustedProxyHops < 1) return socketAddress;
  const entries = forwardedFor.split(',').map((entry) => entry.trim());
  // Fewer entries than hops: the front end added fewer than configured; the leftmost is still one of its own.
  const entry = entries[Math.max(0, entries.length - trustedProxyHops)] ?? '';
  return isIP(entry) ? entry : socketAddress;
}
