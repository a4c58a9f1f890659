import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_of_enough_length_123';
  const body = '{"alert":{"kind":"spoof_suspected"}}';

  it('is HMAC-SHA256 over "<t>.<body>" in the t=…,v1=… format', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance and refuses tampering, old stamps and other keys', () => {
    const header = signWebhook(secret, 1_700_000_000, body);
    expect(verifyWebhookSignature(secret, header, body, 1_700_000_100)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body + ' ', 1_700_000_100)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 1_700_001_000)).toBe(false);
    expect(verifyWebhookSignature('another-secret', header, body, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace('t=1700000000', 't=1700000001'), body, 1_700_000_000)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, undefined, body, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, 't=1700000000,v1=zz', body, 1_700_000_000)).toBe(false);
  });

  it('makes distinct 256-bit secrets', () => {
    const a = newWebhookSecret();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
