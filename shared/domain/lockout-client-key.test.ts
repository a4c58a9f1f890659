import { describe, expect, it } from 'vitest';
import { lockoutClientKey } from './lockout-policy.js';

describe('lockoutClientKey', () => {
  it('keys IPv4 by address, IPv6 by its /64, mapped IPv4 as IPv4, and no address as one unknown client', () => {
    expect(lockoutClientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(lockoutClientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(lockoutClientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(lockoutClientKey('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(lockoutClientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(lockoutClientKey('::1')).toBe('0:0:0:0::/64');
    expect(lockoutClientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(lockoutClientKey(undefined)).toBe('unknown');
    expect(lockoutClientKey('  ')).toBe('unknown');
  });
});
