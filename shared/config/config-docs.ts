/**
 * The documentation registry of the configuration schema: each variable's zod schema is registered here with its
 * description where it is declared (load-config.ts, monitoring-variables.ts), and the README table is generated
 * from the schema (config-variables.ts, `npm run docs:config`).
 */
import { z } from 'zod';

export interface VariableDoc {
  description: string;
  /** A secret: never defaulted, never logged; the README says "Secret." */
  secret?: boolean;
  /** The default as the README shows it, for defaults computed from other variables; else the schema's own. */
  shownDefault?: string;
}

export const configDocs = z.registry<VariableDoc>();
