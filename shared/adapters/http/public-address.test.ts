import { describe, expect, it } from 'vitest';
import { isPublicAddress, isResolvableName } from './public-address.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '[::1]',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    'ff02::1',
    'not-an-address',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '[2a00:1450::1]'])(
    'allows %s',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});

describe('isResolvableName', () => {
  it.each([
    'localhost',
    'metadata.google.internal',
    'metadata.google.internal.',
    'METADATA',
    'x.localhost',
    'db.internal',
  ])('refuses %s', (name) => expect(isResolvableName(name)).toBe(false));
  it('allows an ordinary name', () => expect(isResolvableName('hooks.example.com')).toBe(true));
});
