/**
 * Self-calibration per tenant: the running estimate of a tenant's impostor scores (every cross-user score among its
 * enrolled templates, per model version) and the threshold it gives (calibration/tenant-threshold.ts). It follows
 * the tenant's template matrix (template-index.ts): when an enrollment or deletion replaces the matrix, only the
 * users that came or went are scored or dropped, not the whole gallery. A threshold that moves by more than
 * `moveStep` (relative) since it was last reported, or that switches between global and gallery, is reported
 * through `onMove` (the composition root publishes drift.detected.v1).
 */
import { GalleryImpostors } from '../calibration/gallery-impostors.js';
import { tenantThreshold, type TenantThreshold, type ThresholdPolicy } from '../calibration/tenant-threshold.js';
import type { FaceEngine } from '../face/face-engine.js';
import type { IdentifyIndex, SearchableTemplates } from './template-index.js';

export interface ThresholdMove {
  tenantId: string;
  modelVersion: string;
  before: TenantThreshold;
  after: TenantThreshold;
  /** When `before` was reported (ms since epoch). */
  sinceMs: number;
}

interface GalleryState {
  gallery: GalleryImpostors;
  /** Templates per user when last scored, so a user whose templates changed is re-scored. */
  templates: Map<string, number>;
  matrix?: SearchableTemplates;
  /** The matrix's version when last scored: the index patches it in place. */
  matrixVersion?: number;
  current?: TenantThreshold;
  reported?: { threshold: TenantThreshold; atMs: number };
}

export interface TenantThresholdsOptions {
  /** Users sampled for the impostor scores of large galleries (~sampleUsers²/2 scores kept per tenant). */
  sampleUsers?: number;
  /** Relative change of the threshold that counts as a move. */
  moveStep?: number;
}

export class TenantThresholds {
  private readonly states = new Map<string, Promise<GalleryState>>();
  private readonly sampleUsers: number;
  private readonly moveStep: number;

  constructor(
    private readonly index: Pick<IdentifyIndex, 'matrix'>,
    private readonly policyFor: (modelVersion: string) => ThresholdPolicy,
    private readonly nowMs: () => number,
    private readonly onMove: (move: ThresholdMove) => Promise<void> = () => Promise.resolve(),
    options: TenantThresholdsOptions = {},
  ) {
    this.sampleUsers = options.sampleUsers ?? 400;
    this.moveStep = options.moveStep ?? 0.01;
  }

  /** The threshold `tenantId` is served at on `engine`'s version, brought up to date with its gallery. */
  async forTenant(
    tenantId: string,
    engine: Pick<FaceEngine, 'modelVersion' | 'dims' | 'similarity'>,
  ): Promise<TenantThreshold> {
    const key = `${tenantId}\u0000${engine.modelVersion}`;
    const previous = this.states.get(key);
    const next = (async () => {
      const state = previous ? await previous.catch(() => undefined) : undefined;
      return this.update(tenantId, engine, state ?? this.fresh(engine));
    })();
    this.states.set(key, next);
    next.catch(() => {
      if (this.states.get(key) === next) this.states.delete(key);
    });
    const state = await next;
    return state.current!;
  }

  private fresh(engine: Pick<FaceEngine, 'similarity'>): GalleryState {
    return {
      gallery: new GalleryImpostors((a, b) => engine.similarity(a, b), this.sampleUsers),
      templates: new Map(),
    };
  }

  private async update(
    tenantId: string,
    engine: Pick<FaceEngine, 'modelVersion' | 'dims' | 'similarity'>,
    state: GalleryState,
  ): Promise<GalleryState> {
    const matrix = await this.index.matrix(tenantId, engine.modelVersion, engine.dims);
    if (matrix !== state.matrix || matrix.version !== state.matrixVersion || !state.current) {
      const byUser = matrix.templatesByUser();
      if (state.templates.size === 0) state.gallery.resize(byUser.size);
      for (const userId of [...state.templates.keys()]) {
        if (!byUser.has(userId)) {
          state.gallery.remove(userId);
          state.templates.delete(userId);
        }
      }
      for (const [userId, embeddings] of byUser) {
        if (state.templates.get(userId) === embeddings.length) continue;
        state.gallery.add({ userId, embeddings: embeddings.map((e) => Float32Array.from(e)) });
        state.templates.set(userId, embeddings.length);
      }
      state.matrix = matrix;
      state.matrixVersion = matrix.version;
      state.current = tenantThreshold(
        this.policyFor(engine.modelVersion),
        state.gallery.impostorScores(),
        state.gallery.userCount,
      );
    }
    await this.reportMove(tenantId, engine.modelVersion, state);
    return state;
  }

  private async reportMove(tenantId: string, modelVersion: string, state: GalleryState): Promise<void> {
    const after = state.current!;
    const reported = state.reported;
    if (!reported) {
      state.reported = { threshold: after, atMs: this.nowMs() };
      return;
    }
    const before = reported.threshold;
    const moved =
      before.source !== after.source ||
      Math.abs(after.threshold - before.threshold) > this.moveStep * Math.max(Math.abs(before.threshold), 1e-3);
    if (!moved) return;
    state.reported = { threshold: after, atMs: this.nowMs() };
    await this.onMove({ tenantId, modelVersion, before, after, sinceMs: reported.atMs });
  }
}
