/** Writes an evaluation's files: metrics.json, report.html, scores.csv and DVC plot data under plots/. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { itemAt } from '../../../shared/arrays/item-at.js';
import { hardestPairs } from './metrics/hardest-errors.js';
import { detPlot, histogramPlot, rocPlot, scoresCsv, scoresPlot } from './metrics/plot-files.js';
import type { FailureEntry, PairEntry } from './metrics/report-html.js';
import { renderReport } from './metrics/report-html.js';
import type { EvaluationResult } from './evaluation-pipeline.js';
import { thumbnailDataUri } from './thumbnail.js';

/** Enough to see a pattern; a report with thousands of thumbnails would be too heavy to open. */
const MAX_FAILURE_THUMBNAILS = 200;
const HARDEST_PAIRS = 8;

export interface WrittenFiles {
  metrics: string;
  report: string;
  scores: string;
  plots: string[];
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export async function writeEvaluationOutputs(result: EvaluationResult, outDir: string): Promise<WrittenFiles> {
  const plotsDir = join(outDir, 'plots');
  await mkdir(plotsDir, { recursive: true });
  const { metrics, analysis, pairs, outcomes } = result;
  const ids = pairs.map((p) => p.id);

  const plots: [file: string, data: unknown][] = [
    [join(plotsDir, 'roc.json'), rocPlot(analysis.roc)],
    [join(plotsDir, 'det.json'), detPlot(analysis.det)],
    [join(plotsDir, 'scores.json'), scoresPlot(ids, analysis.labeled)],
    [join(plotsDir, 'histogram.json'), histogramPlot(analysis.labeled)],
  ];
  const files: WrittenFiles = {
    metrics: join(outDir, 'metrics.json'),
    report: join(outDir, 'report.html'),
    scores: join(outDir, 'scores.csv'),
    plots: plots.map(([file]) => file),
  };
  await writeFile(files.metrics, json(metrics));
  await writeFile(
    files.scores,
    scoresCsv(
      pairs.map((p) => ({ id: p.id, a: p.aPath, b: p.bPath })),
      analysis.labeled,
    ),
  );
  for (const [file, data] of plots) await writeFile(file, json(data));

  const failed = [...outcomes.values()].filter((o) => !o.embedding).sort((x, y) => x.path.localeCompare(y.path));
  const failures: FailureEntry[] = [];
  for (const [i, o] of failed.entries()) {
    const thumbnail = i < MAX_FAILURE_THUMBNAILS ? await thumbnailDataUri(o.file) : undefined;
    failures.push({
      path: o.path,
      reason: o.failure ?? 'no_embedding',
      ...(o.detail ? { detail: o.detail } : {}),
      ...(thumbnail ? { thumbnail } : {}),
    });
  }

  const hardest = hardestPairs(analysis.labeled, metrics.threshold, HARDEST_PAIRS);
  const toEntries = async (list: typeof hardest.falseAccepts): Promise<PairEntry[]> =>
    Promise.all(
      list.map(async (h) => {
        const p = itemAt(pairs, h.index, 'pair');
        const [thumbnailA, thumbnailB] = await Promise.all([thumbnailDataUri(p.a), thumbnailDataUri(p.b)]);
        return {
          id: p.id,
          a: p.aPath,
          b: p.bPath,
          score: h.score,
          error: h.error,
          ...(thumbnailA ? { thumbnailA } : {}),
          ...(thumbnailB ? { thumbnailB } : {}),
        };
      }),
    );

  await writeFile(
    files.report,
    await renderReport({
      metrics,
      labeled: analysis.labeled,
      roc: analysis.roc,
      det: analysis.det,
      failures,
      hardest: {
        falseAccepts: await toEntries(hardest.falseAccepts),
        falseRejects: await toEntries(hardest.falseRejects),
      },
    }),
  );
  return files;
}
