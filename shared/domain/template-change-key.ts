/**
 * How the template change log names a user without keeping the user id after erasure: a one-way digest of
 * (tenant, user). A deletion by erasure is logged under this key alone, so other instances can drop the user from
 * their 1:N index (they compute the same key for the users they hold) while no row names the erased person.
 */
import { createHash } from 'node:crypto';

export function templateChangeKey(tenantId: string, userId: string): string {
  return createHash('sha256').update(`${tenantId}\u0000${userId}`).digest('base64url').slice(0, 22);
}
