/** The API's JSON types come from @facegate/client; this module keeps the web client's imports working. */
export type * from '@facegate/client';
