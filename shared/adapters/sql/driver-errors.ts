/**
 * Turns the drivers' constraint errors into the ports' typed errors, so a use case sees the same
 * ConflictError for a taken username on MySQL and on SQLite.
 */
import { ConflictError, MissingReferenceError } from '../../ports/repository-errors.js';

/** Unique rules by index name (as MySQL reports them) and by column list (as SQLite reports them). */
const UNIQUE_RULES: readonly { index: string; columns: string; rule: string }[] = [
  { index: 'users_tenant_username_uq', columns: 'users.tenant_id, users.username', rule: 'username' },
  { index: 'api_keys_key_hash_uq', columns: 'api_keys.key_hash', rule: 'api_key_hash' },
  {
    index: 'enrollments_tenant_capture_uq',
    columns: 'enrollments.tenant_id, enrollments.capture_id',
    rule: 'capture_id',
  },
  {
    index: 'enrollments_tenant_live_user_uq',
    columns: 'enrollments.tenant_id, enrollments.live_user_id',
    rule: 'live_enrollment',
  },
  {
    index: 'captures_tenant_object_uq',
    columns: 'captures.tenant_id, captures.blob_path, captures.object_generation',
    rule: 'capture_object',
  },
  {
    index: 'templates_tenant_capture_model_uq',
    columns: 'templates.tenant_id, templates.capture_id, templates.model_version',
    rule: 'template_capture_model',
  },
];

interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
}

function ruleOf(message: string): string {
  const known = UNIQUE_RULES.find(
    (r) => message.includes(`'${r.index}'`) || message.includes(`.${r.index}'`) || message.endsWith(r.columns),
  );
  if (known) return known.rule;
  // MySQL: "for key 'PRIMARY'" / "'users.PRIMARY'"; SQLite: "UNIQUE constraint failed: users.id".
  // The (tenant_id, id) unique keys that composite foreign keys point at are the primary key in disguise.
  if (/PRIMARY'|_tenant_id_uq'|: \w+\.id$|: (\w+)\.tenant_id, \1\.id$/.test(message)) return 'primary_key';
  return 'unique';
}

/**
 * The typed error for a unique or foreign-key violation, or `error` itself for anything else.
 * Use as `catch (e) { throw translateDriverError(e) }`.
 */
export function translateDriverError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { code, errno, message } = error as DriverError;
  const text = typeof message === 'string' ? message : '';
  if (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'ER_DUP_ENTRY' ||
    errno === 1062
  ) {
    const rule = ruleOf(text);
    return new ConflictError(rule, `duplicate value violates the ${rule} rule`, { cause: error });
  }
  // 1451/1452: MySQL's "cannot add or update a child row" / "cannot delete a parent row".
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || errno === 1452 || errno === 1451 || errno === 1216 || errno === 1217) {
    return new MissingReferenceError('the row refers to a record that does not exist in this tenant', { cause: error });
  }
  return error;
}

/** True when `error` (after translation) is a ConflictError for `rule`. */
export function isConflict(error: unknown, rule: string): error is ConflictError {
  return error instanceof ConflictError && error.constraint === rule;
}
