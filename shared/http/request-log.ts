/**
 * The access log: one structured line per request with Cloud Logging's `httpRequest` fields (latency included),
 * and the trace from the W3C `traceparent` header or Google's `X-Cloud-Trace-Context`, so the line groups with
 * the platform's own request log and links to Cloud Trace.
 */
import type { HttpRequest, HttpResponse } from './http-message.js';
import { requestTarget } from './http-message.js';
import type { LogEntry, Severity } from './structured-log.js';

/** Query parameters that carry capabilities (signed-URL signatures, keys): never written to logs. */
const SECRET_QUERY_PARAMS = new Set(['sig', 'signature', 'x-goog-signature', 'token', 'key', 'api_key', 'apikey']);

export interface AccessLogOptions {
  /** Google Cloud project id, so the trace field is the full `projects/<id>/traces/<trace>` Cloud Logging links. */
  traceProjectId?: string;
  /** Severity of successful requests (default INFO; the dev server logs static files at DEBUG). */
  successSeverity?: Severity;
  /** Bytes sent, when the body was streamed rather than held in the response. */
  responseSize?: number;
}

/** The log entry for a finished request. */
export function accessLogEntry(
  request: HttpRequest,
  response: Pick<HttpResponse, 'status' | 'body'>,
  latencyMs: number,
  options: AccessLogOptions = {},
): LogEntry {
  const target = redactedTarget(request);
  const severity: Severity =
    response.status >= 500 ? 'ERROR' : response.status >= 400 ? 'WARNING' : (options.successSeverity ?? 'INFO');
  const entry: LogEntry = {
    severity,
    message: `${request.method} ${target} ${response.status}`,
    httpRequest: {
      requestMethod: request.method,
      requestUrl: target,
      status: response.status,
      requestSize: String(request.body.length),
      responseSize: String(options.responseSize ?? bodyLength(response.body)),
      latency: formatLatency(latencyMs),
      remoteIp: request.ip,
      userAgent: request.headers['user-agent'],
      referer: request.headers.referer,
    },
  };
  Object.assign(entry, requestTraceFields(request.headers, options.traceProjectId));
  return entry;
}

/** Cloud Logging's Duration form: seconds with a fractional part, e.g. "0.123s". */
export function formatLatency(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(3)}s`;
}

/**
 * The trace fields of a request: from `traceparent` when it is valid (what Cloud Run and OpenTelemetry send), else
 * from `X-Cloud-Trace-Context`; none when neither is usable (a client can send anything).
 */
export function requestTraceFields(
  headers: Readonly<Record<string, string | undefined>>,
  projectId?: string,
): Record<string, unknown> {
  const fromW3c = traceparentFields(headers.traceparent, projectId);
  return Object.keys(fromW3c).length > 0 ? fromW3c : traceFields(headers['x-cloud-trace-context'], projectId);
}

/** Cloud Logging's trace field: the full resource name when the project is known. */
function traceName(traceId: string, projectId: string | undefined): string {
  return projectId ? `projects/${projectId}/traces/${traceId}` : traceId;
}

/**
 * The trace fields for a W3C `traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>` header. All-zero
 * ids are invalid by the specification and ignored.
 */
export function traceparentFields(header: string | undefined, projectId?: string): Record<string, unknown> {
  const match = header ? /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header.trim()) : null;
  if (!match) return {};
  const [, version, traceId = '', spanId = '', flags = '00'] = match;
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(spanId)) return {};
  return {
    'logging.googleapis.com/trace': traceName(traceId, projectId),
    'logging.googleapis.com/spanId': spanId,
    'logging.googleapis.com/trace_sampled': (parseInt(flags, 16) & 1) === 1,
  };
}

/**
 * The trace fields for an `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS` header; none when it is absent or
 * malformed. Its span id is decimal; Cloud Logging wants the 16-digit hex form.
 */
export function traceFields(header: string | undefined, projectId?: string): Record<string, unknown> {
  const match = header ? /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/.exec(header.trim()) : null;
  if (!match) return {};
  const [, traceId = '', spanId, sampled] = match;
  const fields: Record<string, unknown> = {
    'logging.googleapis.com/trace': traceName(traceId.toLowerCase(), projectId),
  };
  if (spanId && BigInt(spanId) > 0n && BigInt(spanId) < 2n ** 64n)
    fields['logging.googleapis.com/spanId'] = BigInt(spanId).toString(16).padStart(16, '0');
  if (sampled) fields['logging.googleapis.com/trace_sampled'] = sampled === '1';
  return fields;
}

function redactedTarget(request: HttpRequest): string {
  const query = new URLSearchParams(request.query);
  for (const name of [...query.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) query.set(name, 'REDACTED');
  }
  return requestTarget({ path: request.path, query });
}

function bodyLength(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
