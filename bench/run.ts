/**
 * `npm run bench`: runs every benchmark and prints its results as JSON lines on stdout (progress on
 * stderr). Targets are reported in `*-targets` lines; the exit code is 1 when a target is missed.
 * Usage: npm run bench [-- --lines N] [-- --only ingest|diagnose|cli-start] [-- --pairs N]
 */
import { parseArgs } from 'node:util';
import { runIngestBench } from './ingest.ts';
import { runDiagnoseBench } from './diagnose.ts';
import { CLI_START_RATIO_TARGET, runCliStartBench } from './cli-start.ts';

const { values } = parseArgs({ options: { lines: { type: 'string' }, only: { type: 'string' }, rounds: { type: 'string' }, pairs: { type: 'string' } } });
const lines = values.lines === undefined ? 1_000_000 : Number(values.lines);
const rounds = values.rounds === undefined ? 5 : Number(values.rounds);
if (!Number.isInteger(lines) || lines < 1_000) throw new Error('--lines must be an integer ≥ 1000');
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be an integer ≥ 1');
const pairs = values.pairs === undefined ? 15 : Number(values.pairs);
if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs must be an integer ≥ 1');

let missed = 0;
const print = (o: object): void => console.log(JSON.stringify(o));

if (values.only === undefined || values.only === 'ingest') {
  process.stderr.write(`ingest: generating ${lines} execution-log lines and classifying them ${rounds}× …\n`);
  const results = runIngestBench(lines, rounds);
  for (const r of results) print(r);
  const ingest = results.find((r) => r['bench'] === 'ingest');
  const ratio = Number(ingest?.['ratio'] ?? 0);
  const met = ratio >= 0.5;
  if (!met) missed++;
  print({ bench: 'ingest-targets', ratio, ratioTarget: 0.5, met });
}

if (values.only === undefined || values.only === 'diagnose') {
  process.stderr.write('diagnose: one stage, 20 methods, 50 ms per AWS call …\n');
  for (const line of await runDiagnoseBench()) {
    print(line);
    if (line['bench'] === 'diagnose-targets' && (line['callsMet'] !== true || line['wallMet'] !== true)) missed++;
  }
}

if (values.only === undefined || values.only === 'cli-start') {
  process.stderr.write(`cli-start: ${pairs} pairs of 'node -e 0' and 'node cli/bin.js check-response <small file>' …\n`);
  const line = await runCliStartBench({ pairs, progress: (text) => process.stderr.write(text) });
  print(line);
  const ratio = Number(line['ratio']);
  const met = ratio <= CLI_START_RATIO_TARGET;
  if (!met) missed++;
  print({ bench: 'cli-start-targets', ratio, ratioTarget: CLI_START_RATIO_TARGET, met });
}

process.exitCode = missed > 0 ? 1 : 0;
