/**
 * `apigw-doctor replay`: parses one raw Lambda event exactly as the ingest functions do.
 */
import { basename } from 'node:path';
import { parseEventText } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { diagnoseSignals } from '../../shared/domain/use-cases/diagnose-signals.ts';
import { renderFindingsText } from '../../shared/domain/render/text-report.ts';
import { renderDiagnosisText } from '../../shared/domain/render/diagnosis-report.ts';
import { renderSignalsText } from '../../shared/domain/render/signals-report.ts';
import { EXIT, UsageError, printJson, readInput } from '../io.ts';
import type { Command } from '../commands-types.ts';
import { onePositional } from '../args.ts';
import { diagnosisExit, diagnosisJson, findingJson, signalJson } from '../json.ts';
import { openAccount, parseSince } from '../account.ts';

export const replay: Command = {
  summary: 'Replay a CloudWatch Logs subscription or alarm event exactly as the Lambdas see it.',
  options: { offline: { type: 'boolean' }, recording: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor replay EVENT.json --offline [--recording FILE] [--since 1h] [--json]

Parses one raw Lambda event the way the deployed ingest functions do, and classifies the log lines
it carries. Accepted events: CloudWatch Logs subscription ({"awslogs":{"data":...}}), CloudWatch alarm
state changes via EventBridge, via SNS, or as a direct Lambda alarm action. Other events are
reported as ignored, with the reason.

  --offline         nothing is read from AWS (required: live replay is not available in this version)
  --recording FILE  also diagnose the API each signal names, against this recorded account
                    (alarms name the API by ApiName: resolved with GetRestApis)
  --since 1h        log window for alarm signals (default 1h before the recording's "now")
  --json            {"signals":[{"source","apiId","apiName","stage","state"}],"findings":[...as classify...],
                     "ignored":[{"reason"}]} plus "diagnoses":[...as diagnose --json...] and "notes" with --recording

Exit codes: 0 no findings (and nothing failing), 1 findings or failing checks, 2 usage or input error
(including, with --recording, a failing signal the recording cannot diagnose: wrong region, unknown API).
Examples:
  apigw-doctor replay events/logs-execution-malformed.json --offline
  apigw-doctor replay events/alarm-eventbridge-5xx.json --offline --recording events/accounts/reserved-concurrency-zero.json
`,
  async run(args, io) {
    const file = onePositional(args, 'replay', 'EVENT file');
    if (file === undefined) throw new UsageError('replay: missing EVENT.json (a CloudWatch Logs subscription or alarm event)');
    if (args.values['offline'] !== true) throw new UsageError('replay: add --offline (live investigation of the account is not available in this version)');
    if (args.values['since'] !== undefined && args.values['recording'] === undefined) throw new UsageError('replay: --since only applies with --recording (it sets the log window of the diagnosis)');
    const text = await readInput(io, file, 'event');
    const parsed = parseEventText(text);
    if (!parsed.ok) throw new UsageError(`${basename(file)}: ${parsed.error.message}`);
    const report = ingestEvent(parsed.value, 'any');
    const recordingFlag = args.values['recording'];
    let code: number = report.findings.length > 0 ? EXIT.findings : EXIT.ok;
    if (typeof recordingFlag !== 'string') {
      if (args.values['json'] === true) printJson(io, { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored });
      else {
        io.stdout(renderSignalsText(report.signals, report.ignored));
        if (report.signals.some((s) => s.source === 'logs')) io.stdout(`\n${renderFindingsText(report.findings, report.summary)}`);
      }
      return code;
    }
    const session = await openAccount({ recording: recordingFlag, env: process.env });
    const outcome = await diagnoseSignals(session.reader, report.signals, report.findings, { now: session.clock.now().getTime(), windowMs: parseSince(args.values['since'] as string | undefined) });
    for (const d of outcome.diagnoses) code = Math.max(code, diagnosisExit(d));
    // A failing signal the recording could not explain is an input problem, not a clean bill of health.
    if (outcome.undiagnosed > 0) {
      code = EXIT.usage;
      io.stderr(`apigw-doctor: ${outcome.undiagnosed} signal${outcome.undiagnosed === 1 ? '' : 's'} could not be diagnosed with ${recordingFlag} (see the notes)\n`);
    }
    if (args.values['json'] === true) {
      printJson(io, { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored, diagnoses: outcome.diagnoses.map(diagnosisJson), notes: outcome.notes });
    } else {
      io.stdout(renderSignalsText(report.signals, report.ignored));
      if (report.signals.some((s) => s.source === 'logs')) io.stdout(`\n${renderFindingsText(report.findings, report.summary)}`);
      for (const note of outcome.notes) io.stdout(`Note: ${note}\n`);
      for (const d of outcome.diagnoses) io.stdout(`\n${renderDiagnosisText(d)}`);
    }
    return code;
  },
};
