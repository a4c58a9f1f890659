/**
 * The captures bucket. Browsers PUT enrollment photos straight into it through V4 signed URLs, so it allows
 * exactly that from the web origin (CORS, with the headers the signature binds) and nothing public. Kept login
 * captures live under their own prefix and are deleted by a lifecycle rule after the retention period;
 * enrollment captures stay until the person is erased (they are needed to re-embed with a new model).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { CONTENT_LENGTH_RANGE_HEADER, IF_GENERATION_MATCH_HEADER } from '../../shared/adapters/gcp/gcs-blob-store.js';
import { blobKeys } from '../../shared/ports/blob-store.js';

export interface UploadsBucketArgs {
  region: string;
  webOrigin: string;
  loginCaptureRetentionDays: number;
  /** A production bucket is never emptied by `pulumi destroy`. */
  production: boolean;
}

export class UploadsBucket extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;

  constructor(name: string, args: UploadsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:storage:UploadsBucket', name, {}, opts);
    this.bucket = new gcp.storage.Bucket(
      name,
      {
        location: args.region.toUpperCase(),
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        forceDestroy: !args.production,
        // Personal data: an erased or expired capture must really be gone, not kept as an old version.
        versioning: { enabled: false },
        softDeletePolicy: { retentionDurationSeconds: 0 },
        cors: [
          {
            origins: [args.webOrigin],
            methods: ['PUT'],
            responseHeaders: ['Content-Type', CONTENT_LENGTH_RANGE_HEADER, IF_GENERATION_MATCH_HEADER],
            maxAgeSeconds: 3600,
          },
        ],
        lifecycleRules: [
          {
            action: { type: 'Delete' },
            condition: { age: args.loginCaptureRetentionDays, matchesPrefixes: [blobKeys.loginCapturesPrefix] },
          },
        ],
      },
      { parent: this },
    );
    this.registerOutputs({ bucketName: this.bucket.name });
  }
}
