/**
 * Limits Google documents for Cloud Functions gen2 (Cloud Run underneath) that the mocks would let through, checked
 * before anything is created, so a value the API refuses stops `pulumi preview` instead of a half-done `pulumi up`.
 * Sources: Cloud Run "Configure memory limits" and "CPU limits" (memory per CPU), Cloud Functions runtime support
 * (nodejs20 decommissioned 2026-10-30), and the MySQL 8 user-name limit.
 */

/** The runtime every function is built on. Not nodejs24: tfjs-node 4.22 calls util.isNullOrUndefined (gone in 23). */
export const FUNCTION_RUNTIME = 'nodejs22';

/** Highest min instances a stack may ask for (per function, this setup's regional quota for warm instances). */
export const MAX_MIN_INSTANCES = 20;

/** CPU values a gen2 function accepts at or above one CPU (FaceGate never runs below one: the models need it). */
export const CPU_VALUES = ['1', '2', '4', '6', '8'] as const;
export type Cpu = (typeof CPU_VALUES)[number];

/** Memory above each bound needs at least that many CPUs (Cloud Run: >4 GiB 2, >8 GiB 4, >16 GiB 6, >24 GiB 8). */
const CPU_FOR_MEMORY: readonly { aboveMiB: number; cpus: number }[] = [
  { aboveMiB: 24 * 1024, cpus: 8 },
  { aboveMiB: 16 * 1024, cpus: 6 },
  { aboveMiB: 8 * 1024, cpus: 4 },
  { aboveMiB: 4 * 1024, cpus: 2 },
];
/** Fewest MiB each CPU count needs (Cloud Run: 4 CPUs at least 2 GiB, 6 and 8 CPUs at least 4 GiB). */
const MEMORY_FOR_CPU: Record<Cpu, number> = { '1': 128, '2': 128, '4': 2048, '6': 4096, '8': 4096 };
const MAX_MEMORY_MIB = 32 * 1024;

/** MySQL 8 user names are at most 32 characters. */
export const MYSQL_USER_MAX = 32;
/** Service account ids: 6-30 of a-z, 0-9, "-", starting with a letter. */
export const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** A size or name the platform would refuse; the message says which limit. */
export class FunctionLimitError extends Error {
  override readonly name = 'FunctionLimitError';
}

/** `512Mi` / `2Gi` in MiB. @throws FunctionLimitError for anything else. */
export function memoryMiB(memory: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!match) throw new FunctionLimitError(`memory must look like 512Mi or 2Gi, got ${memory}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** @throws FunctionLimitError when Cloud Run would refuse this memory with this CPU count. */
export function checkMemoryAndCpu(memory: string, cpu: string): void {
  if (!(CPU_VALUES as readonly string[]).includes(cpu)) {
    throw new FunctionLimitError(`cpu must be one of ${CPU_VALUES.join(', ')}, got ${cpu}`);
  }
  const mib = memoryMiB(memory);
  if (mib > MAX_MEMORY_MIB) throw new FunctionLimitError(`memory ${memory} is above the 32Gi maximum`);
  const needed = CPU_FOR_MEMORY.find((rule) => mib > rule.aboveMiB)?.cpus ?? 1;
  if (Number(cpu) < needed) {
    throw new FunctionLimitError(`memory ${memory} needs at least ${needed} CPUs, got ${cpu}`);
  }
  if (mib < MEMORY_FOR_CPU[cpu as Cpu]) {
    throw new FunctionLimitError(`${cpu} CPUs need at least ${MEMORY_FOR_CPU[cpu as Cpu]}Mi of memory, got ${memory}`);
  }
}

/** @throws FunctionLimitError for instance counts the API refuses. */
export function checkInstances(minInstances: number, maxInstances: number): void {
  if (!Number.isInteger(minInstances) || minInstances < 0 || minInstances > MAX_MIN_INSTANCES) {
    throw new FunctionLimitError(`min instances must be 0-${MAX_MIN_INSTANCES}, got ${minInstances}`);
  }
  if (!Number.isInteger(maxInstances) || maxInstances < 1 || maxInstances < minInstances) {
    throw new FunctionLimitError(`max instances must be at least 1 and min instances (${minInstances})`);
  }
}
