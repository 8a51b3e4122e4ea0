/**
 * `cli-start`: how long `apigw-doctor` takes to answer a small command, against a bare `node -e 0`, in
 * alternating pairs (`node -e 0`, then `node cli/bin.js check-response <small file>`), so both see the
 * same machine load. The CLI run includes everything a user waits for: the build freshness check of
 * cli/bin.js, loading the compiled CLI, reading the file, checking it and printing. Target: ratio ≤ 3.
 */
import { join } from 'node:path';
import { buildCli, cliBuildState } from '../scripts/cli-build.js';
import { median, pairedStartTimes } from '../scripts/paired-runs.ts';

const ROOT = join(import.meta.dirname, '..');

/** The start-time target: the CLI within 3× a bare node process. */
export const CLI_START_RATIO_TARGET = 3;

/** Runs the benchmark; returns its JSON line. Progress goes to `progress` (stderr in `npm run bench`). */
export async function runCliStartBench(options: { readonly pairs?: number; readonly progress?: (text: string) => void } = {}): Promise<Record<string, unknown>> {
  const progress = options.progress ?? ((): void => undefined);
  const state = cliBuildState({ root: ROOT });
  if (!state.fresh) {
    // Rebuild here rather than in the warm-up runs, where cli/bin.js would do it silently for us.
    progress(`cli-start: ${state.reason}: building the CLI first …\n`);
    await buildCli({ root: ROOT });
  }
  // What cli/bin.js spends deciding that the build may run (in process, so without node's start).
  const checks: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    cliBuildState({ root: ROOT });
    checks.push(performance.now() - started);
  }
  const pairs = options.pairs ?? 15;
  const timing = pairedStartTimes({
    bareArgs: ['-e', '0'],
    args: [join(ROOT, 'cli', 'bin.js'), 'check-response', join(ROOT, 'bench', 'fixtures', 'small-proxy-response.json')],
    pairs,
    warmups: 2,
    cwd: ROOT,
    onPair: (done, total) => {
      if (done % 5 === 0 || done === total) progress(`cli-start: ${done}/${total} pairs\n`);
    },
  });
  return {
    bench: 'cli-start',
    medianMs: timing.medianMs,
    bareNodeMs: timing.bareNodeMs,
    ratio: timing.ratio,
    pairs: timing.pairs,
    freshnessCheckMs: Math.round(median(checks) * 100) / 100,
  };
}
