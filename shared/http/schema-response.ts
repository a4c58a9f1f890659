/**
 * A JSON response whose body is parsed through its contract schema first (response-schemas.ts). Parsing, not
 * copying field by field: zod drops every member the schema does not name, so whatever else the application holds
 * (evidence, key ids, secrets) cannot leak, and a value that breaks the contract is a 500 here, never a surprise
 * to a client.
 */
import type { z } from 'zod';
import type { HttpResponse } from './http-message.js';
import { jsonResponse } from './http-message.js';

export function schemaResponse<Schema extends z.ZodType>(
  status: number,
  schema: Schema,
  value: z.input<Schema>,
  headers?: Record<string, string>,
): HttpResponse {
  return jsonResponse(status, schema.parse(value), headers);
}
