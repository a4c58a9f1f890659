/**
 * Concurrent upserts of a row that does not exist yet can deadlock on InnoDB (both transactions take a shared lock
 * on the missing key, then both want it exclusive); MySQL then rolls one back and asks for a retry. The statements
 * retried here are idempotent per attempt, so retrying the whole transaction is safe.
 */
const DEADLOCK_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);

function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, cause } = e as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && DEADLOCK_CODES.has(code)) return true;
    e = cause;
  }
  return false;
}

/** Runs `work`, again (up to `attempts` times in all) when the database reports a deadlock. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
      // A short random pause so the two sides do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
