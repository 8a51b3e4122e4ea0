/**
 * `apigw-doctor demo`: runs the engine on the bundled recorded accounts and sample events.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEventText } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { loadRecording } from '../../shared/adapters/recorded/recorded-account.ts';
import { renderFindingsText } from '../../shared/domain/render/text-report.ts';
import { renderDiagnosisText } from '../../shared/domain/render/diagnosis-report.ts';
import { renderSignalsText } from '../../shared/domain/render/signals-report.ts';
import { EXIT, printJson, readInput } from '../io.ts';
import type { Command } from '../commands-types.ts';
import { signalJson } from '../json.ts';
import { openAccount, recordedStages } from '../account.ts';
import { PROJECT_ROOT } from '../paths.ts';

export const demo: Command = {
  summary: 'Run the engine on the bundled samples: recorded accounts and real-shaped events (no AWS account needed).',
  options: { json: { type: 'boolean' } },
  help: `apigw-doctor demo [--json]

1. Diagnoses every recorded account in events/accounts/ (real SDK responses of an account with a
   known problem: a permission lost when the API was re-created, logging off with no CloudWatch role,
   a 60 s Lambda behind a 29 s integration, reserved concurrency 0, and a healthy API), exactly as
   'apigw-doctor diagnose --recording FILE' does.
2. Replays every sample event in events/ (CloudWatch Logs batches and alarms) as the ingest Lambdas do.
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
      const result = await diagnoseStage(session.reader, { ...target, startTime: now - 3_600_000, endTime: now });
      if (!result.ok) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: ${result.error.message}\n`);
        continue;
      }
      const top = result.value.causes[0];
      accounts.push({ file: `events/accounts/${file}`, topCause: top?.cause ?? null, confidence: top?.confidence ?? null, failingChecks: [...new Set(result.value.checks.filter((c) => c.status === 'fail').map((c) => c.id))] });
      if (!json) {
        io.stdout(`\n━━ apigw-doctor diagnose --rest-api-id ${target.restApiId} --stage ${target.stageName} --recording events/accounts/${file}\n`);
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
    if (json) printJson(io, { accounts, events });
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
      out.push('', `Diagnosed ${accounts.length} recorded account${accounts.length === 1 ? '' : 's'} and replayed ${events.length} sample event${events.length === 1 ? '' : 's'}. Next: npx apigw-doctor diagnose --help`);
      io.stdout(`${out.join('\n')}\n`);
    }
    return failed > 0 ? EXIT.usage : EXIT.ok;
  },
};
