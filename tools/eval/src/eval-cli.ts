/** The evaluation tools' exit path: scripts/lib/cli.ts's runCli, with the evaluation's own input errors as input errors. */
import { InputError, runCli } from '../../../scripts/lib/cli.js';
import { PairsFormatError } from './metrics/pairs-file.js';
import { InsufficientDataError } from './metrics/verification-metrics.js';

/** A malformed pairs.txt or too few scored pairs is bad input: one line and exit 1, never a stack dump. */
export function runEvalCli(usage: string, main: () => Promise<void>): void {
  runCli(usage, () =>
    main().catch((err: unknown) => {
      if (err instanceof PairsFormatError || err instanceof InsufficientDataError) throw new InputError(err.message);
      throw err;
    }),
  );
}
