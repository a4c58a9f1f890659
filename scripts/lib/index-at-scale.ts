/**
 * `bench:api --index-db <mysql url>`: the 1:N index at tenant sizes on MariaDB/MySQL. For each size, a fresh
 * database gets that many encrypted templates of one tenant (bulk-inserted with foreign key checks off: only the
 * templates table is read by the index), then the real repositories and TemplateIndex measure the cold load
 * (change number, keyset reads, AES-GCM decrypt, matrix build), resident memory, search p50/p95 on this one thread,
 * and an incremental refresh after deleting users through the repositories.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { createDatabase, createSqlRepositories, migrateToLatest } from '../../shared/adapters/sql/index.js';
import { TemplateCipher } from '../../shared/crypto/template-cipher.js';
import { TemplateIndex } from '../../shared/app/template-index.js';
import { percentile } from '../../shared/arrays/percentile.js';

const DIMS = 128;
const MODEL = 'bench-model';
const INSERT_BATCH = 2000;

export interface IndexAtScale {
  templates: number;
  insertSeconds: number;
  coldLoadMs: number;
  /** CPU time this process spent on the cold load (on a shared machine, closer to the quiet-machine time). */
  coldLoadCpuMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  search: { p50: number; p95: number; n: number; cpuMsPerSearch: number };
  /** Refresh after `deletedUsers` users were deleted through the repositories: ms, users re-read, full loads. */
  refresh: { deletedUsers: number; ms: number; usersReread: number; loads: number; countAfter: number };
}

function unit(seed: number): Float32Array {
  let x = seed | 1;
  const v = Float32Array.from({ length: DIMS }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0xffffffff - 0.5;
  });
  let n = 0;
  for (const a of v) n += a * a;
  n = Math.sqrt(n);
  return v.map((a) => a / n);
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function onSize(serverUrl: string, size: number, log: (line: string) => void): Promise<IndexAtScale> {
  const server = new URL(serverUrl);
  const name = `facegate_bench_${randomBytes(5).toString('hex')}`;
  const admin = await createConnection({
    host: server.hostname,
    port: server.port === '' ? 3306 : Number(server.port),
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
  });
  await admin.query(`create database ${name} character set utf8mb4`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = await createDatabase({ url: url.toString() });
  try {
    await migrateToLatest(database);
    const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
    const tenantId = 'tenant-bench';

    const insertStarted = performance.now();
    await admin.query(`use ${name}`);
    await admin.query('set foreign_key_checks = 0');
    const now = Date.now();
    for (let start = 0; start < size; start += INSERT_BATCH) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(size, start + INSERT_BATCH); i++) {
        const id = `t${String(i).padStart(8, '0')}`;
        const userId = `u${String(i).padStart(8, '0')}`;
        const { keyId, sealed } = cipher.encrypt(unit(i + 1), {
          tenantId,
          userId,
          modelVersion: MODEL,
          templateId: id,
        });
        rows.push([id, tenantId, userId, null, `c${i}`, MODEL, DIMS, 0.9, keyId, sealed, now]);
      }
      await admin.query(
        'insert into templates (id, tenant_id, user_id, enrollment_id, capture_id, model_version, dims, ' +
          'quality_score, key_id, embedding_sealed, created_at) values ?',
        [rows],
      );
      if ((start / INSERT_BATCH) % 50 === 0) log(`index ${size}: ${start} rows inserted`);
    }
    const insertSeconds = (performance.now() - insertStarted) / 1000;

    const repos = createSqlRepositories(database, { cipher });
    // Far in the future relative to the rows: the change look-back covers none of them.
    const index = new TemplateIndex(repos, () => Date.now(), 5_000);
    const rssBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const matrix = await index.matrix(tenantId, MODEL, DIMS);
    const coldLoadMs = performance.now() - t0;
    const coldCpu = process.cpuUsage(cpu0);
    const rssAfter = process.memoryUsage().rss;

    const times: number[] = [];
    const queries = Array.from({ length: 45 }, (_, q) => unit(((q * 7919) % size) + 1));
    for (const query of queries.slice(0, 5)) matrix.search(query, 'euclidean', 2);
    const searchCpu0 = process.cpuUsage();
    for (const query of queries.slice(5)) {
      const t = performance.now();
      matrix.search(query, 'euclidean', 2);
      times.push(performance.now() - t);
    }
    const searchCpu = process.cpuUsage(searchCpu0);

    const deleted = 10;
    const templates = repos.forTenant(tenantId).templates;
    for (let i = 0; i < deleted; i++) await templates.deleteByUser(`u${String(i * 97).padStart(8, '0')}`);
    index.invalidate(tenantId);
    const before = { ...index.stats };
    const t1 = performance.now();
    const after = await index.matrix(tenantId, MODEL, DIMS);
    const refreshMs = performance.now() - t1;
    return {
      templates: size,
      insertSeconds,
      coldLoadMs,
      coldLoadCpuMs: (coldCpu.user + coldCpu.system) / 1000,
      rssBeforeMb: mb(rssBefore),
      rssAfterMb: mb(rssAfter),
      search: {
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        n: times.length,
        cpuMsPerSearch: (searchCpu.user + searchCpu.system) / 1000 / times.length,
      },
      refresh: {
        deletedUsers: deleted,
        ms: refreshMs,
        usersReread: index.stats.usersReread - before.usersReread,
        loads: index.stats.loads,
        countAfter: after.count,
      },
    };
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}

export async function indexAtScale(
  serverUrl: string,
  sizes: readonly number[],
  log: (line: string) => void,
): Promise<IndexAtScale[]> {
  const results: IndexAtScale[] = [];
  for (const size of sizes) results.push(await onSize(serverUrl, size, log));
  return results;
}
