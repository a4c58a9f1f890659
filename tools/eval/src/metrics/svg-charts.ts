/**
 * Minimal SVG charts for the self-contained report: no scripts, no external resources, just markup.
 * Values outside an axis range are clamped to its edge, so zero rates still show on log/probit axes.
 */
import { escapeHtml } from './html-escape.js';
import { niceTicks } from './nice-ticks.js';
import { probit } from './probit.js';
import type { HistogramBin } from './score-histogram.js';

export type AxisScale = 'linear' | 'log' | 'probit';

export interface Axis {
  label: string;
  scale: AxisScale;
  min: number;
  max: number;
  ticks: readonly number[];
  format?: (value: number) => string;
}

export interface Series {
  name: string;
  color: string;
  points: readonly { x: number; y: number }[];
}

/** A labelled vertical (axis 'x') or horizontal (axis 'y') reference line. */
export interface Marker {
  axis: 'x' | 'y';
  value: number;
  label: string;
  color: string;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { width: 560, height: 380, left: 64, right: 16, top: 34, bottom: 52 };

function transform(value: number, axis: Axis): number {
  const v = Math.min(axis.max, Math.max(axis.min, value));
  if (axis.scale === 'log') return Math.log10(v);
  if (axis.scale === 'probit') return probit(v);
  return v;
}

/** Map a data value to a pixel along an axis of `length` pixels (0 at the axis minimum). */
function position(value: number, axis: Axis, length: number): number {
  const lo = transform(axis.min, axis);
  const hi = transform(axis.max, axis);
  return ((transform(value, axis) - lo) / (hi - lo)) * length;
}

const num = (x: number): string => (Math.round(x * 10) / 10).toString();

function defaultFormat(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) return value.toExponential(0);
  return Number(value.toPrecision(3)).toString();
}

/** The axis's ticks within range, dropping any that would sit closer than `gap` pixels to the previous one. */
function spaced(axis: Axis, length: number, gap: number): number[] {
  const kept: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const t of [...axis.ticks].sort((a, b) => a - b)) {
    if (t < axis.min || t > axis.max) continue;
    const p = position(t, axis, length);
    if (p - last < gap) continue;
    kept.push(t);
    last = p;
  }
  return kept;
}

function frameAndAxes(title: string, x: Axis, y: Axis, f: Frame): string[] {
  const plotW = f.width - f.left - f.right;
  const plotH = f.height - f.top - f.bottom;
  const parts: string[] = [
    `<text x="${f.width / 2}" y="20" text-anchor="middle" class="chart-title">${escapeHtml(title)}</text>`,
    `<rect x="${f.left}" y="${f.top}" width="${plotW}" height="${plotH}" fill="#fff" stroke="#888"/>`,
  ];
  for (const t of spaced(x, plotW, 36)) {
    const px = f.left + position(t, x, plotW);
    parts.push(
      `<line x1="${num(px)}" y1="${f.top}" x2="${num(px)}" y2="${f.top + plotH}" stroke="#eee"/>`,
      `<text x="${num(px)}" y="${f.top + plotH + 16}" text-anchor="middle" class="tick">` +
        `${escapeHtml((x.format ?? defaultFormat)(t))}</text>`,
    );
  }
  for (const t of spaced(y, plotH, 16)) {
    const py = f.top + plotH - position(t, y, plotH);
    parts.push(
      `<line x1="${f.left}" y1="${num(py)}" x2="${f.left + plotW}" y2="${num(py)}" stroke="#eee"/>`,
      `<text x="${f.left - 6}" y="${num(py + 4)}" text-anchor="end" class="tick">` +
        `${escapeHtml((y.format ?? defaultFormat)(t))}</text>`,
    );
  }
  parts.push(
    `<text x="${f.left + plotW / 2}" y="${f.height - 12}" text-anchor="middle" class="axis-label">` +
      `${escapeHtml(x.label)}</text>`,
    `<text transform="translate(16 ${f.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-label">` +
      `${escapeHtml(y.label)}</text>`,
  );
  return parts;
}

function markerLines(markers: readonly Marker[], x: Axis, y: Axis, f: Frame): string[] {
  const plotW = f.width - f.left - f.right;
  const plotH = f.height - f.top - f.bottom;
  return markers.map((m, i) => {
    const labelY = f.top + 14 + 13 * i;
    if (m.axis === 'x') {
      const px = num(f.left + position(m.value, x, plotW));
      return (
        `<line x1="${px}" y1="${f.top}" x2="${px}" y2="${f.top + plotH}" stroke="${m.color}" stroke-dasharray="5 3"/>` +
        `<text x="${px}" y="${labelY}" dx="4" fill="${m.color}" class="marker">${escapeHtml(m.label)}</text>`
      );
    }
    const py = num(f.top + plotH - position(m.value, y, plotH));
    return (
      `<line x1="${f.left}" y1="${py}" x2="${f.left + plotW}" y2="${py}" stroke="${m.color}" stroke-dasharray="5 3"/>` +
      `<text x="${f.left + 4}" y="${py}" dy="-4" fill="${m.color}" class="marker">${escapeHtml(m.label)}</text>`
    );
  });
}

function legend(series: readonly { name: string; color: string }[], f: Frame): string[] {
  return series.map((s, i) => {
    const y = f.top + f.height - f.top - f.bottom - 12 - 16 * (series.length - 1 - i);
    const x = f.width - f.right - 150;
    return (
      `<rect x="${x}" y="${y - 9}" width="12" height="10" fill="${s.color}"/>` +
      `<text x="${x + 17}" y="${y}" class="legend">${escapeHtml(s.name)}</text>`
    );
  });
}

function svg(title: string, f: Frame, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(title)}" ` +
    `width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}">${body.join('')}</svg>`
  );
}

/** A line chart with any mix of linear, log and probit axes. */
export function lineChart(options: {
  title: string;
  x: Axis;
  y: Axis;
  series: readonly Series[];
  markers?: readonly Marker[];
}): string {
  const f = FRAME;
  const plotW = f.width - f.left - f.right;
  const plotH = f.height - f.top - f.bottom;
  const body = frameAndAxes(options.title, options.x, options.y, f);
  for (const s of options.series) {
    const points = s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .map(
        (p) =>
          `${num(f.left + position(p.x, options.x, plotW))},${num(f.top + plotH - position(p.y, options.y, plotH))}`,
      );
    body.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.join(' ')}"/>`);
  }
  body.push(...markerLines(options.markers ?? [], options.x, options.y, f));
  body.push(...legend(options.series, f));
  return svg(options.title, f, body);
}

/** Overlaid genuine and impostor score histograms, each normalised to its own class size. */
export function histogramChart(options: {
  title: string;
  xLabel: string;
  bins: readonly HistogramBin[];
  markers?: readonly Marker[];
  /** What the two classes and the counted things are called (default genuine / impostor pairs). */
  names?: { genuine: string; impostor: string; items: string };
}): string {
  const names = options.names ?? { genuine: 'genuine', impostor: 'impostor', items: 'pairs' };
  const f = FRAME;
  const plotW = f.width - f.left - f.right;
  const plotH = f.height - f.top - f.bottom;
  const bins = options.bins;
  const totalG = bins.reduce((s, b) => s + b.genuine, 0) || 1;
  const totalI = bins.reduce((s, b) => s + b.impostor, 0) || 1;
  const peak = bins.reduce((m, b) => Math.max(m, b.genuine / totalG, b.impostor / totalI), 0) || 1;
  const lo = bins[0]?.from ?? 0;
  const hi = bins[bins.length - 1]?.to ?? 1;
  const x: Axis = { label: options.xLabel, scale: 'linear', min: lo, max: hi, ticks: niceTicks(lo, hi, 8) };
  const y: Axis = {
    label: `share of ${names.items} of the class`,
    scale: 'linear',
    min: 0,
    max: peak * 1.1,
    ticks: niceTicks(0, peak * 1.1, 5),
  };
  const body = frameAndAxes(options.title, x, y, f);
  const classes = [
    { name: names.impostor, color: '#d9534f', share: (b: HistogramBin) => b.impostor / totalI },
    { name: names.genuine, color: '#2a7ab0', share: (b: HistogramBin) => b.genuine / totalG },
  ];
  for (const c of classes) {
    for (const b of bins) {
      const share = c.share(b);
      if (share === 0) continue;
      const x0 = f.left + position(b.from, x, plotW);
      const x1 = f.left + position(b.to, x, plotW);
      const h = position(share, y, plotH);
      body.push(
        `<rect x="${num(x0)}" y="${num(f.top + plotH - h)}" width="${num(Math.max(1, x1 - x0))}" ` +
          `height="${num(h)}" fill="${c.color}" fill-opacity="0.5"/>`,
      );
    }
  }
  body.push(...markerLines(options.markers ?? [], x, y, f));
  body.push(...legend(classes, f));
  return svg(options.title, f, body);
}

/** Decades from `min` to 1 (1e-3, 1e-2, 0.1, 1): ticks of a log rate axis. */
export function decadeTicks(min: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= 0; e++) ticks.push(10 ** e);
  return ticks;
}
