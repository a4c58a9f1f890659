/**
 * The API's JSON types come from @facegate/client, which infers them from the server's zod response schemas (one
 * source: shared/http/response-schemas.ts); this module keeps the web client's imports working.
 */
export type * from '@facegate/client';
