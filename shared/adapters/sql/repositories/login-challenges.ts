import { newId } from '../../../domain/ids.js';
import type { ActivePrompt, LoginChallenge } from '../../../domain/login-challenge.js';
import type { LoginChallenges, NewLoginChallenge } from '../../../ports/repositories.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num, numOrNull } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { LoginChallengesTable } from '../schema.js';

function toChallenge(row: LoginChallengesTable): LoginChallenge {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    nonce: row.nonce,
    prompt: row.prompt as ActivePrompt | null,
    expiresAt: num(row.expires_at),
    consumedAt: numOrNull(row.consumed_at),
    createdAt: num(row.created_at),
  };
}

/** One tenant's login challenges. */
export class SqlLoginChallenges implements LoginChallenges {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async create(input: NewLoginChallenge): Promise<LoginChallenge> {
    const row: LoginChallengesTable = {
      id: checkLength('challenge id', input.id ?? newId('challenge'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      nonce: checkLength('nonce', input.nonce, COLUMN_LIMITS.nonce),
      prompt: checkLength('prompt', input.prompt ?? null, COLUMN_LIMITS.prompt),
      expires_at: input.expiresAt,
      consumed_at: null,
      created_at: this.ctx.now(),
    };
    await guarded(() => this.ctx.db.insertInto('login_challenges').values(row).execute());
    return toChallenge(row);
  }

  async consume(id: string, at: number): Promise<LoginChallenge | null> {
    // The `consumed_at is null` condition is the lock: of two requests racing with one challenge, one updates it.
    const result = await this.ctx.db
      .updateTable('login_challenges')
      .set({ consumed_at: at })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return null;
    const row = await this.ctx.db
      .selectFrom('login_challenges')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toChallenge(row);
  }

  async deleteExpired(before: number): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('login_challenges')
      .where('tenant_id', '=', this.tenantId)
      .where('expires_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
