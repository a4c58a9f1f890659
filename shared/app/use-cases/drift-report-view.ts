import type { DriftReport, DriftWindow } from '../../domain/drift-report.js';
import type { DriftReportView, DriftWindowView } from '../facegate-app.js';

const windowView = (w: DriftWindow): DriftWindowView => ({
  start: new Date(w.start).toISOString(),
  end: new Date(w.end).toISOString(),
  count: w.count,
});

export function driftReportView(r: DriftReport): DriftReportView {
  return {
    id: r.id,
    modelVersion: r.modelVersion,
    status: r.status,
    severity: r.severity,
    window: windowView(r.window),
    reference: windowView(r.reference),
    moved: r.moved,
    features: r.features,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
