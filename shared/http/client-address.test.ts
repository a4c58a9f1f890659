import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

describe('clientAddress', () => {
  it.each([
    ['no header', undefined, 1, '10.0.0.1'],
    ['Cloud Run: one appended entry', '198.51.100.4', 1, '198.51.100.4'],
    ['Cloud Run: forged entries left of it', '1.1.1.1, 2.2.2.2,198.51.100.4', 1, '198.51.100.4'],
    ['load balancer: client then LB', '1.1.1.1, 198.51.100.4, 34.120.0.1', 2, '198.51.100.4'],
    ['fewer entries than hops', '198.51.100.4', 2, '198.51.100.4'],
    ['IPv6', 'forged, 2001:db8::1', 1, '2001:db8::1'],
    ['not an address', '198.51.100.4, garbage', 1, '10.0.0.1'],
    ['empty entry', '198.51.100.4,', 1, '10.0.0.1'],
  ])('%s', (_name, header, hops, expected) => {
    expect(clientAddress(header, '10.0.0.1', hops)).toBe(expected);
  });
});
