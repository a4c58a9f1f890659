/**
 * Every embedder version of models/manifest.json behind one object, so one process can serve tenants on different
 * versions and re-embed from one to another. The detector (and everything else before the embedder) is shared;
 * each embedder's weights load once, on first use, so a version nobody uses costs nothing.
 */
import { loadEmbedder, type LoadedFaceEngine } from './create-face-engine.js';
import { UnknownModelVersionError } from './errors.js';
import type { FaceEngine } from './face-engine.js';
import type { ModelManifest } from './models/model-manifest.js';

export interface FaceEngines {
  /** The manifest's default version (`activeEmbedder`), used by tenants without an override. */
  readonly defaultVersion: string;
  /** Every version the manifest lists. */
  readonly versions: readonly string[];
  /** The engine of `version`, its embedder loaded on first use. @throws UnknownModelVersionError */
  get(version: string): Promise<FaceEngine>;
}

/** FaceEngines around an already loaded engine, whose detector every other version reuses. */
export class LazyFaceEngines implements FaceEngines {
  readonly defaultVersion: string;
  readonly versions: readonly string[];
  private readonly loaded = new Map<string, Promise<FaceEngine>>();

  constructor(
    private readonly base: LoadedFaceEngine,
    private readonly manifest: ModelManifest,
  ) {
    this.defaultVersion = manifest.activeEmbedder;
    this.versions = Object.keys(manifest.embedders);
    this.loaded.set(base.modelVersion, Promise.resolve(base));
  }

  get(version: string): Promise<FaceEngine> {
    if (!Object.hasOwn(this.manifest.embedders, version))
      return Promise.reject(new UnknownModelVersionError(version, this.versions));
    let engine = this.loaded.get(version);
    if (!engine) {
      engine = loadEmbedder(this.manifest, version).then((embedder) => this.base.withEmbedder(embedder));
      // A failed load (a missing weight file, say) is retried by the next caller rather than cached.
      engine.catch(() => this.loaded.delete(version));
      this.loaded.set(version, engine);
    }
    return engine;
  }
}
