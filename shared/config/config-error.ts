/** One invalid or missing environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by `loadConfig` with every problem at once, so a deploy fails with the whole list, not the first item. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
  }
}
