/**
 * The three uPlot charts of the console, each a function from computed series to a chart that follows its
 * container's width. Colours are chosen to stay distinguishable for the common colour-vision deficiencies
 * (blue/orange), and every chart has a text caption with its key figures for screen readers.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LatencySeries, OutcomeSeries, ScoreHistogram } from './attempt-stats.js';

const BLUE = '#1f77b4';
const ORANGE = '#ff7f0e';
const GREY = '#8c8c8c';
const HEIGHT = 240;

/** Creates the chart in `host` and keeps it as wide as `host`; returns a function that disposes of it. */
function mount(
  host: HTMLElement,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
): () => void {
  const chart = new uPlot({ ...options, width: Math.max(280, host.clientWidth), height: HEIGHT }, data, host);
  const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(280, host.clientWidth), height: HEIGHT }));
  observer.observe(host);
  return () => {
    observer.disconnect();
    chart.destroy();
  };
}

const msAxis: uPlot.Axis = { label: 'ms', values: (_u, ticks) => ticks.map((t) => `${Math.round(t)}`) };

export function latencyChart(host: HTMLElement, s: LatencySeries): () => void {
  return mount(
    host,
    {
      title: 'Latency p50 / p95',
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [{}, msAxis],
      series: [
        {},
        { label: 'p50', stroke: BLUE, width: 2, spanGaps: false, points: { show: true, size: 5 } },
        { label: 'p95', stroke: ORANGE, width: 2, dash: [6, 4], spanGaps: false, points: { show: true, size: 5 } },
      ],
    },
    [s.t, s.p50, s.p95],
  );
}

export function outcomesChart(host: HTMLElement, s: OutcomeSeries): () => void {
  const bars = uPlot.paths.bars!({ size: [0.8, 40], align: 1 });
  // Stacked bars: each series is drawn as the running total, the largest first so the smaller ones cover it.
  const deniedTop = s.granted.map((g, i) => g + s.denied[i]!);
  const errorTop = deniedTop.map((d, i) => d + s.error[i]!);
  const raw = [s.error, s.denied, s.granted];
  const shown = (_u: uPlot, _v: number | null, si: number, i: number | null) =>
    i === null ? '—' : String(raw[si - 1]![i]);
  return mount(
    host,
    {
      title: 'Outcomes',
      // Each bar starts at its bucket's start: the axis runs to the end of the last bucket so it is not cut off.
      scales: {
        x: { time: true, range: (_u, min, max) => [min, max + s.bucketMs / 1000] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [{}, { label: 'attempts' }],
      series: [
        {},
        { label: 'error', fill: GREY, stroke: GREY, paths: bars, points: { show: false }, value: shown },
        { label: 'denied', fill: ORANGE, stroke: ORANGE, paths: bars, points: { show: false }, value: shown },
        { label: 'granted', fill: BLUE, stroke: BLUE, paths: bars, points: { show: false }, value: shown },
      ],
    },
    [s.t, errorTop, deniedTop, s.granted],
  );
}

export function scoreChart(host: HTMLElement, h: ScoreHistogram): () => void {
  const bars = uPlot.paths.bars!({ size: [0.9, 60], align: 0 });
  const half = h.binWidth / 4;
  // Two bar series side by side in each bin: granted a quarter bin left of the centre, denied a quarter right.
  // Empty bins stay null so no zero-height stubs are drawn.
  const xs = h.centres.flatMap((c) => [c - half, c + half]);
  const granted = h.centres.flatMap((_c, i) => [h.granted[i]! || null, null]);
  const denied = h.centres.flatMap((_c, i) => [null, h.denied[i]! || null]);
  const threshold = h.threshold;
  return mount(
    host,
    {
      title: 'Scores by decision, with the threshold',
      scales: {
        x: { time: false, range: (_u, min, max) => [min - h.binWidth / 2, max + h.binWidth / 2] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [{ label: 'score' }, { label: 'attempts' }],
      series: [
        {},
        { label: 'granted', fill: BLUE, stroke: BLUE, paths: bars, points: { show: false } },
        { label: 'denied', fill: ORANGE, stroke: ORANGE, paths: bars, points: { show: false } },
      ],
      hooks: {
        draw: [
          (u) => {
            if (threshold === null) return;
            const x = u.valToPos(threshold, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = '#cf222e';
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = '#cf222e';
            ctx.font = `${12 * devicePixelRatio}px sans-serif`;
            ctx.fillText(
              `threshold ${threshold.toFixed(3)}`,
              x + 4 * devicePixelRatio,
              u.bbox.top + 14 * devicePixelRatio,
            );
            ctx.restore();
          },
        ],
      },
    },
    [xs, granted, denied],
  );
}
