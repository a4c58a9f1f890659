/** Runs the scenarios in order, each to completion or failure, and reports them; never stops at the first failure. */
import type { E2eContext } from './e2e-context.js';
import type { Scenario } from './scenario.js';

export interface ScenarioResult {
  name: string;
  passed: boolean;
  ms: number;
  error?: string;
}

export async function runScenarios(
  scenarios: readonly Scenario[],
  ctx: E2eContext,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const started = performance.now();
    try {
      await scenario.run(ctx);
      const ms = performance.now() - started;
      results.push({ name: scenario.name, passed: true, ms });
      log(`  PASS  ${scenario.name} (${(ms / 1000).toFixed(1)} s)`);
    } catch (error) {
      const ms = performance.now() - started;
      const message = error instanceof Error ? error.message : String(error);
      results.push({ name: scenario.name, passed: false, ms, error: message });
      log(`  FAIL  ${scenario.name} (${(ms / 1000).toFixed(1)} s)\n        ${message.replace(/\n/g, '\n        ')}`);
    }
  }
  return results;
}

/** The closing line CI tooling reads. */
export function summaryLine(results: readonly ScenarioResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed`;
}
