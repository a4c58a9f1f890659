/**
 * Runs the example relying party: `FACEGATE_ISSUER=… CLIENT_ID=… CLIENT_SECRET=… npx tsx
 * examples/oidc-relying-party/server.ts`, then open http://localhost:3000/ (register the client with the redirect
 * URI http://localhost:3000/callback first; see the README's "Sign in with FaceGate").
 */
import { createRelyingParty } from './relying-party.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
};
const port = Number(process.env['PORT'] ?? 3000);
const server = await createRelyingParty({
  issuer: env('FACEGATE_ISSUER'),
  clientId: env('CLIENT_ID'),
  clientSecret: env('CLIENT_SECRET'),
  baseUrl: `http://localhost:${port}`,
});
server.listen(port, () => console.log(`relying party on http://localhost:${port}/`));
