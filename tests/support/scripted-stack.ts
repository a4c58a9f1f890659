/**
 * The real application for HTTP and handler tests, without pixels: SQLite and local blobs in a temporary data dir,
 * the scripted face engine (a capture names who is shown), and two tenants with keys. `watchApp` wraps an app so a
 * test can see what reached it and make one method fail the way the real app cannot be made to (an unexpected
 * exception, a 429 with a retry time) — without a hand-written copy of the operation list.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildComposition, type Composition } from '../../shared/compose.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { silentLogger, type Logger } from '../../shared/app/logger.js';
import { scriptedCapture, scriptedFaceEngine } from '../../shared/face/scripted-face-engine.test-support.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';
import type { BurstLiveness } from '../../shared/ports/burst-liveness.js';
import type { Clock } from '../../shared/ports/clock.js';

export interface ScriptedStack {
  stack: Composition;
  app: FaceGateApp;
  /** Two tenants, each with a client and an operator key. */
  a: DevCredentials;
  b: DevCredentials;
  dataDir: string;
  /** Enrolls `username` of tenant `tenant` with a scripted capture of `person` (default: the username). */
  enroll(tenant: DevCredentials, username: string, person?: string): Promise<{ userId: string; enrollmentId: string }>;
  close(): Promise<void>;
}

export interface ScriptedStackOptions {
  clock?: Clock;
  log?: Logger;
  /** Multi-frame liveness (the default reads pixels, which scripted captures have none of). */
  burstLiveness?: BurstLiveness;
  /** Extra FACEGATE_* variables. */
  env?: Record<string, string>;
}

export async function openScriptedStack(options: ScriptedStackOptions = {}): Promise<ScriptedStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-scripted-'));
  const stack = await buildComposition(
    {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_DB_URL: `sqlite:${path.join(dataDir, 'db.sqlite')}`,
      FACEGATE_PUBLIC_URL: 'http://localhost:9999',
      FACEGATE_LOG_LEVEL: 'error',
      ...options.env,
    },
    {
      engine: scriptedFaceEngine(),
      log: options.log ?? silentLogger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.burstLiveness ? { burstLiveness: options.burstLiveness } : {}),
    },
  );
  const a = await createTenantWithKeys(stack.repos, 'Tenant A');
  const b = await createTenantWithKeys(stack.repos, 'Tenant B');

  const enroll: ScriptedStack['enroll'] = async (tenant, username, person = username) => {
    const view = await uploadEnrollment(stack, tenant, username, scriptedCapture({ person }));
    if (view.status !== 'active') throw new Error(`enrollment of ${username} ended ${view.status}`);
    return { userId: view.userId, enrollmentId: view.enrollmentId };
  };

  return {
    stack,
    app: stack.app,
    a,
    b,
    dataDir,
    enroll,
    async close() {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts an enrollment of `username` and uploads `photo` to its signed local URL; returns once it is processed. */
export async function uploadEnrollment(
  stack: Composition,
  tenant: DevCredentials,
  username: string,
  photo: Uint8Array,
): Promise<{ userId: string; enrollmentId: string; status: string }> {
  const principal = await stack.app.authenticate(`Bearer ${tenant.operatorKey}`);
  const started = await stack.app.startEnrollment(principal, { username });
  await uploadPhoto(stack, started.upload.url, photo);
  const view = await stack.app.getEnrollment(principal, started.enrollmentId);
  return { userId: started.userId, enrollmentId: started.enrollmentId, status: view.status };
}

/** PUTs `photo` to an enrollment's signed local upload URL and waits until the embed step has run. */
export async function uploadPhoto(stack: Composition, uploadUrl: string, photo: Uint8Array): Promise<void> {
  const url = new URL(uploadUrl);
  if (!stack.localUploads) throw new Error('a local stack receives its own uploads');
  await stack.localUploads.receive({
    pathAndQuery: url.pathname + url.search,
    contentType: 'image/jpeg',
    contentLength: photo.length,
    body: photo,
  });
  await stack.idle();
}

type Method = keyof FaceGateApp;

export interface WatchedApp {
  app: FaceGateApp;
  /** Every call that reached the app, in order. */
  calls: { method: Method; args: unknown[] }[];
  /** The arguments of the last call of `method`. */
  lastCall(method: Method): unknown[] | undefined;
  /** Makes calls of `method` throw `error` (until `clear`). */
  fail(method: Method, error: unknown): void;
  /** Makes calls of `method` answer with `replace(real answer)`. */
  override<M extends Method>(method: M, replace: FaceGateApp[M]): void;
  clear(): void;
}

/** Wraps `inner` in a Proxy that records each call and can make one method fail or answer otherwise. */
export function watchApp(inner: FaceGateApp): WatchedApp {
  const calls: WatchedApp['calls'] = [];
  const swapped = new Map<Method, (...args: unknown[]) => unknown>();
  const app = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = property as Method;
      return (...args: unknown[]) => {
        calls.push({ method, args });
        const replacement = swapped.get(method);
        if (replacement) return Promise.resolve().then(() => replacement(...args));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    app,
    calls,
    lastCall: (method) => calls.filter((c) => c.method === method).at(-1)?.args,
    fail(method, error) {
      swapped.set(method, () => {
        throw error;
      });
    },
    override(method, replace) {
      swapped.set(method, replace as (...args: unknown[]) => unknown);
    },
    clear() {
      swapped.clear();
      calls.length = 0;
    },
  };
}
