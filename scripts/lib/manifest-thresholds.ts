/** Moved to tools/eval (@facegate/eval); this path stays while scripts/bench.ts, under concurrent work, imports it. */
export * from '@facegate/eval/manifest-thresholds';
