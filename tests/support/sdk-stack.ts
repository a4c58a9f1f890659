/**
 * For the SDK and README tests: `npm start`'s server in its own process (dev-server-process.ts) and real face photos
 * from the pinned npm package (face-fixtures.ts; an in-process engine finds the faces to crop). Needs no service.
 */
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { startDevServer, type DevServer } from './dev-server-process.js';
import { faceFixtures, type FaceFixtures } from './face-fixtures.js';

export interface SdkStack {
  server: DevServer;
  fx: FaceFixtures;
  /** The origin the demo publishable key is bound to. */
  origin: string;
}

export async function startSdkStack(): Promise<SdkStack> {
  const [server, fx] = await Promise.all([startDevServer(), createFaceEngine().then((engine) => faceFixtures(engine))]);
  return { server, fx, origin: new URL(server.base).origin };
}
