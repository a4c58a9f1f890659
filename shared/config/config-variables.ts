/**
 * Every environment variable FaceGate reads, as data derived from the one schema (`configSchema` and the
 * descriptions registered in `configDocs`): the README's configuration table is generated from it
 * (`npm run docs:config`) and a test keeps the README equal to it.
 */
import type { z } from 'zod';
import { configDocs } from './config-docs.js';
import { configSchema } from './load-config.js';

export interface ConfigVariable {
  name: string;
  /** Default as written in the README; `undefined` = no default (required, or optional and unset). */
  default: string | undefined;
  /** Whether the value is a secret: never defaulted, never logged. */
  secret: boolean;
  description: string;
}

/** The `.default()` a variable's schema applies (a string, number or boolean), looking through transforms. */
function schemaDefault(schema: z.ZodType): string | number | boolean | undefined {
  const def = schema.def as { type: string; defaultValue?: unknown; in?: z.ZodType };
  if (def.type === 'pipe' && def.in) return schemaDefault(def.in);
  if (def.type !== 'default') return undefined;
  const value = def.defaultValue;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new Error(`a variable defaults to a ${typeof value}: give it a shownDefault`);
}

export const configVariables: readonly ConfigVariable[] = Object.entries(configSchema.shape).map(
  ([name, schema]: [string, z.ZodType]) => {
    const doc = configDocs.get(schema);
    if (!doc) throw new Error(`${name} has no description: register it in configDocs where it is declared`);
    const value = schemaDefault(schema);
    return {
      name,
      default: doc.shownDefault ?? (value === undefined ? undefined : String(value)),
      secret: doc.secret ?? false,
      description: doc.description,
    };
  },
);

/** The README's configuration table (Markdown), generated from `configVariables`. */
export function configTableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = configVariables.map(
    (v) =>
      `| \`${v.name}\` | ${v.default === undefined ? '—' : v.default === '' ? '(empty)' : `\`${cell(v.default)}\``} | ${cell(v.description)}${v.secret ? ' Secret.' : ''} |`,
  );
  return ['| Variable | Default | Description |', '|---|---|---|', ...rows].join('\n');
}
