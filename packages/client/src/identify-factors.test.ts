/** The SDK's identify carries a challenge's id, head-turn frames and a burst the way verify does. */
import { describe, expect, it } from 'vitest';
import { FaceGateClient } from './client.js';

function recordingClient() {
  const sent: { url: string; init: RequestInit }[] = [];
  const client = new FaceGateClient({
    apiKey: 'fgpk_test',
    baseUrl: 'https://facegate.test',
    fetch: (url, init) => {
      sent.push({ url: String(url), init: init ?? {} });
      return Promise.resolve(Response.json({ decision: 'denied', reason: 'no_match' }));
    },
  });
  return { client, sent };
}

const jpeg = (text: string) => new Blob([text], { type: 'image/jpeg' });

describe('FaceGateClient.identify', () => {
  it('sends Blobs as multipart: the challengeId field, then `frame` and `burst` parts in order', async () => {
    const { client, sent } = recordingClient();
    await client.identify(jpeg('capture'), {
      challengeId: 'chl_1',
      frames: [jpeg('turn')],
      burst: [jpeg('b1'), jpeg('b2'), jpeg('b3')],
    });
    expect(sent[0]?.url).toBe('https://facegate.test/v1/identify');
    const form = sent[0]?.init.body as FormData;
    expect(form.get('challengeId')).toBe('chl_1');
    expect(form.has('username')).toBe(false);
    expect(await (form.get('image') as Blob).text()).toBe('capture');
    expect(await Promise.all(form.getAll('frame').map((f) => (f as Blob).text()))).toEqual(['turn']);
    expect(await Promise.all(form.getAll('burst').map((f) => (f as Blob).text()))).toEqual(['b1', 'b2', 'b3']);
  });

  it('sends base64 as JSON with the same fields, and only the image when nothing else is given', async () => {
    const { client, sent } = recordingClient();
    await client.identify(
      { base64: 'aW1n' },
      { challengeId: 'chl_2', burst: [{ base64: 'YjE=' }, { base64: 'YjI=' }] },
    );
    expect(JSON.parse(sent[0]?.init.body as string)).toEqual({
      image: 'aW1n',
      challengeId: 'chl_2',
      burst: ['YjE=', 'YjI='],
    });
    await client.identify({ base64: 'aW1n' });
    expect(JSON.parse(sent[1]?.init.body as string)).toEqual({ image: 'aW1n' });
  });
});
