/**
 * Self-calibration per tenant on a real database: tenants whose galleries are synthetic populations (stored as
 * encrypted templates through the SQL repositories, read back through the template index), one of them with
 * impostor scores shifted upwards. Its threshold must rise above the global one, its FAR must hold where the global
 * threshold's would not, and enrollments and deletions must move the estimate and report the move.
 * Registered for SQLite and MariaDB by the *.int.test.ts files beside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.js';
import { composeMaintenance, type MaintenanceComposition } from '../compose.js';
import { FakeClock } from '../ports/clock.js';
import { cosineSimilarity } from '../face/matching/cosine-similarity.js';
import { driftDetectedV1 } from '../events/drift-detected.js';
import { syntheticPopulation, type SyntheticPopulation } from '../calibration/synthetic-population.test-support.js';
import type { ThresholdPolicy } from '../calibration/tenant-threshold.js';
import { TemplateIndex } from './template-index.js';
import { TenantThresholds, type ThresholdMove } from './tenant-thresholds.js';
import { thresholdMovedEvent } from './use-cases/threshold-moved.js';

const VERSION = 'synthetic-v1';
const engine = { modelVersion: VERSION, dims: 64, similarity: cosineSimilarity };
const policy: ThresholdPolicy = { targetFar: 1e-3, global: 0.5, floor: 0.45, minUsers: 30 };

async function enroll(stack: MaintenanceComposition, tenantId: string, people: SyntheticPopulation['identities']) {
  const repos = stack.repos.forTenant(tenantId);
  const ids: string[] = [];
  for (const person of people) {
    const user = await repos.users.create({ username: person.id });
    const captureId = `cap_${person.id}`;
    await repos.captures.create({
      id: captureId,
      userId: user.id,
      kind: 'enroll',
      blobPath: `synthetic/${person.id}.jpg`,
      generation: '1',
      contentType: 'image/jpeg',
      sizeBytes: 1,
    });
    await repos.templates.add({
      userId: user.id,
      captureId,
      modelVersion: VERSION,
      embedding: person.photos[0]!,
      qualityScore: 1,
    });
    ids.push(user.id);
  }
  return ids;
}

/** False accepts of every later photo of each person claimed as every other enrolled person, at `threshold`. */
function probeFar(people: SyntheticPopulation['identities'], threshold: number): number {
  let accepts = 0;
  let attempts = 0;
  for (const p of people)
    for (const probe of p.photos.slice(1))
      for (const other of people) {
        if (other === p) continue;
        attempts++;
        if (cosineSimilarity(probe, other.photos[0]!) >= threshold) accepts++;
      }
  return accepts / attempts;
}

export function tenantThresholdScenarios(
  label: string,
  withDatabase: (run: (url: string) => Promise<void>) => Promise<void>,
): void {
  describe(`per-tenant self-calibration on ${label}`, () => {
    it('raises the threshold of a population with heavier impostors, keeps its FAR, and follows enrollments and deletions', async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-selfcal-'));
      try {
        await withDatabase(async (url) => {
          const clock = new FakeClock('2026-03-01T00:00:00Z');
          const stack = await composeMaintenance(
            { FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: url },
            { clock, log: silentLogger },
          );
          try {
            const plain = syntheticPopulation({ identities: 60, photos: 5, seed: 11, prefix: 'a' });
            const shifted = syntheticPopulation({ identities: 60, photos: 5, seed: 11, shift: 0.45, prefix: 'b' });
            const a = await stack.repos.tenants.create({ name: 'plain' });
            const b = await stack.repos.tenants.create({ name: 'shifted' });
            await enroll(stack, a.id, plain.identities);
            const bIds = await enroll(stack, b.id, shifted.identities.slice(0, 20));

            const index = new TemplateIndex(stack.repos, () => clock.nowMs(), 0);
            const moves: ThresholdMove[] = [];
            const thresholds = new TenantThresholds(
              index,
              () => policy,
              () => clock.nowMs(),
              (m) => {
                moves.push(m);
                return Promise.resolve();
              },
            );

            const ta = await thresholds.forTenant(a.id, engine);
            expect(ta).toMatchObject({ source: 'gallery', users: 60, impostor_scores: (60 * 59) / 2 });
            expect(ta.threshold).toBe(policy.floor);

            // 20 users: too few to calibrate, the global threshold applies.
            const small = await thresholds.forTenant(b.id, engine);
            expect(small).toMatchObject({ source: 'global', threshold: policy.global, users: 20 });

            // 40 more enroll: the tenant's own impostors now set a higher threshold, and the move is reported.
            bIds.push(...(await enroll(stack, b.id, shifted.identities.slice(20))));
            clock.advance(60_000);
            const big = await thresholds.forTenant(b.id, engine);
            expect(big.source).toBe('gallery');
            expect(big.users).toBe(60);
            expect(big.impostor_scores).toBe((60 * 59) / 2);
            expect(big.threshold).toBeGreaterThan(policy.global + 0.05);
            expect(probeFar(shifted.identities, policy.global)).toBeGreaterThan(0.02);
            expect(probeFar(shifted.identities, big.threshold)).toBeLessThanOrEqual(2e-3);
            expect(moves).toHaveLength(1);
            expect(moves[0]).toMatchObject({ tenantId: b.id, modelVersion: VERSION });
            expect(moves[0]!.before.threshold).toBe(policy.global);
            expect(moves[0]!.after.threshold).toBe(big.threshold);
            const body = thresholdMovedEvent(moves[0]!, clock.nowMs());
            const event = driftDetectedV1.parse({
              ...body,
              eventId: '00000000-0000-4000-8000-000000000000',
              occurredAt: new Date(clock.nowMs()).toISOString(),
              schemaVersion: 1,
            });
            expect(event).toMatchObject({ feature: 'threshold', statistic: 'tail_quantile', severity: 'alert' });

            // Deletions take their scores out; below the minimum the global threshold is back.
            const repos = stack.repos.forTenant(b.id);
            for (const id of bIds.slice(0, 35)) await repos.templates.deleteByUser(id);
            index.invalidate(b.id);
            const after = await thresholds.forTenant(b.id, engine);
            expect(after).toMatchObject({ source: 'global', users: 25, impostor_scores: (25 * 24) / 2 });
            expect(moves).toHaveLength(2);
            // The plain tenant never moved.
            expect(moves.every((m) => m.tenantId === b.id)).toBe(true);
          } finally {
            await stack.close();
          }
        });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
