/**
 * Prints a new secret for a deployed stack (see README, "Operating a cloud stack"):
 *
 *   npm run -s keys:new -- template                   base64 of 32 random bytes (FACEGATE_TEMPLATE_KEY)
 *   npm run -s keys:new -- jwt [<current keys JSON>]  a new ES256 key, then the current newest (FACEGATE_JWT_SIGNING_KEYS)
 *
 * Nothing is written anywhere: pipe the output into `pulumi config set --secret`.
 */
import { newTemplateKey, nextSigningKeys } from './lib/new-keys.js';

const usage = 'usage: npm run -s keys:new -- template | jwt [<current keys JSON>]';
const [kind, current, ...rest] = process.argv.slice(2);

if (kind === 'template' && current === undefined) {
  process.stdout.write(newTemplateKey() + '\n');
} else if (kind === 'jwt' && rest.length === 0) {
  try {
    process.stdout.write((await nextSigningKeys(current)) + '\n');
  } catch (error) {
    console.error(`keys:new: ${(error as Error).message}`);
    process.exit(2);
  }
} else {
  console.error(usage);
  process.exit(2);
}
