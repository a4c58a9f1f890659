/**
 * A real composition for cross-cutting tests: the given database, local blobs and in-process events in a
 * temporary data dir, the real face engine, two tenants with keys, the HTTP handler over it, a helper that enrolls
 * a person through the signed-upload receiver, and a second raw connection for reading every table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildComposition, type Composition } from '../../shared/compose.js';
import { createDatabase, type SqlDatabase } from '../../shared/adapters/sql/index.js';
import { createApiHandler, type ApiHandler } from '../../shared/http/api-handler.js';
import type { LogEntry } from '../../shared/http/structured-log.js';
import { loggerOn } from '../../shared/app/logger.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';
import type { LoadedFaceEngine } from '../../shared/face/create-face-engine.js';
import type { Clock } from '../../shared/ports/clock.js';

export interface RealStack {
  stack: Composition;
  a: DevCredentials;
  b: DevCredentials;
  api: ApiHandler;
  /** ERROR entries logged by the application or the HTTP handler. */
  errors: LogEntry[];
  /** A second connection to the same database, for reading tables directly. */
  raw: SqlDatabase;
  dataDir: string;
  /** Starts an enrollment and uploads `photo` through the signed URL; returns once it has been embedded. */
  enroll: (
    tenant: DevCredentials,
    username: string,
    photo: Uint8Array,
    extra?: { displayName?: string; email?: string },
  ) => Promise<Enrolled>;
  /** One API request; JSON bodies are serialised, responses parsed. */
  call: (method: string, target: string, init?: CallInit) => Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

export interface Enrolled {
  userId: string;
  enrollmentId: string;
  status: string;
  uploadUrl: string;
}

export interface CallInit {
  key?: string;
  json?: unknown;
  body?: Buffer;
  headers?: Record<string, string>;
}

export async function openRealStack(
  dbUrl: string,
  engine: LoadedFaceEngine,
  options: { clock?: Clock } = {},
): Promise<RealStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-real-'));
  const errors: LogEntry[] = [];
  const log = loggerOn((entry) => {
    if (entry.severity === 'ERROR') errors.push(entry);
  });
  const stack = await buildComposition(
    { FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: dbUrl, FACEGATE_LOG_LEVEL: 'error' },
    { engine, log, ...(options.clock ? { clock: options.clock } : {}) },
  );
  const raw = await createDatabase({ url: dbUrl });
  const a = await createTenantWithKeys(stack.repos, 'Tenant A');
  const b = await createTenantWithKeys(stack.repos, 'Tenant B');
  const api = createApiHandler(stack.app, {
    maxImageBytes: stack.config.upload.maxBytes,
    log: (entry) => {
      if (entry.severity === 'ERROR') errors.push(entry);
    },
  });

  const call: RealStack['call'] = async (method, target, init = {}) => {
    const url = new URL(target, 'http://facegate.test');
    const headers: Record<string, string> = { ...init.headers };
    if (init.key !== undefined) headers['authorization'] = `Bearer ${init.key}`;
    let body = init.body ?? Buffer.alloc(0);
    if (init.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = Buffer.from(JSON.stringify(init.json));
    }
    const response = await api({ method, path: url.pathname, query: url.searchParams, headers, body, ip: '192.0.2.1' });
    await stack.idle();
    const text =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : Buffer.from(response.body).toString('utf8');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, text };
  };

  const enroll: RealStack['enroll'] = async (tenant, username, photo, extra = {}) => {
    const started = await call('POST', '/v1/enrollments', { key: tenant.clientKey, json: { username, ...extra } });
    if (started.status !== 201)
      throw new Error(`enrollment of ${username} answered ${started.status}: ${started.text}`);
    const { enrollmentId, userId, upload } = started.body as {
      enrollmentId: string;
      userId: string;
      upload: { url: string };
    };
    const url = new URL(upload.url);
    await stack.localUploads?.receive({
      pathAndQuery: url.pathname + url.search,
      contentType: 'image/jpeg',
      contentLength: photo.length,
      body: photo,
    });
    await stack.idle();
    const view = await call('GET', `/v1/enrollments/${enrollmentId}`, { key: tenant.clientKey });
    return { userId, enrollmentId, status: (view.body as { status: string }).status, uploadUrl: upload.url };
  };

  return {
    stack,
    a,
    b,
    api,
    errors,
    raw,
    dataDir,
    enroll,
    call,
    async close() {
      await raw.close();
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
