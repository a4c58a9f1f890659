/**
 * `npm start`: the whole service in one process on PORT — the API, signed local uploads (which trigger the embed
 * step at once, in-process), and the web client — over the local adapters chosen by the composition root.
 * On first start it creates a demo tenant and writes its API keys to `<FACEGATE_DATA_DIR>/dev-credentials.json`,
 * with a publishable key bound to this server's origins that the web pages read from `/web-config.json`
 * (before listening, so anything that waits for /healthz can read them) and prints them.
 * Stops cleanly on SIGINT/SIGTERM: stops accepting connections, lets requests in flight finish, closes the
 * composition (database, event bus); a second signal exits at once. `npm start` execs this process (no shell or
 * tsx wrapper in between that would swallow npm's SIGTERM and leave the server orphaned and answering), and the
 * server also stops by itself when the process that started it goes away.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../shared/config/config-error.js';
import { compose } from '../shared/compose.js';
import { ensureDemoTenant } from '../shared/local/demo-tenant.js';
import { ensureDemoPublishableKey, localOrigins } from '../shared/local/demo-publishable-key.js';
import { jsonLineLog } from '../shared/http/structured-log.js';
import { loggerOn } from '../shared/app/logger.js';
import { createDevServer } from './lib/dev-http-server.js';
import { startDriftSchedule } from './lib/drift-schedule.js';

/** How long requests in flight get after a stop signal before their connections are cut. */
const DRAIN_MS = 5000;
/** How often the server checks that its parent (npm, a test runner) is still there. */
const PARENT_CHECK_MS = 1000;

async function main(): Promise<void> {
  const composition = await compose();
  const { config } = composition;
  const sink = jsonLineLog(config.logLevel);
  const log = loggerOn(sink);
  const demo = await ensureDemoTenant(composition.repos, config.dataDir);
  const origins = localOrigins(config.publicUrl, config.port);
  const publishableKey = await ensureDemoPublishableKey(composition.repos, demo.file, origins);
  const webConfig = { publishableKey, tenantId: demo.credentials.tenantId };
  const server = createDevServer(composition, { log: sink, webConfig });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  const local = `http://localhost:${config.port}`;
  console.log(`FaceGate listening on ${local}${config.publicUrl !== local ? ` (public URL ${config.publicUrl})` : ''}`);
  console.log(`  API description: ${local}/openapi.json`);
  console.log(`  demo tenant ${demo.credentials.tenantId}${demo.created ? ' (created)' : ''}, keys in ${demo.file}:`);
  console.log(`    client key:   ${demo.credentials.clientKey}`);
  console.log(`    operator key: ${demo.credentials.operatorKey} (console sign-in; keep it server-side)`);
  console.log(`    publishable key for ${origins.join(', ')}: ${publishableKey} (the web pages get it themselves)`);
  if (composition.webDir && !existsSync(composition.webDir)) {
    console.log(`  web client not built yet (${composition.webDir} is missing); the API works without it`);
  } else if (composition.webDir) {
    console.log(`  web client: ${local}/`);
  }

  const stopDrift = startDriftSchedule(composition.app, config.drift.checkIntervalSeconds, sink);
  if (config.drift.checkIntervalSeconds > 0)
    console.log(`  drift check every ${config.drift.checkIntervalSeconds} s (FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    stopDrift();
    console.log(`${signal}: shutting down`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    cut.unref();
    closed
      .then(() => composition.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Orphaned (the parent was killed without passing the signal on): nobody can stop us any more, so stop now.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      console.log(`parent process ${parent} is gone`);
      stop('SIGTERM');
    }
  }, PARENT_CHECK_MS);
  watch.unref();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    console.error(`port in use: set PORT to a free port (${(error as Error).message})`);
  } else {
    console.error('FaceGate could not start:', error);
  }
  process.exit(1);
});
