/**
 * An embed instance for the fault tests to kill mid-processing: the real composition on FACEGATE_DB_URL and
 * FACEGATE_DATA_DIR, whose face engine prints ANALYZING and then never returns, so the enrollment is claimed
 * (`processing`) when the parent sends SIGKILL. Reads one JSON line on stdin: the signed upload to receive (the
 * local bucket's finalize trigger then starts the embed step, as the Pub/Sub push would).
 */
import { createInterface } from 'node:readline';
import { buildComposition } from '../../../shared/compose.js';
import { createFaceEngine } from '../../../shared/face/create-face-engine.js';

const real = await createFaceEngine();
const hanging = new Proxy(real, {
  get(target, property) {
    if (property === 'analyze')
      return () => {
        process.stdout.write('ANALYZING\n');
        return new Promise(() => undefined);
      };
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

const stack = await buildComposition(process.env, { engine: hanging });
const uploads = stack.localUploads;
if (!uploads) throw new Error('embed-instance-to-kill needs the local bucket (no FACEGATE_GCS_BUCKET)');
process.stdout.write('READY\n');

for await (const line of createInterface({ input: process.stdin })) {
  const upload = JSON.parse(line) as { pathAndQuery: string; contentType: string; photo: string };
  const body = Buffer.from(upload.photo, 'base64');
  await uploads.receive({
    pathAndQuery: upload.pathAndQuery,
    contentType: upload.contentType,
    contentLength: body.length,
    body,
  });
}
