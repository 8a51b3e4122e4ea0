/**
 * `npm run bench`: runs every benchmark and prints its results as JSON lines on stdout (progress on
 * stderr). Targets are reported in `*-targets` lines; the exit code is 1 when a target is missed.
 * Usage: npm run bench [-- --lines N] [-- --only ingest|diagnose|cli-start|pipeline] [-- --pairs N]
 */
import { parseArgs } from 'node:util';
import { runIngestBench } from './ingest.ts';
import { runDiagnoseBench } from './diagnose.ts';
import { CLI_START_RATIO_TARGET, runCliStartBench } from './cli-start.ts';
import { runBurstBench, runPipelineBench } from './pipeline.ts';

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

if (values.only === undefined || values.only === 'pipeline') {
  process.stderr.write('burst: 100,000 lines of one cause over subscription batches; pipeline: event → notification at 50 ms per AWS call …\n');
  const burst = await runBurstBench(100_000);
  print(burst);
  const pipeline = await runPipelineBench(20, 50);
  print(pipeline);
  const batches = Number(burst['batches']);
  // One incident and one message however many lines; queue messages and store writes grow with batches, not lines.
  // Store writes allow the incident's one claim and one notified mark on top of one occurrence write per batch.
  const burstMet = burst['incidents'] === 1 && burst['notifications'] === 1 && Number(burst['queueMessages']) <= batches && Number(burst['storeWrites']) <= batches + 2;
  const pipelineMet = Number(pipeline['p99Ms']) < 1000;
  if (!burstMet || !pipelineMet) missed++;
  print({ bench: 'pipeline-targets', burstMet, storeWritesAllowed: batches + 2, p99TargetMs: 1000, pipelineMet });
}

process.exitCode = missed > 0 ? 1 : 0;
