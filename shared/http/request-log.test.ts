import { describe, expect, it } from 'vitest';
import { httpRequest } from './http-test-requests.test-support.js';
import { accessLogEntry, formatLatency, requestTraceFields, traceFields, traceparentFields } from './request-log.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('trace fields', () => {
  it('reads a W3C traceparent: trace, hex span id and the sampled flag', () => {
    expect(traceparentFields(`00-${TRACE}-00f067aa0ba902b7-01`, 'acme-prod')).toEqual({
      'logging.googleapis.com/trace': `projects/acme-prod/traces/${TRACE}`,
      'logging.googleapis.com/spanId': '00f067aa0ba902b7',
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(traceparentFields(`00-${TRACE}-00f067aa0ba902b7-00`)['logging.googleapis.com/trace_sampled']).toBe(false);
  });

  it('ignores a malformed traceparent, all-zero ids and the forbidden version ff', () => {
    for (const bad of [
      'garbage',
      `00-${TRACE}-00f067aa0ba902b7`,
      `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `ff-${TRACE}-00f067aa0ba902b7-01`,
    ])
      expect(traceparentFields(bad), bad).toEqual({});
  });

  it('reads X-Cloud-Trace-Context, turning its decimal span id into 16 hex digits', () => {
    expect(traceFields(`${TRACE}/1234567890123456789;o=1`)).toEqual({
      'logging.googleapis.com/trace': TRACE,
      'logging.googleapis.com/spanId': '112210f47de98115',
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(traceFields(TRACE)).toEqual({ 'logging.googleapis.com/trace': TRACE });
    // A span id beyond 64 bits cannot be one: the trace is kept, the span dropped.
    expect(traceFields(`${TRACE}/99999999999999999999`)).toEqual({ 'logging.googleapis.com/trace': TRACE });
    expect(traceFields('not-a-trace/1;o=1')).toEqual({});
  });

  it('prefers traceparent and falls back to X-Cloud-Trace-Context', () => {
    const both = { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, 'x-cloud-trace-context': `${'a'.repeat(32)}/1` };
    expect(requestTraceFields(both)['logging.googleapis.com/spanId']).toBe('00f067aa0ba902b7');
    expect(requestTraceFields({ ...both, traceparent: 'bad' })['logging.googleapis.com/trace']).toBe('a'.repeat(32));
    expect(requestTraceFields({})).toEqual({});
  });
});

describe('accessLogEntry', () => {
  it('is one Cloud Logging entry: severity by status, httpRequest with latency and sizes, the trace, no secrets', () => {
    const request = httpRequest('/v1/verify?sig=abc&x=1', {
      method: 'POST',
      headers: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, 'user-agent': 'kiosk/1', referer: 'https://a/' },
      body: 'hello',
    });
    const entry = accessLogEntry(request, { status: 200, body: '{"ok":true}' }, 123.4567, { traceProjectId: 'p' });
    expect(entry).toEqual({
      severity: 'INFO',
      message: 'POST /v1/verify?sig=REDACTED&x=1 200',
      httpRequest: {
        requestMethod: 'POST',
        requestUrl: '/v1/verify?sig=REDACTED&x=1',
        status: 200,
        requestSize: '5',
        responseSize: '11',
        latency: '0.123s',
        remoteIp: '203.0.113.7',
        userAgent: 'kiosk/1',
        referer: 'https://a/',
      },
      'logging.googleapis.com/trace': `projects/p/traces/${TRACE}`,
      'logging.googleapis.com/spanId': '00f067aa0ba902b7',
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(accessLogEntry(request, { status: 404 }, 1).severity).toBe('WARNING');
    expect(accessLogEntry(request, { status: 503 }, 1).severity).toBe('ERROR');
    expect(accessLogEntry(request, { status: 200 }, 1, { successSeverity: 'DEBUG' }).severity).toBe('DEBUG');
  });

  it('formats latency as a Duration in seconds and never negative', () => {
    expect(formatLatency(1500)).toBe('1.500s');
    expect(formatLatency(0.4)).toBe('0.000s');
    expect(formatLatency(-3)).toBe('0.000s');
  });
});
