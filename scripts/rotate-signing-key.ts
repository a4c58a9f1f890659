/**
 * `npm run keys:rotate-signing`: makes a new ES256 access-token signing key. The previous key stays published in
 * the JWKS (two keys at most), so tokens it signed stay valid until they expire; running services pick the new
 * key up when restarted. Do not rotate twice within FACEGATE_TOKEN_TTL_SECONDS plus the JWKS cache time (5 min):
 * the second rotation unpublishes the key of tokens that may still be in use.
 */
import { composeMaintenance } from '../shared/compose.js';
import { silentLogger } from '../shared/app/logger.js';
import { parseToolOptions, runCli } from './lib/cli.js';

const USAGE = `usage: npm run keys:rotate-signing

Reads the same environment as the service (FACEGATE_DATA_DIR holds the local signing keys).`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, {});
  if (!values) return;
  const stack = await composeMaintenance(process.env, { log: silentLogger });
  try {
    if (stack.config.jwt.signingKeys) {
      process.stdout.write(
        'the signing keys come from FACEGATE_JWT_SIGNING_KEYS (Secret Manager): rotate them with\n' +
          '  npm run -s keys:new -- jwt "<current keys JSON>"   and deploy the output as the new secret version\n',
      );
      process.exitCode = 2;
      return;
    }
    const before = (await stack.signingKeys.keys()).map((k) => k.kid);
    const after = (await stack.signingKeys.rotate()).map((k) => k.kid);
    process.stdout.write(
      `signing keys before: ${before.join(', ')}\nnow signing with ${after[0]}; published: ${after.join(', ')}\n` +
        `no longer published: ${before.filter((kid) => !after.includes(kid)).join(', ') || 'none'}\n` +
        'restart running services so they sign with the new key\n',
    );
  } finally {
    await stack.close();
  }
});
