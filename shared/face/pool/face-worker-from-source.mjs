// The face worker when running from TypeScript source (tsx, vitest): Node 20 worker threads do not inherit tsx's
// module hooks, so register them in the worker before loading face-worker.ts. Built bundles load face-worker.js.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./face-worker.ts');

export const { analyze, describe } = worker;
