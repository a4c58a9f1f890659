import { describe, expect, it } from 'vitest';
import { bodyJson } from './http-test-requests.test-support.js';
import { attempt } from './operator-response-schemas.js';
import { jwks, user } from './response-schemas.js';
import { schemaResponse } from './schema-response.js';

const alice = {
  userId: 'usr_1',
  username: 'alice',
  status: 'active' as const,
  templates: 1,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('a response built through its schema', () => {
  it('leaves out what the application holds but the contract does not name', () => {
    const held = { ...alice, templateKeyId: 'kms-key-7', deviceKey: { d: 'private' } };
    const response = schemaResponse(200, user, held);
    expect(bodyJson(response)).toEqual(alice);
    expect(String(response.body)).not.toContain('kms-key-7');
    expect(String(response.body)).not.toContain('private');
  });

  it('never serves the private member of a signing key, nor an attempt’s liveness evidence', () => {
    const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', d: 'PRIVATE-SCALAR' };
    expect(bodyJson(schemaResponse(200, jwks, { keys: [key] }))).toEqual({
      keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }],
    });
    const view = {
      id: 'att_1',
      kind: 'verify' as const,
      outcome: 'granted' as const,
      score: 0.9,
      threshold: 0.5,
      reason: null,
      latencyMs: 12,
      stageLatencies: null,
      modelVersion: null,
      userId: null,
      username: null,
      claimedUsername: 'alice',
      clientIp: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      quality: null,
      livenessScore: null,
      livenessEvidence: 'passive+burst:0.42',
      label: null,
    };
    const body = bodyJson(schemaResponse(200, attempt, view)) as Record<string, unknown>;
    expect(body).not.toHaveProperty('livenessEvidence');
    expect(body).toMatchObject({ id: 'att_1', claimedUsername: 'alice', reason: null });
  });

  it('refuses a value that breaks the contract instead of sending it', () => {
    expect(() => schemaResponse(200, user, { ...alice, status: 'archived' as 'active' })).toThrow();
    expect(() => schemaResponse(200, user, { ...alice, createdAt: 'yesterday' })).toThrow();
  });
});
