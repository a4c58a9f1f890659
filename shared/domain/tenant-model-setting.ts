/**
 * A tenant's choice of embedder version, when it departs from the manifest's default (models/manifest.json
 * `activeEmbedder`). Templates of several versions may coexist; verify and identify use only the active one.
 */
export interface TenantModelSetting {
  tenantId: string;
  /** The version verify, identify and enrollment use; null = the manifest's default. */
  activeVersion: string | null;
  /**
   * The version a re-embed (`npm run models:reembed`) is filling, until it is activated or abandoned. New enrollments
   * write a template of it too, so nobody who enrolls during the run is missing from the new version.
   */
  reembedTarget: string | null;
  /** Epoch milliseconds. */
  updatedAt: number;
}
