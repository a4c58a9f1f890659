/** The few lines `train:pad` and `eval:pad` print: AUC, APCER/BPCER at the threshold, and each attack type. */
import type { PadErrorRates } from './metrics/pad-metrics.js';
import { formatTable } from '../../../scripts/lib/format-table.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function padSummary(input: {
  title: string;
  auc: number;
  rates: PadErrorRates;
  failureToAcquire: number;
  images: number;
}): string {
  const { rates } = input;
  const rows = [
    ['AUC (live vs attack)', input.auc.toFixed(4)],
    ['threshold', rates.threshold.toFixed(4)],
    ['APCER (worst attack type)', `${pct(rates.apcer)}`],
    ['APCER (all attacks)', `${pct(rates.apcer_pooled)} (${rates.accepted_attacks}/${rates.attacks} accepted)`],
    ['BPCER', `${pct(rates.bpcer)} (${rates.rejected_live}/${rates.live} live rejected)`],
    ['no face found', `${input.failureToAcquire}/${input.images}`],
    ...Object.entries(rates.per_attack_type).map(([type, t]) => [
      `attack type ${type}`,
      `${pct(1 - t.apcer)} stopped (${t.attacks - t.accepted}/${t.attacks})`,
    ]),
  ];
  return `${input.title}\n${formatTable(['figure', 'value'], rows)}`;
}
