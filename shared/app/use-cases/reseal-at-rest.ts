/**
 * Key rotation of everything sealed under the template keys besides templates (issue 12, finding 9): webhook
 * secrets, OIDC client secrets and stored enrollment photos get their data keys re-wrapped under the active key (the photo itself is
 * not re-encrypted), and photos or secrets stored in the clear before encryption at rest are sealed. Run by
 * `npm run keys:rotate-template` after the templates; the old keys may only go once this reports no failures.
 *
 * Resumable and idempotent: a photo already under the active key is left alone, each change is a new object
 * generation and a compare-and-set on the capture row.
 */
import { envelopeKeyId, isSealed, rewrap } from '../../crypto/envelope.js';
import { TemplateDecryptError, type TemplateCipher } from '../../crypto/template-cipher.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { OidcPayloadStore } from '../../ports/oidc-payloads.js';
import type { Repositories } from '../../ports/repositories.js';
import { captureContext, sealCapture } from '../capture-at-rest.js';

export interface AtRestReport {
  webhookSecrets: number;
  /** Registered OIDC clients' secrets re-wrapped or sealed. */
  oidcClientSecrets: number;
  /** Photos re-wrapped under the active key or sealed for the first time. */
  captures: number;
  /** Photos already under the active key. */
  unchanged: number;
  /** Captures whose photo is gone (or was replaced): nothing sealed to re-wrap, no reason to keep an old key. */
  missing: number;
  failed: { tenantId: string; captureId: string; message: string }[];
}

export async function resealAtRest(
  repos: Repositories,
  blobs: BlobStore,
  cipher: TemplateCipher,
  oidcPayloads?: Pick<OidcPayloadStore, 'resealClientSecrets'>,
): Promise<AtRestReport> {
  const report: AtRestReport = {
    webhookSecrets: await repos.tenants.resealWebhookSecrets(),
    oidcClientSecrets: (await oidcPayloads?.resealClientSecrets()) ?? 0,
    captures: 0,
    unchanged: 0,
    missing: 0,
    failed: [],
  };
  for (const tenant of await repos.tenants.list()) {
    const t = repos.forTenant(tenant.id);
    const captureIds = new Set((await t.templates.listCoverage()).map((c) => c.captureId));
    for (const captureId of captureIds) {
      const capture = await t.captures.get(captureId);
      if (!capture) continue;
      try {
        const stored = await blobs.get(capture.blobPath, { generation: capture.generation });
        if (!stored) {
          report.missing++;
          continue;
        }
        if (!isSealed(stored)) {
          if (await sealCapture(blobs, cipher, t, capture, stored)) report.captures++;
          continue;
        }
        if (envelopeKeyId(stored) === cipher.activeKeyId) {
          report.unchanged++;
          continue;
        }
        const next = rewrap(cipher, stored, captureContext(tenant.id, capture));
        if (!next) continue;
        const written = await blobs.put(capture.blobPath, next, {
          contentType: 'application/octet-stream',
          ifGenerationMatch: capture.generation,
        });
        const from = { blobPath: capture.blobPath, generation: capture.generation };
        if (await t.captures.moveBlob(capture.id, from, { blobPath: capture.blobPath, generation: written.generation }))
          report.captures++;
      } catch (err) {
        if (!(err instanceof TemplateDecryptError)) throw err;
        report.failed.push({ tenantId: tenant.id, captureId, message: err.message });
      }
    }
  }
  return report;
}
