import type { JsonObject } from './json.js';

/** Something an operator or the system did that must be answerable later ("who deleted this user?"). */
export interface AuditEvent {
  id: string;
  tenantId: string;
  /** Who acted: an API key id (`key_…`), `system`, or a function name. */
  actor: string;
  /** What happened, dotted: `user.deleted`, `enrollment.rejected`, `api_key.revoked`, … */
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: JsonObject | null;
  /** Epoch milliseconds. */
  createdAt: number;
}
