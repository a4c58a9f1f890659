/**
 * The bucket that holds each function's source archive. An archive is named after the hash of its folder, so
 * a rebuilt function gets a new object and Cloud Functions rebuilds it, and an unchanged one is left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { FunctionName } from '../naming.js';

/** sha256 over every file's relative path and bytes, in a stable order. */
export function directoryHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(relative(dir, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

export interface FunctionSourcesArgs {
  region: string;
  /** `npm run build` output: one folder per function. */
  functionsDir: string;
}

export class FunctionSources extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  private readonly functionsDir: string;

  constructor(name: string, args: FunctionSourcesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:FunctionSources', name, {}, opts);
    this.functionsDir = args.functionsDir;
    this.bucket = new gcp.storage.Bucket(
      name,
      {
        location: args.region.toUpperCase(),
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        forceDestroy: true,
      },
      { parent: this },
    );
    this.registerOutputs({ bucketName: this.bucket.name });
  }

  /**
   * Uploads the built folder of one function as a zip archive.
   * @throws Error when the folder is missing (run `npm run build` first).
   */
  archive(fn: FunctionName, functionName: string, parent: pulumi.Resource): gcp.storage.BucketObject {
    const dir = join(this.functionsDir, fn);
    if (!existsSync(join(dir, 'package.json'))) {
      throw new Error(`${dir} has no package.json: run \`npm run build\` before deploying`);
    }
    return new gcp.storage.BucketObject(
      `${functionName}-source`,
      {
        bucket: this.bucket.name,
        name: `${functionName}-${directoryHash(dir).slice(0, 16)}.zip`,
        source: new pulumi.asset.FileArchive(dir),
      },
      { parent },
    );
  }
}
