import { describe, expect, it } from 'vitest';
import { probit } from './probit.js';
import { detSpec, histogramSpec, renderChart, rocSpec } from './vega-charts.js';

/** The text and x offset of each label of the chart's x axis (the first axis vega draws). */
function xAxisLabels(svg: string): { text: string; x: number }[] {
  const group = /<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...group.matchAll(/<text[^>]*transform="translate\(([-\d.]+),[-\d.]+\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    text: m[2]!,
    x: Number(m[1]),
  }));
}

// Genuine and impostor scores from two unit normals 2 apart: a straight DET line on probit axes.
const det = [0.001, 0.005, 0.02, 0.1, 0.3, 0.5].map((fpr) => ({ fpr, fnr: 1 - normalCdf(probit(1 - fpr) - 2) }));
function normalCdf(z: number): number {
  // Bisection on probit: enough for a fixture.
  let lo = 1e-12;
  let hi = 1 - 1e-12;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (probit(mid) < z) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('detSpec rendered by vega', () => {
  it('draws the curve and an EER rule on probit axes labelled with rates', async () => {
    const svg = await renderChart(
      detSpec({
        title: 'DET <model>',
        series: 'model-a',
        points: det,
        rateMin: 0.001,
        markers: [{ axis: 'y', value: 0.16, label: 'EER 16%', color: '#8e24aa' }],
      }),
    );
    expect(svg).toMatch(/^<svg role="img" aria-label="DET &lt;model&gt;" /);
    expect(svg).toMatch(/class="mark-line role-mark[^"]*"[^>]*><path [^>]*d="M[\d.,L-]+"/);
    expect(svg).toContain('class="mark-rule role-mark');
    expect(svg).toContain('>EER 16%</text>');
    expect(svg).not.toMatch(/NaN|Infinity/);

    const labels = xAxisLabels(svg);
    expect(labels.map((l) => l.text)).toEqual(['0.1%', '0.5%', '1%', '2%', '5%', '10%', '20%', '50%']);
    // Tick positions are linear in probit(rate): a log or linear axis would put them elsewhere.
    const rates = [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
    const first = labels[0]!;
    const last = labels[labels.length - 1]!;
    const pxPerUnit = (last.x - first.x) / (probit(0.5) - probit(0.001));
    labels.forEach((label, i) => {
      expect(label.x).toBeCloseTo(first.x + (probit(rates[i]!) - probit(0.001)) * pxPerUnit, 0);
    });
  });

  it('leaves out ticks below the axis minimum and clamps zero rates onto the edge', async () => {
    const svg = await renderChart(
      detSpec({
        title: 'DET',
        series: 'm',
        points: [
          { fpr: 0, fnr: 0.5 },
          { fpr: 0.5, fnr: 0 },
        ],
        rateMin: 0.01,
      }),
    );
    expect(xAxisLabels(svg).map((l) => l.text)).toEqual(['1%', '2%', '5%', '10%', '20%', '50%']);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('rocSpec and histogramSpec rendered by vega', () => {
  it('labels the log FAR axis by decade and draws the target FAR rule', async () => {
    const svg = await renderChart(
      rocSpec({
        title: 'ROC',
        series: 'm',
        points: [
          { fpr: 0, tpr: 0.6 },
          { fpr: 0.01, tpr: 0.9 },
          { fpr: 1, tpr: 1 },
        ],
        farFloor: 0.001,
        tarMin: 0.5,
        markers: [{ axis: 'x', value: 0.001, label: 'target FAR 0.001', color: '#2e7d32' }],
      }),
    );
    expect(xAxisLabels(svg).map((l) => l.text)).toEqual(['1e-3', '1%', '10%', '100%']);
    expect(svg).toContain('class="mark-line role-mark');
    expect(svg).toContain('>target FAR 0.001</text>');
  });

  it('draws one bar per non-empty class bin, normalised per class', async () => {
    const svg = await renderChart(
      histogramSpec({
        title: 'Scores',
        xLabel: 'similarity',
        bins: [
          { from: 0, to: 0.5, genuine: 0, impostor: 3 },
          { from: 0.5, to: 1, genuine: 2, impostor: 1 },
        ],
        names: { genuine: 'live', impostor: 'attack', items: 'presentations' },
      }),
    );
    const bars = svg.match(/class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)?.[1]?.match(/<path /g) ?? [];
    expect(bars).toHaveLength(3);
    expect(svg).toContain('>live</text>');
    expect(svg).toContain('>attack</text>');
    expect(svg).toContain('>share of presentations of the class</text>');
  });
});
