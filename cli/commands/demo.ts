/**
 * `apigw-doctor demo`: runs the engine on the bundled recorded accounts and sample events.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseEventText } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { diagnoseApi } from '../../shared/domain/use-cases/diagnose-http-api.ts';
import { renderFindingsText } from '../../shared/domain/render/text-report.ts';
import { renderDiagnosisText } from '../../shared/domain/render/diagnosis-report.ts';
import { renderSignalsText } from '../../shared/domain/render/signals-report.ts';
import { EXIT, printJson, readInput, type Io } from '../io.ts';
import type { Command } from '../commands-types.ts';
import { signalJson } from '../json.ts';
import { loadRecording, openAccount, recordedStages } from '../account.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { runLocalPipeline } from '../pipeline.ts';
import { renderPipelineText } from '../../shared/domain/render/pipeline-report.ts';
import { renderSlackPreview } from '../../shared/domain/render/slack-preview.ts';

export const demo: Command = {
  summary: 'Run the engine on the bundled samples: recorded accounts and real-shaped events (no AWS account needed).',
  options: { json: { type: 'boolean' }, out: { type: 'string' } },
  help: `apigw-doctor demo [--json] [--out DIR]

1. Diagnoses every recorded account in events/accounts/ (real SDK responses of an account with a
   known problem: a permission lost when the API was re-created, logging off with no CloudWatch role,
   a 60 s Lambda behind a 29 s integration, reserved concurrency 0, and a healthy API), exactly as
   'apigw-doctor diagnose --recording FILE' does.
2. Replays every sample event in events/ (CloudWatch Logs batches and alarms) as the ingest Lambdas do.
3. Runs the whole pipeline on every scenario in events/scenarios/ (an event, a recorded account with
   the owner's opt-in tags, a remediation mode): an opted-in fix applied and verified, an untagged
   one only planned, a vetoed one, a cause no automatic action exists for. Each incident's Slack card
   is written to demo-out/ (or --out DIR) as JSON and as an HTML preview.
No AWS account or network needed. Exit code 0 when every sample was read, 2 if one could not be.
`,
  async run(args, io) {
    const json = args.values['json'] === true;
    const accountsDir = join(PROJECT_ROOT, 'events', 'accounts');
    const accountFiles = (await readdir(accountsDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
    const accounts: Array<Record<string, unknown>> = [];
    let failed = 0;
    for (const file of accountFiles) {
      const path = join(accountsDir, file);
      const loaded = await loadRecording(path);
      if (!loaded.ok) {
        failed++;
        io.stderr(`apigw-doctor: ${loaded.error.message}\n`);
        continue;
      }
      const [stageKey] = recordedStages(loaded.value);
      if (stageKey === undefined) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: the recording has no GetStage call, so it names no stage to diagnose\n`);
        continue;
      }
      const [restApiId = '', stageName = ''] = stageKey.split('/');
      const target = { restApiId, stageName };
      const session = await openAccount({ recording: path, env: {} });
      const now = session.clock.now().getTime();
      // REST or HTTP API (the recording's GetStage says which stage; the id is looked up REST first, as `diagnose --api-id` does).
      const result = await diagnoseApi(session.reader, { apiId: restApiId, stageName, startTime: now - 3_600_000, endTime: now });
      if (!result.ok) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: ${result.error.message}\n`);
        continue;
      }
      const top = result.value.causes[0];
      accounts.push({ file: `events/accounts/${file}`, topCause: top?.cause ?? null, confidence: top?.confidence ?? null, failingChecks: [...new Set(result.value.checks.filter((c) => c.status === 'fail').map((c) => c.id))] });
      if (!json) {
        const idFlag = result.value.api.type === 'HTTP' ? '--api-id' : '--rest-api-id';
        io.stdout(`\n━━ apigw-doctor diagnose ${idFlag} ${target.restApiId} --stage ${target.stageName.startsWith('$') ? `'${target.stageName}'` : target.stageName} --recording events/accounts/${file}\n`);
        io.stdout(renderDiagnosisText(result.value));
      }
    }
    const dir = join(PROJECT_ROOT, 'events');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    const events: Array<{ file: string; signals: Array<Record<string, string | null>>; causes: string[] }> = [];
    for (const file of files) {
      const text = await readInput(io, join(dir, file), 'event');
      const parsed = parseEventText(text);
      if (!parsed.ok) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: ${parsed.error.message}\n`);
        continue;
      }
      const r = ingestEvent(parsed.value, 'any');
      events.push({ file: `events/${file}`, signals: r.signals.map(signalJson), causes: r.findings.map((f) => f.cause) });
      if (!json) {
        io.stdout(`\n━━ apigw-doctor replay events/${file} --offline\n`);
        io.stdout(renderSignalsText(r.signals, r.ignored));
        if (r.signals.some((s) => s.source === 'logs')) io.stdout(renderFindingsText(r.findings, r.summary));
      }
    }
    const outFlag = args.values['out'];
    const scenarios = await runScenarios(io, json, typeof outFlag === 'string' ? outFlag : join(PROJECT_ROOT, 'demo-out'));
    failed += scenarios.failed;
    if (json) printJson(io, { accounts, events, scenarios: scenarios.summaries });
    else {
      const out: string[] = ['', '━━ Summary', 'Recorded accounts (diagnose):'];
      for (const a of accounts) {
        const failing = a['failingChecks'] as string[];
        const cause = a['topCause'] === null ? 'no cause' : `${String(a['topCause'])} (confidence ${Number(a['confidence']).toFixed(2)})`;
        out.push(`  ${String(a['file']).padEnd(52)} ${cause}; ${failing.length === 0 ? 'no failing check' : `failing: ${failing.join(', ')}`}`);
      }
      out.push('Sample events (replay):');
      for (const e of events) {
        const alarms = e.signals.filter((s) => s['source'] === 'alarm').map((s) => `alarm ${s['state'] ?? '?'} for ${s['apiId'] ?? s['apiName'] ?? '(composite: no API)'}${s['stage'] ? `/${s['stage']}` : ''}`);
        const what = e.signals.length === 0 ? 'ignored' : e.causes.length > 0 ? [...new Set(e.causes)].join(', ') : alarms.length > 0 ? alarms.join(', ') : 'no failing request';
        out.push(`  ${e.file.padEnd(52)} ${what}`);
      }
      out.push('Pipeline scenarios (replay --recording --mode):');
      for (const sc of scenarios.summaries) out.push(`  ${sc.file.padEnd(52)} ${sc.steps.length === 0 ? 'no plan' : sc.steps.join('; ')}; writes: ${sc.writes}`);
      out.push(
        '',
        `Diagnosed ${accounts.length} recorded account${accounts.length === 1 ? '' : 's'}, replayed ${events.length} sample event${events.length === 1 ? '' : 's'} and ran ${scenarios.summaries.length} pipeline scenario${scenarios.summaries.length === 1 ? '' : 's'}` +
          `${scenarios.cards > 0 ? ` (${scenarios.cards} Slack card${scenarios.cards === 1 ? '' : 's'} in ${relative(process.cwd(), scenarios.outDir) || '.'}/)` : ''}. Next: npx apigw-doctor diagnose --help`,
      );
      io.stdout(`${out.join('\n')}\n`);
    }
    return failed > 0 ? EXIT.usage : EXIT.ok;
  },
};

/** One scenario's line in the summary. */
interface ScenarioSummary {
  readonly file: string;
  /** `add-invoke-permission apply → verified`, `reserved-concurrency suggest`, ... */
  readonly steps: readonly string[];
  readonly writes: number;
}

/** A scenario file: an event, a mode and the recorded account it runs against. */
const ScenarioFile = (value: unknown): { description: string; event: string; mode: 'off' | 'dry-run' | 'apply'; recording: unknown } | null => {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const mode = v['mode'];
  if (typeof v['description'] !== 'string' || typeof v['event'] !== 'string' || (mode !== 'off' && mode !== 'dry-run' && mode !== 'apply')) return null;
  return { description: v['description'], event: v['event'], mode, recording: v['recording'] };
};

/** Runs every scenario of events/scenarios/ through the local pipeline and writes its Slack cards to demo-out/. */
async function runScenarios(io: Io, json: boolean, outDir: string): Promise<{ summaries: ScenarioSummary[]; failed: number; cards: number; outDir: string }> {
  const dir = join(PROJECT_ROOT, 'events', 'scenarios');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const summaries: ScenarioSummary[] = [];
  let failed = 0;
  let cards = 0;
  for (const file of files) {
    const scenario = ScenarioFile(JSON.parse(await readFile(join(dir, file), 'utf8')));
    if (scenario === null) {
      failed++;
      io.stderr(`apigw-doctor: events/scenarios/${file}: expected {"description","event","mode","recording"}\n`);
      continue;
    }
    const { parseRecording } = await import('../../shared/adapters/recorded/recorded-account.ts');
    const recording = parseRecording(scenario.recording, `events/scenarios/${file}`);
    const parsed = parseEventText(await readFile(join(PROJECT_ROOT, scenario.event), 'utf8'));
    if (!recording.ok || !parsed.ok) {
      failed++;
      io.stderr(`apigw-doctor: events/scenarios/${file}: ${!recording.ok ? recording.error.message : parsed.ok ? '' : parsed.error.message}\n`);
      continue;
    }
    const run = await runLocalPipeline(ingestEvent(parsed.value, 'any'), { recording: recording.value, mode: scenario.mode, windowMs: 3_600_000 });
    const incidents = run.results.flatMap((r) => r.incidents);
    const steps = incidents.flatMap((i) =>
      i.plan.map((s) => {
        const outcome = i.outcomes.find((o) => o.action === s.action && o.resource === s.resource);
        return `${s.action ?? s.check} ${s.mode}${outcome === undefined ? '' : ` → ${outcome.status}`}`;
      }),
    );
    summaries.push({ file: `events/scenarios/${file}`, steps, writes: run.writes.length });
    await mkdir(outDir, { recursive: true });
    for (const [n, incident] of incidents.entries()) {
      const card = incident.notifications.find((x) => x.notification.channel === 'slack')?.notification;
      if (card?.channel !== 'slack') continue;
      const base = join(outDir, `${file.replace(/\.json$/, '')}-${n + 1}.slack`);
      await writeFile(`${base}.json`, `${JSON.stringify(card.payload, null, 2)}\n`);
      await writeFile(`${base}.html`, renderSlackPreview(card.payload, `${scenario.description}`));
      cards++;
    }
    if (!json) {
      io.stdout(`\n━━ scenario events/scenarios/${file} (mode ${scenario.mode}): ${scenario.description}\n`);
      io.stdout(renderPipelineText(incidents, run.writes));
    }
  }
  return { summaries, failed, cards, outDir };
}
