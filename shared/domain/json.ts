/**
 * A JSON object as stored in a text column (quality reports, stage latencies, audit details).
 * Interfaces such as `QualityReport` are not assignable to an index signature, so pass `{ ...report }`.
 */
export type JsonObject = { [key: string]: unknown };
