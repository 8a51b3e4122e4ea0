/**
 * The CLI commands. Each one parses its flags, calls a use case and prints (JSON for scripts, a report
 * for people). Help texts answer: what it does, the input formats, the flags, the exit codes, examples.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signal } from '../shared/domain/model.ts';
import { classifyLogText } from '../shared/domain/use-cases/classify-logs.ts';
import { replayEvent } from '../shared/domain/use-cases/replay-event.ts';
import { checkProxyResponse, type ProxyResponseVerdict } from '../shared/domain/proxy-response/index.ts';
import { renderFindingsText } from '../shared/domain/notify/text-report.ts';
import { CAUSES } from '../shared/domain/causes.ts';
import { EXIT, UsageError, printJson, readInput } from './io.ts';
import type { Args, Command } from './commands-types.ts';
import { findingJson } from './json.ts';
import { diagnose, diagnosisExit, diagnosisJson } from './diagnose-command.ts';
import { openAccount, parseSince } from './account.ts';
import { loadRecording } from '../shared/adapters/recorded-account.ts';
import { diagnoseStage } from '../shared/domain/use-cases/diagnose.ts';
import { diagnoseSignals } from '../shared/domain/use-cases/diagnose-signals.ts';
import { renderDiagnosisText } from '../shared/domain/notify/diagnosis-report.ts';

export type { Args, Command } from './commands-types.ts';

/** The project root (holds `events/`), found from this file's location. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function onePositional(args: Args, command: string, what: string): string | undefined {
  if (args.positionals.length > 1) throw new UsageError(`${command}: expected at most one ${what}, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  return args.positionals[0];
}

function choice<T extends string>(value: string | boolean | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${String(value)}')`);
}

const classify: Command = {
  summary: 'Explain every failing request in API Gateway logs (any format, mixed).',
  options: { json: { type: 'boolean' } },
  help: `apigw-doctor classify [FILE|-] [--json]

Reads API Gateway log text and says, for every request that ended in a 5xx, which cause it shows
(one id of the taxonomy), with the evidence lines and the details (function, error, request ids).

Input (any mix, from FILE or stdin):
  - execution logs as CloudWatch delivers them:      (<requestId>) Method completed with status: 502
  - the console "Test" output:                        Fri Jun 09 20:04:12 UTC 2023 : Execution failed ...
  - console / Logs Insights exports:                  2024-06-04T18:49:48.942Z<TAB>(<requestId>) ...
  - access logs: JSON (any field names) or CLF lines with the integration error appended
  - a response body a client saw: {"message": "Endpoint request timed out"} (low confidence)

Output: a report for people, or with --json one object:
  {"findings":[{"cause","requestId","status","evidence":[...],"details":{...}}],"summary":{"lines","requests"}}
  most significant finding first. Causes: ${Object.keys(CAUSES).join(', ')}.

Exit codes: 0 no failing request, 1 findings, 2 usage or input error.
Examples:
  aws logs filter-log-events --log-group-name 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod' \\
    --query 'events[].message' --output text | apigw-doctor classify -
  apigw-doctor classify pasted-console-output.txt --json | jq '.findings[0].cause'
`,
  async run(args, io) {
    const file = onePositional(args, 'classify', 'FILE');
    const text = await readInput(io, file, 'log');
    const report = classifyLogText(text);
    const source = file === undefined || file === '-' ? 'the input' : file;
    if (report.summary.lines === 0) throw new UsageError(`${source} is empty: nothing to classify`);
    if (report.recognized === 0) {
      throw new UsageError(`nothing in ${source} looks like API Gateway logs (${report.summary.lines} line${report.summary.lines === 1 ? '' : 's'} read): expected execution-log lines such as '(<request-id>) Method completed with status: 502', console Test output, or access-log rows; see 'apigw-doctor classify --help'`);
    }
    if (args.values['json'] === true) printJson(io, { findings: report.findings.map(findingJson), summary: report.summary });
    else io.stdout(renderFindingsText(report.findings, report.summary));
    return report.findings.length > 0 ? EXIT.findings : EXIT.ok;
  },
};

function renderVerdict(verdict: ProxyResponseVerdict, api: string, format: string | null): string {
  const out: string[] = [];
  const where = api === 'rest' ? 'REST API, Lambda proxy integration' : `HTTP API, payload format ${format ?? '2.0'}`;
  out.push(`${where}: the client gets ${verdict.status}${verdict.clientBody !== null ? ` with body ${verdict.clientBody.length > 200 ? `${verdict.clientBody.slice(0, 200)}…` : verdict.clientBody}` : ''}`);
  out.push(verdict.valid ? 'Valid: API Gateway accepts this response.' : `Invalid: API Gateway rejects this response (${verdict.violations.length} problem${verdict.violations.length === 1 ? '' : 's'}).`);
  for (const v of verdict.violations) {
    out.push('');
    out.push(`✖ ${v.path} [${v.rule}]: ${v.message}`);
    out.push(`  Fix: ${v.fix.split('\n').join('\n       ')}`);
  }
  if (verdict.notes.length > 0) {
    out.push('');
    for (const note of verdict.notes) out.push(`note: ${note}`);
  }
  return `${out.join('\n')}\n`;
}

const checkResponse: Command = {
  summary: "Predict what API Gateway does with a Lambda function's proxy response.",
  options: { api: { type: 'string' }, 'payload-format': { type: 'string' }, 'binary-media-types': { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor check-response [FILE|-] [--api rest|http] [--payload-format 1.0|2.0] [--binary-media-types LIST] [--json]

Reads what a Lambda function returned (the text after "Endpoint response body before transformations:"
in an execution log, or the JSON your handler returns) and predicts what API Gateway does with it:
the status the client gets, every rule the response breaks, and the fix (Node.js and Python).
Follows AWS's observed behaviour: REST rejects unknown top-level keys, {} is fine, statusCode "201"
works, a non-numeric statusCode fails, isBase64Encoded without binary media types returns base64 text.

Flags:
  --api rest|http            REST API (default) or HTTP API
  --payload-format 1.0|2.0   HTTP API payload format version (default 2.0; only with --api http)
  --binary-media-types LIST  comma-separated binary media types configured on the API (e.g. '*/*')
  --json                     {"status","valid","violations":[{"path","rule","message","fix"}],"clientBody"}

Exit codes: 0 valid, 1 invalid, 2 usage or input error.
Example: echo '{"statusCode":200,"body":{"ok":true}}' | apigw-doctor check-response -
`,
  async run(args, io) {
    const file = onePositional(args, 'check-response', 'FILE');
    const api = choice(args.values['api'], ['rest', 'http'] as const, '--api', 'rest');
    const formatFlag = args.values['payload-format'];
    if (formatFlag !== undefined && api !== 'http') throw new UsageError('--payload-format applies to HTTP APIs only: add --api http');
    const payloadFormat = choice(formatFlag, ['1.0', '2.0'] as const, '--payload-format', '2.0');
    const binaryFlag = args.values['binary-media-types'];
    const binaryMediaTypes = typeof binaryFlag === 'string' ? binaryFlag.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined;
    const text = await readInput(io, file, 'response');
    if (text.trim() === '') throw new UsageError(`${file === undefined || file === '-' ? 'the input' : file} is empty: expected what the Lambda function returned (JSON)`);
    const verdict = checkProxyResponse(text.replace(/\r?\n$/, ''), { api, ...(api === 'http' ? { payloadFormat } : {}), ...(binaryMediaTypes ? { binaryMediaTypes } : {}) });
    if (args.values['json'] === true) {
      printJson(io, { status: verdict.status, valid: verdict.valid, violations: verdict.violations.map((v) => ({ path: v.path, rule: v.rule, message: v.message, fix: v.fix })), clientBody: verdict.clientBody });
    } else io.stdout(renderVerdict(verdict, api, api === 'http' ? payloadFormat : null));
    return verdict.valid ? EXIT.ok : EXIT.findings;
  },
};

function signalJson(s: Signal): Record<string, string | null> {
  return { source: s.source, apiId: s.apiId, apiName: s.apiName, stage: s.stage, state: s.state };
}

function renderSignals(signals: readonly Signal[], ignored: readonly { readonly reason: string }[]): string {
  const out: string[] = [];
  for (const s of signals) {
    const api = s.apiId ?? s.apiName ?? 'unknown API';
    if (s.source === 'alarm') out.push(`Alarm ${s.alarmName ?? ''} is ${s.state ?? '?'} for ${api}${s.stage ? ` stage ${s.stage}` : ''}${s.reason ? `: ${s.reason}` : ''}`);
    else out.push(`Log batch from ${s.logGroup ?? '?'} (${s.logKind ?? 'log'}): ${s.events?.length ?? 0} events for ${api}${s.stage ? ` stage ${s.stage}` : ''}`);
  }
  for (const i of ignored) out.push(`Ignored: ${i.reason}`);
  return `${out.join('\n')}\n`;
}

const replay: Command = {
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
    const result = replayEvent(text);
    if (!result.ok) throw new UsageError(`${basename(file)}: ${result.error.message}`);
    const report = result.value;
    const recordingFlag = args.values['recording'];
    let code: number = report.findings.length > 0 ? EXIT.findings : EXIT.ok;
    if (typeof recordingFlag !== 'string') {
      if (args.values['json'] === true) printJson(io, { signals: report.signals.map(signalJson), findings: report.findings.map(findingJson), ignored: report.ignored });
      else {
        io.stdout(renderSignals(report.signals, report.ignored));
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
      io.stdout(renderSignals(report.signals, report.ignored));
      if (report.signals.some((s) => s.source === 'logs')) io.stdout(`\n${renderFindingsText(report.findings, report.summary)}`);
      for (const note of outcome.notes) io.stdout(`Note: ${note}\n`);
      for (const d of outcome.diagnoses) io.stdout(`\n${renderDiagnosisText(d)}`);
    }
    return code;
  },
};

/** The stage a recording was made for: the input of its GetStage record. */
function recordedStage(calls: readonly { readonly operation: string; readonly input?: Readonly<Record<string, unknown>> }[]): { restApiId: string; stageName: string } | null {
  for (const call of calls) {
    const id = call.input?.['restApiId'];
    const stage = call.input?.['stageName'];
    if (call.operation === 'GetStage' && typeof id === 'string' && typeof stage === 'string') return { restApiId: id, stageName: stage };
  }
  return null;
}

const demo: Command = {
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
      const target = recordedStage(loaded.value.calls);
      if (target === null) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: the recording has no GetStage call, so it names no stage to diagnose\n`);
        continue;
      }
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
      const result = replayEvent(text);
      if (!result.ok) {
        failed++;
        io.stderr(`apigw-doctor: ${file}: ${result.error.message}\n`);
        continue;
      }
      const r = result.value;
      events.push({ file: `events/${file}`, signals: r.signals.map(signalJson), causes: r.findings.map((f) => f.cause) });
      if (!json) {
        io.stdout(`\n━━ apigw-doctor replay events/${file} --offline\n`);
        io.stdout(renderSignals(r.signals, r.ignored));
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

/** Every command by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  classify,
  'check-response': checkResponse,
  replay,
  diagnose,
  demo,
};

/** `apigw-doctor --help`. */
export const GENERAL_HELP = `apigw-doctor — says exactly why API Gateway returned a 5xx, and how to fix it.

Usage: apigw-doctor <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`).join('\n')}

Run 'apigw-doctor <command> --help' for a command's input, flags, output and exit codes.
Exit codes: 0 ok, 1 findings or invalid response, 2 usage or input error.
`;
