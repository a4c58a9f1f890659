import { describe, expect, it } from 'vitest';
import { validEvent } from '../../events/event-factories.test-support.js';
import { GeminiIncidentTriage, type GenerateContentClient } from './gemini-incident-triage.js';

function stubClient(text: string | undefined) {
  const calls: Parameters<GenerateContentClient['models']['generateContent']>[0][] = [];
  const client: GenerateContentClient = {
    models: {
      generateContent: (params) => {
        calls.push(params);
        return Promise.resolve({ text });
      },
    },
  };
  return { client, calls };
}

const options = { model: 'gemini-2.5-flash', project: 'facegate-test', location: 'us-central1' };

describe('GeminiIncidentTriage', () => {
  it('asks the model for JSON under a schema, sending only the alert event, and reads its answer', async () => {
    const { client, calls } = stubClient('{"summary":"Someone keeps trying alice\'s account.","severity":"high"}');
    const triage = new GeminiIncidentTriage(options, client);
    const alert = validEvent('security.alert.v1');
    expect(await triage.triage(alert)).toEqual({ summary: "Someone keeps trying alice's account.", severity: 'high' });
    expect(triage.model).toBe('gemini-2.5-flash');
    const [call] = calls;
    expect(call?.model).toBe('gemini-2.5-flash');
    expect(JSON.parse(call?.contents ?? '')).toEqual(alert);
    expect(call?.config).toMatchObject({ responseMimeType: 'application/json', temperature: 0 });
    expect(call?.config.responseJsonSchema).toMatchObject({ required: ['summary', 'severity'] });
  });

  it.each([
    ['no text', undefined],
    ['prose', 'This looks bad.'],
    ['an unknown severity', '{"summary":"x","severity":"urgent"}'],
    ['an empty summary', '{"summary":"  ","severity":"low"}'],
  ])('refuses an answer with %s', async (_name, text) => {
    const triage = new GeminiIncidentTriage(options, stubClient(text).client);
    await expect(triage.triage(validEvent('security.alert.v1'))).rejects.toThrow(/triage model/);
  });
});
