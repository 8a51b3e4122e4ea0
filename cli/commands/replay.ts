/**
 * `apigw-doctor replay`: parses one raw Lambda event exactly as the ingest functions do.
 */
import { basename } from 'node:path';
import { parseEventText } from '../../shared/events/index.ts';
import { awsEventSource } from '../../shared/events/parse-event.ts';
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
import type { IngestReport } from '../../shared/domain/use-cases/ingest-event.ts';
import type { Diagnosis, RemediationMode, SdkRequest } from '../../shared/domain/model.ts';
import type { IncidentResult } from '../../shared/domain/use-cases/handle-work.ts';

/** How to replay an event: the flags of `replay`, as data. Without `recording` only the event is read. */
export interface ReplayRequest {
  /** A recorded account file to run the whole pipeline against. */
  readonly recording?: string;
  readonly mode: RemediationMode;
  readonly slackWebhookUrl?: string;
  /** The log window of alarm diagnoses, as `--since` takes it (default 1h). */
  readonly since?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A replayed event: the `replay --json` document, the exit code, and what the text report shows. */
export interface ReplayOutcome {
  readonly report: IngestReport;
  readonly json: Record<string, unknown>;
  readonly exitCode: number;
  /** With a recording: what the pipeline did. */
  readonly pipeline: { readonly notes: readonly string[]; readonly diagnoses: readonly Diagnosis[]; readonly incidents: readonly IncidentResult[]; readonly writes: readonly SdkRequest[] } | null;
  /** One line for stderr when a failing signal could not be diagnosed, else null. */
  readonly warning: string | null;
}

/**
 * Replays one event text as `replay` does (also the core of the MCP tool); `source` names it in
 * errors. Problems a user can fix are `UsageError`s.
 */
export async function replayEventText(text: string, source: string, request: ReplayRequest): Promise<ReplayOutcome> {
  const parsed = parseEventText(text);
  if (!parsed.ok) throw new UsageError(`${source}: ${parsed.error.message}`);
  // An AWS event of another kind (an S3 notification) is ignored with its reason; a JSON document that
  // is no AWS event at all (a package.json, a hand-written object) is an input error, never "nothing found".
  if (parsed.value.kind === 'unknown' && awsEventSource(JSON.parse(text) as unknown) === null) {
    const what = parsed.value.ignored[0]?.reason.replace(/^not a CloudWatch Logs subscription or CloudWatch alarm event: /, '') ?? 'no event marks';
    throw new UsageError(`${source}: not an AWS event (${what}): replay takes a CloudWatch Logs subscription or CloudWatch alarm event`);
  }
  const report = ingestEvent(parsed.value, 'any');
  const recordingFlag = request.recording;
  let code: number = report.findings.length > 0 ? EXIT.findings : EXIT.ok;
  if (recordingFlag === undefined) {
    return { report, json: { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored }, exitCode: code, pipeline: null, warning: null };
  }
  const session = await openAccount({ recording: recordingFlag, env: request.env });
  const windowMs = parseSince(request.since);
  const outcome = await diagnoseSignals(session.reader, report.signals, report.findings, { now: session.clock.now().getTime(), windowMs });
  if (session.recording === undefined) throw new UsageError('replay: --recording did not load a recording');
  const pipeline = await runLocalPipeline(report, { recording: session.recording, mode: request.mode, windowMs, ...(request.slackWebhookUrl !== undefined ? { slackWebhookUrl: request.slackWebhookUrl } : {}) });
  const incidents = pipeline.results.flatMap((r) => r.incidents);
  const notes = [...outcome.notes, ...pipeline.results.flatMap((r) => r.notes).filter((n) => !outcome.notes.includes(n))];
  for (const d of outcome.diagnoses) code = Math.max(code, diagnosisExit(d));
  // A failing signal the recording could not explain is an input problem, not a clean bill of health.
  let warning: string | null = null;
  if (outcome.undiagnosed > 0) {
    code = EXIT.usage;
    warning = `${outcome.undiagnosed} signal${outcome.undiagnosed === 1 ? '' : 's'} could not be diagnosed with ${recordingFlag} (see the notes)`;
  }
  const json = { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored, diagnoses: outcome.diagnoses.map(diagnosisJson), notes, incidents: incidents.map(incidentJson), writes: pipeline.writes };
  return { report, json, exitCode: code, pipeline: { notes, diagnoses: outcome.diagnoses, incidents, writes: pipeline.writes }, warning };
}

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
    const recordingFlag = args.values['recording'];
    const since = args.values['since'];
    const outcome = await replayEventText(text, basename(file), {
      ...(typeof recordingFlag === 'string' ? { recording: recordingFlag } : {}),
      mode,
      ...(typeof webhook === 'string' ? { slackWebhookUrl: webhook } : {}),
      ...(typeof since === 'string' ? { since } : {}),
      env: process.env,
    });
    const { report, pipeline } = outcome;
    if (outcome.warning !== null) io.stderr(`apigw-doctor: ${outcome.warning}\n`);
    if (args.values['json'] === true) printJson(io, outcome.json);
    else {
      io.stdout(renderSignalsText(report.signals, report.ignored));
      if (report.signals.some((s) => s.source === 'logs')) io.stdout(`\n${renderFindingsText(report.findings, report.summary)}`);
      if (pipeline !== null) {
        for (const note of pipeline.notes) io.stdout(`Note: ${note}\n`);
        for (const d of pipeline.diagnoses) io.stdout(`\n${renderDiagnosisText(d)}`);
        io.stdout(`\n${renderPipelineText(pipeline.incidents, pipeline.writes)}`);
      }
    }
    return outcome.exitCode;
  },
};
