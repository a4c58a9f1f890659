import { describe, expect, it } from 'vitest';
import { FaceGateClient } from './client.js';
import { FaceGateError } from './errors.js';

/** A client whose fetch answers `answer` and records what was asked. */
function recording(answer: () => Response) {
  const calls: { url: string; method: string | undefined; auth: string | null }[] = [];
  const client = new FaceGateClient({
    apiKey: 'fgk_operator',
    baseUrl: 'https://faces.example.com',
    fetch: (url, init) => {
      calls.push({ url, method: init.method, auth: new Headers(init.headers).get('Authorization') });
      return Promise.resolve(answer());
    },
  });
  return { client, calls };
}

describe('revoking possession credentials', () => {
  it('DELETEs the passkey or device key of the user, ids escaped, and resolves on 204', async () => {
    const { client, calls } = recording(() => new Response(null, { status: 204 }));
    await expect(client.revokePasskey('usr_1', 'psk_a/b')).resolves.toBeUndefined();
    await expect(client.revokeDeviceKey('usr 1', 'dvk_2')).resolves.toBeUndefined();
    expect(calls).toEqual([
      {
        url: 'https://faces.example.com/v1/users/usr_1/passkeys/psk_a%2Fb',
        method: 'DELETE',
        auth: 'Bearer fgk_operator',
      },
      {
        url: 'https://faces.example.com/v1/users/usr%201/device-keys/dvk_2',
        method: 'DELETE',
        auth: 'Bearer fgk_operator',
      },
    ]);
  });

  it('throws the typed 404 when the credential is not that user’s', async () => {
    const { client } = recording(() =>
      Response.json({ error: { code: 'not_found', message: 'Passkey not found' } }, { status: 404 }),
    );
    const refused = await client.revokePasskey('usr_1', 'psk_other').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FaceGateError);
    expect(refused).toMatchObject({ status: 404, code: 'not_found' });
  });
});
