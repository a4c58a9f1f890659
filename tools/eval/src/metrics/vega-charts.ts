/**
 * The report's charts as vega-lite specs, rendered to static SVG by vega headless (renderer 'none': no DOM, no
 * canvas, no network), so report.html stays one self-contained file without scripts.
 * vega-lite has no probit scale: the DET data are probit coordinates, and the ticks are labelled with the rates.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './html-escape.js';
import { probit } from './probit.js';
import type { HistogramBin } from './score-histogram.js';

/** A labelled vertical (axis 'x') or horizontal (axis 'y') reference line, in data units. */
export interface Marker {
  axis: 'x' | 'y';
  value: number;
  label: string;
  color: string;
}

/** Size, and no per-point aria labels (they would read out probit coordinates); the chart is named by its title. */
const FRAME = { width: 460, height: 300, config: { aria: false } };
const CURVE_COLOR = '#2a7ab0';

/** Static SVG of a vega-lite spec, named for screen readers by the spec's description. */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(spec.description ?? '')}" `);
  } finally {
    view.finalize();
  }
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** A vega expression naming each tick value: the label of the nearest listed value. */
function labelExpression(ticks: readonly { at: number; label: string }[]): string {
  return ticks.reduceRight(
    (otherwise, t) => `abs(datum.value - ${t.at}) < 1e-6 ? ${JSON.stringify(t.label)} : ${otherwise}`,
    "''",
  );
}

/** Rule and label layers for the markers, in the coordinates the chart plots (`toPlot` maps a value). */
function markerLayers(markers: readonly Marker[], toPlot: (m: Marker) => number): object[] {
  return markers.map((m, i) => {
    const channel = m.axis === 'x' ? 'x' : 'y';
    return {
      data: { values: [{ v: toPlot(m), label: m.label }] },
      layer: [
        {
          mark: { type: 'rule', color: m.color, strokeDash: [5, 3] },
          encoding: { [channel]: { field: 'v', type: 'quantitative' } },
        },
        {
          mark:
            m.axis === 'x'
              ? { type: 'text', color: m.color, align: 'left', dx: 4, y: 12 + 13 * i }
              : { type: 'text', color: m.color, align: 'left', baseline: 'bottom', dy: -3, x: 4 },
          encoding: { [channel]: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    };
  });
}

/** ROC on a log false-accept axis from `farFloor` to 1 and a linear true-accept axis from `tarMin` to 1. */
export function rocSpec(options: {
  title: string;
  series: string;
  points: readonly { fpr: number; tpr: number }[];
  farFloor: number;
  tarMin: number;
  markers?: readonly Marker[];
}): TopLevelSpec {
  const { farFloor, tarMin } = options;
  const decades: number[] = [];
  for (let e = Math.floor(Math.log10(farFloor)); e <= 0; e++) decades.push(10 ** e);
  const values = options.points
    .filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.tpr))
    .map((p, i) => ({ i, far: clamp(p.fpr, farFloor, 1), tar: clamp(p.tpr, tarMin, 1), series: options.series }));
  return {
    title: options.title,
    description: options.title,
    ...FRAME,
    layer: [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: {
            field: 'far',
            type: 'quantitative',
            title: 'false accept rate (log)',
            scale: { type: 'log', domain: [farFloor, 1] },
            axis: {
              values: decades,
              labelExpr: "datum.value >= 0.01 ? format(datum.value, '.0%') : format(datum.value, '.0e')",
            },
          },
          y: { field: 'tar', type: 'quantitative', title: 'true accept rate', scale: { domain: [tarMin, 1] } },
          order: { field: 'i' },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { range: [CURVE_COLOR] },
            legend: { orient: 'bottom-right', title: null },
          },
        },
      },
      ...markerLayers(options.markers ?? [], (m) => clamp(m.value, farFloor, 1)),
    ],
  } as TopLevelSpec;
}

/** Rates labelled on DET axes; those below the axis minimum are left out. */
const DET_TICKS = [0.0001, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
const percent = (rate: number): string => `${Number((rate * 100).toPrecision(2))}%`;

/**
 * DET on normal-deviate (probit) axes from `rateMin` to 50%: rates are plotted as probit(rate), so normally
 * distributed scores give straight lines, and the ticks carry the rates (0.1%, 1%, 5%, 20%, 50%).
 */
export function detSpec(options: {
  title: string;
  series: string;
  points: readonly { fpr: number; fnr: number }[];
  rateMin: number;
  markers?: readonly Marker[];
}): TopLevelSpec {
  const { rateMin } = options;
  const toProbit = (rate: number): number => probit(clamp(rate, rateMin, 0.5));
  const ticks = DET_TICKS.filter((t) => t >= rateMin).map((t) => ({ at: probit(t), label: percent(t) }));
  const axis = { values: ticks.map((t) => t.at), labelExpr: labelExpression(ticks) };
  const domain = [probit(rateMin), 0];
  const values = options.points
    .filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.fnr))
    .map((p, i) => ({ i, far: toProbit(p.fpr), frr: toProbit(p.fnr), series: options.series }));
  return {
    title: options.title,
    description: options.title,
    ...FRAME,
    layer: [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'far', type: 'quantitative', title: 'false accept rate', scale: { domain }, axis },
          y: { field: 'frr', type: 'quantitative', title: 'false reject rate', scale: { domain }, axis },
          order: { field: 'i' },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { range: [CURVE_COLOR] },
            legend: { orient: 'top-right', title: null },
          },
        },
      },
      ...markerLayers(options.markers ?? [], (m) => toProbit(m.value)),
    ],
  } as TopLevelSpec;
}

/** Overlaid genuine and impostor score histograms, each normalised to its own class size. */
export function histogramSpec(options: {
  title: string;
  xLabel: string;
  bins: readonly HistogramBin[];
  markers?: readonly Marker[];
  /** What the two classes and the counted things are called (default genuine / impostor pairs). */
  names?: { genuine: string; impostor: string; items: string };
}): TopLevelSpec {
  const names = options.names ?? { genuine: 'genuine', impostor: 'impostor', items: 'pairs' };
  const totalGenuine = options.bins.reduce((s, b) => s + b.genuine, 0) || 1;
  const totalImpostor = options.bins.reduce((s, b) => s + b.impostor, 0) || 1;
  const values = options.bins.flatMap((b) => [
    { from: b.from, to: b.to, share: b.impostor / totalImpostor, class: names.impostor },
    { from: b.from, to: b.to, share: b.genuine / totalGenuine, class: names.genuine },
  ]);
  return {
    title: options.title,
    description: options.title,
    ...FRAME,
    layer: [
      {
        data: { values: values.filter((v) => v.share > 0) },
        mark: { type: 'rect', opacity: 0.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: options.xLabel, scale: { zero: false, nice: false } },
          x2: { field: 'to' },
          y: {
            field: 'share',
            type: 'quantitative',
            title: `share of ${names.items} of the class`,
            axis: { format: '.0%' },
          },
          y2: { datum: 0 },
          color: {
            field: 'class',
            type: 'nominal',
            scale: { domain: [names.impostor, names.genuine], range: ['#d9534f', '#2a7ab0'] },
            legend: { orient: 'top-left', title: null },
          },
        },
      },
      ...markerLayers(options.markers ?? [], (m) => m.value),
    ],
  } as TopLevelSpec;
}
