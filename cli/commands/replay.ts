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
import { choice, onePositional } from '../args.ts';
import { diagnosisExit, diagnosisJson, findingJson, incidentJson, signalJson } from '../json.ts';
import { runLocalPipeline } from '../pipeline.ts';
import { renderPipelineText } from '../../shared/domain/render/pipeline-report.ts';
import { openAccount, parseSince } from '../account.ts';

export const replay: Command = {
  summary: 'Replay a CloudWatch Logs subscription or alarm event exactly as the Lambdas see it.',
  options: { offline: { type: 'boolean' }, recording: { type: 'string' }, since: { type: 'string' }, mode: { type: 'string' }, 'slack-webhook': { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor replay EVENT.json (--offline | --recording FILE) [--mode off|dry-run|apply] [--slack-webhook URL] [--since 1h] [--json]

Parses one raw Lambda event the way the deployed ingest functions do, and classifies the log lines
it carries. Accepted events: CloudWatch Logs subscription ({"awslogs":{"data":...}}), CloudWatch alarm
state changes via EventBridge, via SNS, or as a direct Lambda alarm action. Other events are
reported as ignored, with the reason.

With --recording it runs the whole pipeline locally against that recorded account, exactly as the
worker does: incidents (in memory), the diagnosis, the plan (opt-in tags decide apply / dry-run /
suggest, each step with its reason), the actions (in apply mode, written to the recorded account
and verified on fresh reads), and the Slack card and SNS message of each incident.

  --offline            nothing is read from AWS (live replay is not available in this version)
  --recording FILE     run the pipeline against this recorded account (implies --offline;
                       alarms name the API by ApiName: resolved with GetRestApis)
  --mode M             off | dry-run (default) | apply: what the actions may do (with --recording)
  --slack-webhook URL  also post each Slack card to this incoming webhook (else only rendered)
  --since 1h           log window for alarm signals (default 1h before the recording's "now")
  --json               {"signals":[...],"findings":[...as classify...],"ignored":[{"reason"}]}; with --recording also
                       "diagnoses":[...as diagnose --json...], "notes", "incidents":[{"key","new","kind","diagnosis",
                       "plan":[{"action","mode","request","cli","undo","reason"}],"outcomes":[{"action","status","reason"}],
                       "notifications":[{"channel":"slack","payload"},{"channel":"sns","subject","message","attributes"}]}],
                       "writes":[{"service","operation","input"}] (every call that changed the account)

Exit codes: 0 no findings (and nothing failing), 1 findings or failing checks, 2 usage or input error
(including, with --recording, a failing signal the recording cannot diagnose: wrong region, unknown API).
Examples:
  apigw-doctor replay events/logs-execution-malformed.json --offline
  apigw-doctor replay events/alarm-eventbridge-5xx.json --offline --recording events/accounts/reserved-concurrency-zero.json
`,
  async run(args, io) {
    const file = onePositional(args, 'replay', 'EVENT file');
    if (file === undefined) throw new UsageError('replay: missing EVENT.json (a CloudWatch Logs subscription or alarm event)');
    if (args.values['offline'] !== true && args.values['recording'] === undefined) throw new UsageError('replay: add --offline, or --recording FILE (live investigation of the account is not available in this version)');
    if (args.values['recording'] === undefined && (args.values['mode'] !== undefined || args.values['slack-webhook'] !== undefined)) throw new UsageError('replay: --mode and --slack-webhook run the pipeline, which needs --recording FILE');
    const mode = choice(args.values['mode'], ['off', 'dry-run', 'apply'] as const, '--mode', 'dry-run');
    const webhook = args.values['slack-webhook'];
    if (typeof webhook === 'string' && !/^https?:\/\/\S+$/.test(webhook)) throw new UsageError(`--slack-webhook must be an http(s) URL (got '${webhook}')`);
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
    const windowMs = parseSince(args.values['since'] as string | undefined);
    const outcome = await diagnoseSignals(session.reader, report.signals, report.findings, { now: session.clock.now().getTime(), windowMs });
    if (session.recording === undefined) throw new UsageError('replay: --recording did not load a recording');
    const pipeline = await runLocalPipeline(report, { recording: session.recording, mode, windowMs, ...(typeof webhook === 'string' ? { slackWebhookUrl: webhook } : {}) });
    const incidents = pipeline.results.flatMap((r) => r.incidents);
    const notes = [...outcome.notes, ...pipeline.results.flatMap((r) => r.notes).filter((n) => !outcome.notes.includes(n))];
    for (const d of outcome.diagnoses) code = Math.max(code, diagnosisExit(d));
    // A failing signal the recording could not explain is an input problem, not a clean bill of health.
    if (outcome.undiagnosed > 0) {
      code = EXIT.usage;
      io.stderr(`apigw-doctor: ${outcome.undiagnosed} signal${outcome.undiagnosed === 1 ? '' : 's'} could not be diagnosed with ${recordingFlag} (see the notes)\n`);
    }
    if (args.values['json'] === true) {
      printJson(io, { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored, diagnoses: outcome.diagnoses.map(diagnosisJson), notes, incidents: incidents.map(incidentJson), writes: pipeline.writes });
    } else {
      io.stdout(renderSignalsText(report.signals, report.ignored));
      if (report.signals.some((s) => s.source === 'logs')) io.stdout(`\n${renderFindingsText(report.findings, report.summary)}`);
      for (const note of notes) io.stdout(`Note: ${note}\n`);
      for (const d of outcome.diagnoses) io.stdout(`\n${renderDiagnosisText(d)}`);
      io.stdout(`\n${renderPipelineText(incidents, pipeline.writes)}`);
    }
    return code;
  },
};
