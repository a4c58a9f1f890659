import type { DriftReport, DriftWindow } from '../../domain/drift-report.js';
import type { DriftReportView, DriftWindowView } from '../facegate-app.js';

const windowView = (w: DriftWindow): DriftWindowView => ({
  start: new Date(w.start).toISOString(),
  end: new Date(w.end).toISOString(),
  count: w.count,
});

/** A stored report with ISO instants; the API answers only what its schema names. */
export function driftReportView(r: DriftReport): DriftReportView {
  return {
    ...r,
    window: windowView(r.window),
    reference: windowView(r.reference),
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
