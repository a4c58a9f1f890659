import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSdkWireTypes, SDK_WIRE_TYPES } from './sdk-wire-types.js';

describe("the SDK's generated wire types", () => {
  const committed = readFileSync(SDK_WIRE_TYPES, 'utf8');

  it('are the ones the server schemas give (run npm run sdk:types after changing a response schema)', async () => {
    expect(await generateSdkWireTypes()).toBe(committed);
  });

  it('import nothing: no zod, no server file', () => {
    expect(committed).not.toMatch(/^\s*import\b/m);
    expect(committed).not.toContain('shared/http/response-schemas.js');
    expect(committed).toContain('export type VerifyResult = {');
    expect(committed).toContain('export type UserPage = { users: User[]; nextCursor?: string | undefined };');
  });
});
