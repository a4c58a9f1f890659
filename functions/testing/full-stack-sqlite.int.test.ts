import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import type * as ComposeModule from '../../shared/compose.js';
import { fullStackScenarios, type CompositionSlot } from './full-stack.scenarios.js';

const slot = vi.hoisted((): CompositionSlot => ({}));
vi.mock('../../shared/compose.js', async (importOriginal) => ({
  ...(await importOriginal<typeof ComposeModule>()),
  compose: () => slot.composition!,
}));
await import('../api/index.js');
await import('../embed/index.js');

fullStackScenarios('SQLite', slot, async (run) =>
  run('sqlite:' + path.join(await mkdtemp(path.join(tmpdir(), 'fg-sqlite-')), 'db.sqlite')),
);
