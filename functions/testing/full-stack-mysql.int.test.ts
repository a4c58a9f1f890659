import { vi } from 'vitest';
import type * as ComposeModule from '../../shared/compose.js';
import { withMysqlDatabase } from '../../tests/support/mysql-database.js';
import { fullStackScenarios, type CompositionSlot } from './full-stack.scenarios.js';

const slot = vi.hoisted((): CompositionSlot => ({}));
vi.mock('../../shared/compose.js', async (importOriginal) => ({
  ...(await importOriginal<typeof ComposeModule>()),
  compose: () => slot.composition!,
}));
await import('../api/index.js');
await import('../embed/index.js');

fullStackScenarios('MariaDB', slot, withMysqlDatabase);
