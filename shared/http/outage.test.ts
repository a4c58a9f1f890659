import { describe, expect, it } from 'vitest';
import { responseForError } from './error-envelope.js';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './outage.js';

/** Shaped like the errors mysql2 and Node's net module throw. */
function driverError(props: Record<string, unknown>): Error {
  return Object.assign(new Error('driver failure'), props);
}

describe('dependency outage → 503 with Retry-After', () => {
  it('answers 503 `unavailable` with Retry-After for a refused, lost or shut-down database connection', () => {
    for (const error of [
      driverError({ code: 'ECONNREFUSED' }),
      driverError({ code: 'PROTOCOL_CONNECTION_LOST' }),
      driverError({ errno: 1053, code: 'ER_SERVER_SHUTDOWN' }),
      new Error('query failed', { cause: driverError({ code: 'ETIMEDOUT' }) }),
      Object.assign(new AggregateError([driverError({ code: 'ECONNREFUSED' })], 'connect failed'), { code: '' }),
    ]) {
      const response = responseForError(error);
      expect(response.status, String(error)).toBe(503);
      expect(response.headers?.['Retry-After']).toBe(String(OUTAGE_RETRY_AFTER_SECONDS));
      expect(JSON.parse(String(response.body))).toMatchObject({ error: { code: 'unavailable' } });
    }
  });

  it('keeps 500 `internal` for bugs and unknown failures, saying nothing about them', () => {
    for (const error of [new TypeError('x is undefined'), new Error('something else'), driverError({ errno: 1064 })]) {
      expect(isDependencyOutage(error)).toBe(false);
      const response = responseForError(error);
      expect(response.status).toBe(500);
      expect(response.headers?.['Retry-After']).toBeUndefined();
      expect(String(response.body)).not.toContain(error.message);
    }
  });
});
