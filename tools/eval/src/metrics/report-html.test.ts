import { beforeAll, describe, expect, it } from 'vitest';
import { summariseAcquisition } from './image-outcome.js';
import { latencyByStage } from '../../../../shared/eval/latency.js';
import type { RunFacts } from './metrics-document.js';
import { buildEvaluationMetrics } from './metrics-document.js';
import type { ReportInput } from './report-html.js';
import { renderReport } from './report-html.js';
import { computeVerificationMetrics } from './verification-metrics.js';

const VOID = new Set(['meta', 'img', 'br', 'hr', 'link', 'input']);

/** Tag-balance check: every element closed in order, void elements aside. Throws with the offending tag. */
function assertBalanced(html: string): void {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = match;
    const tag = name.toLowerCase();
    if (selfClosing || VOID.has(tag)) continue;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) throw new Error(`unbalanced </${tag}> at ${match.index}`);
  }
  expect(stack).toEqual([]);
}

const hostile = '<script>alert(1)</script>';

function reportInput(): ReportInput {
  const pairs = [true, true, true, false, false, false, true, false].map((genuine, i) => ({ genuine, fold: i % 2 }));
  const scores = [0.95, 0.81, 0.62, 0.66, 0.2, 0.1, null, 0.3];
  const analysis = computeVerificationMetrics({ pairs, scores, targetFar: 1e-3 });
  const failed = {
    path: `${hostile}/x.jpg`,
    file: '/x',
    failure: 'no_face' as const,
    timings: { decode: 2, detect: 50, align: 0, pad: 0, embed: 0, total: 53 },
  };
  const outcomes = [
    failed,
    {
      path: 'ok.jpg',
      file: '/ok',
      embedding: new Float32Array(2),
      timings: { decode: 2, detect: 60, align: 3, pad: 0, embed: 20, total: 85 },
    },
  ];
  const run: RunFacts = {
    datasets: [
      {
        name: 'tiny',
        path: '/data/tiny',
        fingerprint: 'sha256:abc',
        pairs_in_file: 8,
        pairs_used: 8,
        folds: 2,
        missing_images: [],
      },
    ],
    fingerprint_method: 'test',
    embedder: 'frn128-v1',
    model_version: 'frn128-v1',
    dims: 128,
    backend: 'wasm',
    min_face_fraction: null,
    limit: null,
    load_ms: { backend: 10, models: 200 },
    duration_s: 1.5,
    generated_at: '2026-01-01T00:00:00.000Z',
  };
  const metrics = buildEvaluationMetrics(
    run,
    summariseAcquisition(outcomes),
    latencyByStage(outcomes),
    analysis.metrics,
  );
  return {
    metrics,
    labeled: analysis.labeled,
    roc: analysis.roc,
    det: analysis.det,
    failures: [{ path: failed.path, reason: 'no_face', thumbnail: 'data:image/jpeg;base64,AAAA' }],
    hardest: {
      falseAccepts: [{ id: '3', a: 'B/B_0001.jpg', b: 'C/C_0001.jpg', score: 0.66, error: false }],
      falseRejects: [{ id: '2', a: 'A/A_0001.jpg', b: 'A/A_0003.jpg', score: 0.62, error: true }],
    },
  };
}

describe('renderReport', () => {
  let html = '';
  beforeAll(async () => {
    html = await renderReport(reportInput());
  });

  it('is a complete, balanced HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    assertBalanced(html);
  });

  it('draws ROC, DET and the score histograms as inline SVG with finite coordinates', () => {
    const svgs = [...html.matchAll(/<svg [^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(svgs).toEqual([
      'ROC (unscored pairs as -∞)',
      'DET (normal deviate scale)',
      'Score distributions (7 scored pairs)',
    ]);
    expect(html).not.toContain('NaN');
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g)!) {
      expect(svg).not.toContain('Infinity');
      expect(svg).toMatch(/class="mark-(line|rect) role-mark/);
    }
  });

  it('marks the operating threshold on the histogram and in the FAR/FRR table', () => {
    expect(html).toContain('threshold 0.8100');
    expect(html).toMatch(/<tr class="mark"><td>0\.8100<\/td>/);
    expect(html).toContain('computed on this run');
  });

  it('loads nothing from outside the file and runs no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;/x.jpg');
  });

  it('shows failures to acquire as thumbnails and the hardest pairs side by side', () => {
    expect(html).toContain('<img src="data:image/jpeg;base64,AAAA"');
    expect(html).toContain('Failures to acquire (1 of 2 images)');
    expect(html).toContain('false reject');
    expect(html).toContain('(correct, closest call)');
  });
});
