/**
 * Which addresses an outbound webhook may reach: public unicast only. A webhook URL is chosen by a tenant's
 * operator, so without this the service would POST (and report errors) to its own metadata server
 * (169.254.169.254, `metadata.google.internal`), the VPC, loopback, or any other private service: server-side
 * request forgery. The ranges follow the IANA special-purpose registries (RFC 6890 and updates).
 */
import { BlockList, isIP } from 'node:net';

// Two lists: Node's BlockList matches an IPv4 address against IPv6 rules too (::ffff:0:0/96 would block them all).
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, the cloud metadata server
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blockedV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped: would reach whatever IPv4 address it embeds
  ['64:ff9b::', 96], // NAT64, embeds an IPv4 address
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo, embeds an IPv4 address
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  blockedV6.addSubnet(network, prefix, 'ipv6');

/** Host names that never name a public endpoint, whatever a resolver says. */
const BLOCKED_NAMES = /^(localhost|metadata|metadata\.google\.internal)$|\.(localhost|internal|local)$/;

/** True when `address` (an IP address, IPv6 with or without brackets) is public unicast. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0) return false;
  return family === 4 ? !blockedV4.check(bare, 'ipv4') : !blockedV6.check(bare, 'ipv6');
}

/** True when a host name (not an address) may be resolved at all. */
export function isResolvableName(hostname: string): boolean {
  return !BLOCKED_NAMES.test(hostname.toLowerCase().replace(/\.$/, ''));
}
