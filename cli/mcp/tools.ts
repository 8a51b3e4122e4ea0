/**
 * The MCP tools: each is an input schema, a description an agent can act on, and a handler that calls
 * the same function as the CLI command it mirrors (`classifyText`, `checkResponseText`, `diagnoseApi`,
 * `replayEventText`), so a tool answers exactly what `--json` prints. Handlers throw `UsageError` for
 * anything the caller can fix; `server.ts` turns that into a one-line tool error.
 */
import { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { CAUSES } from '../../shared/domain/causes.ts';
import { CAUSE_IDS, type CauseId, type Diagnosis, type Finding } from '../../shared/domain/model.ts';
import { RULES } from '../../shared/domain/classify/rules.ts';
import { UsageError } from '../io.ts';
import { classifyText } from '../commands/classify.ts';
import { checkResponseText } from '../commands/check-response.ts';
import { diagnoseApi } from '../commands/diagnose.ts';
import { replayEventText } from '../commands/replay.ts';
import { checkResponseOutputSchema, classifyOutputSchema, diagnosisSchema, explainOutputSchema, replayOutputSchema } from './schemas.ts';

/** What the person who started the server allowed, and the environment live reads use. */
export interface ToolContext {
  /** `apigw-doctor mcp --allow-apply`: only then may `replay_event` run in mode apply. */
  readonly allowApply: boolean;
  /** The server's environment: AWS credential chain and default Region for live diagnoses. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A tool's answer before redaction: the CLI's `--json` document and a short summary for the agent. */
export interface ToolAnswer {
  readonly structured: Record<string, unknown>;
  readonly summary: string;
}

/** One tool as the server registers it. */
export interface ToolSpec<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: S;
  readonly outputSchema: z.ZodObject;
  readonly annotations: ToolAnnotations;
  run(args: z.output<S>, context: ToolContext): ToolAnswer | Promise<ToolAnswer>;
}

const MiB = 1024 * 1024;
/** Input bounds, in characters (stated in the schemas, so an agent knows them before calling). */
export const LIMITS = { text: 5 * MiB, response: 1 * MiB, event: 6 * MiB, path: 4096 } as const;

const megabytes = (chars: number): string => `${chars / MiB} MiB (${chars.toLocaleString('en-US')} characters)`;

/** A string argument with a bound and one-line messages when it is missing, not a string, empty or too long. */
function boundedString(name: string, max: number, hint: string): z.ZodString {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`) })
    .min(1, { error: `${name} is empty` })
    .max(max, { error: `${name} is longer than ${max >= MiB ? megabytes(max) : `${max} characters`}: ${hint}` });
}

const pathString = (name: string): z.ZodString => boundedString(name, LIMITS.path, 'pass a file path');

/** A tool's arguments: unknown names are refused (a misspelt optional argument must not be dropped silently). */
function toolArgs<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown argument${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}: the arguments are ${Object.keys(shape).join(', ')}` : undefined),
  });
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `integration_timeout ×2, lambda_throttled` from findings, in order of significance. */
function causeCounts(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.cause, (counts.get(f.cause) ?? 0) + 1);
  return [...counts].map(([cause, n]) => (n > 1 ? `${cause} ×${n}` : cause)).join(', ');
}

function findingsSentence(findings: readonly Finding[]): string {
  const top = findings[0];
  if (top === undefined) return 'no failing request';
  return `${count(findings.length, 'failing request')} (${causeCounts(findings)}); most significant: ${top.cause}, ${CAUSES[top.cause].title}`;
}

function diagnosisSentence(d: Diagnosis): string {
  const failing = [...new Set(d.checks.filter((c) => c.status === 'fail').map((c) => c.id))];
  const top = d.causes[0];
  const cause = top === undefined ? 'no cause found' : `top cause ${top.cause} (confidence ${top.confidence.toFixed(2)}): ${CAUSES[top.cause].title}`;
  const checks = failing.length === 0 ? 'no failing check' : `failing checks: ${failing.join(', ')} (each with its fix in checks[].fix)`;
  return `API ${d.api.id} stage ${d.api.stage} (${d.api.region}, account ${d.api.account}): ${cause}; ${checks}`;
}

const classifyInput = toolArgs({
  text: boundedString('text', LIMITS.text, 'filter the logs first (one request id, a shorter window)').describe(
    `API Gateway evidence in any format and mix: execution logs, console Test output, Logs Insights exports, access logs (JSON or CLF), curl transcripts, Lambda logs, a client body. At most ${megabytes(LIMITS.text)}.`,
  ),
});

const classifyLogs: ToolSpec<typeof classifyInput> = {
  name: 'classify_logs',
  title: 'Classify API Gateway logs',
  description:
    "Explains every failing request (5xx) in pasted API Gateway evidence: execution-log lines as CloudWatch delivers them ('(<request-id>) Method completed with status: 502'), console Test output, Logs Insights exports, JSON or CLF access logs, curl transcripts, Lambda logs or a body a client saw, in any mix. Returns one finding per failing request with its cause id from a fixed taxonomy (call explain_cause for what a cause means and how to fix it), the evidence lines and the details (function ARN, error type, Lambda request id, ...), most significant first; an empty findings list means no failing request was seen, and summary.unreadable counts access-log rows whose status could not be read (never an all-clear). Deterministic and offline: call it first on whatever logs you have, before forming hypotheses. Text that is not API Gateway logs at all is a tool error saying so. Secrets in results are redacted.",
  inputSchema: classifyInput,
  outputSchema: classifyOutputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
  run({ text }) {
    const outcome = classifyText(text, 'text');
    const { findings, summary } = outcome.report;
    const read = `${count(summary.lines, 'line')}, ${count(summary.requests, 'request')} read`;
    return { structured: outcome.json, summary: `${read}: ${findingsSentence(findings)}.${outcome.unreadable === null ? '' : ` ${outcome.unreadable}.`}` };
  },
};

const checkInput = toolArgs({
  response: boundedString('response', LIMITS.response, "paste only the function's response").describe(
    `What the Lambda function returned: its JSON, or the text after "Endpoint response body before transformations:" in an execution log. At most ${megabytes(LIMITS.response)}.`,
  ),
  api: z.enum(['rest', 'http'], { error: "api must be 'rest' or 'http'" }).optional().describe('REST API (default) or HTTP API'),
  payloadFormat: z.enum(['1.0', '2.0'], { error: "payloadFormat must be '1.0' or '2.0'" }).optional().describe('HTTP API payload format version (default 2.0); only with api http'),
});

const checkProxyResponse: ToolSpec<typeof checkInput> = {
  name: 'check_proxy_response',
  title: 'Check a Lambda proxy response',
  description:
    "Predicts what API Gateway does with what a Lambda proxy integration returned: pass the JSON the handler returns, or the text after 'Endpoint response body before transformations:' in an execution log (a Python dict or JavaScript object as printed is judged as the JSON the runtime sends, with a note in converted). Returns the status the client gets, valid (false: API Gateway rejects it, 502 on REST APIs, 500 on HTTP APIs), every rule broken with its path, message and fix (Node.js and Python), and the body the client receives. Use it when classify_logs reports malformed_proxy_response, or to check a fix before deploying it. api defaults to rest; payloadFormat applies to HTTP APIs only and defaults to 2.0. A body API Gateway truncated, or source code instead of a value, cannot be judged: tool error with the reason.",
  inputSchema: checkInput,
  outputSchema: checkResponseOutputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
  run({ response, api = 'rest', payloadFormat }) {
    if (payloadFormat !== undefined && api !== 'http') throw new UsageError("payloadFormat applies to HTTP APIs only: add api 'http'");
    const { verdict, json } = checkResponseText(response, { api, payloadFormat: payloadFormat ?? '2.0' }, 'response');
    const flavour = api === 'http' ? `HTTP API (payload ${payloadFormat ?? '2.0'})` : 'REST API';
    const broken = verdict.violations.map((v) => `${v.rule} at ${v.path}`).join(', ');
    const verdictText = verdict.valid ? 'valid' : `invalid, ${count(verdict.violations.length, 'rule')} broken: ${broken}; each fix is in violations[].fix`;
    return { structured: json, summary: `${flavour} answers the client ${verdict.status}: ${verdictText}.` };
  },
};

const diagnoseInput = toolArgs({
  apiId: boundedString('apiId', 128, 'pass the REST or HTTP API id (e.g. a1b2c3d4e5)').describe('The REST API or HTTP API id, e.g. a1b2c3d4e5 (apigw-doctor finds which)'),
  stage: boundedString('stage', 128, 'pass the stage name (e.g. prod)').describe('The stage name, e.g. prod'),
  region: z
    .string({ error: 'region must be a string' })
    .regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, { error: 'region must be an AWS Region code such as us-east-1' })
    .optional()
    .describe('AWS Region (default: AWS_REGION / AWS_DEFAULT_REGION of the server; a recording has its own)'),
  since: z
    .string({ error: 'since must be a string' })
    .regex(/^\d+(?:\.\d+)?\s*[smhd]?$/, { error: 'since must look like 90s, 30m, 1h or 2d' })
    .optional()
    .describe('Log window back from now: 90s, 30m, 1h, 2d (default 1h, at most 30d)'),
  recording: pathString('recording').optional().describe('Path of a recorded account file to read instead of AWS (absolute, or relative to the directory the server was started in)'),
});

const diagnoseApiTool: ToolSpec<typeof diagnoseInput> = {
  name: 'diagnose_api',
  title: 'Diagnose an API Gateway REST or HTTP API stage',
  description:
    "Diagnoses one REST or HTTP API stage in the AWS account (apiId may name either; HTTP APIs are read through their access log, as they have no execution logs): reads the stage, its methods and integrations, the failing requests of the log window (execution log, else access log) and the Lambda functions behind them, runs every check (invoke permission, integration credentials role, execution logging, account CloudWatch role, integration timeout, reserved concurrency, function exists, stage variables, ...) and ranks the causes with their confidence and reasons. Every failing check carries the exact AWS CLI command with the real identifiers and the IaC change that keeps it. Reads only; changes nothing. Live by default, with the server's standard AWS credential chain (AWS_PROFILE, SSO, environment, instance role) in region; or pass recording, the path of a recorded account file, to read that instead. Call it when classify_logs has named a cause, to confirm it against the account and get the fix; a missing API or stage, or unusable credentials, is a tool error with the reason.",
  inputSchema: diagnoseInput,
  outputSchema: diagnosisSchema,
  annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
  async run({ apiId, stage, region, since, recording }, context) {
    // apiId may name a REST or an HTTP API: the CLI's --api-id path finds which.
    const outcome = await diagnoseApi({ apiId, stageName: stage, since, region, recording, env: context.env });
    return { structured: outcome.json, summary: `${diagnosisSentence(outcome.diagnosis)}.` };
  },
};

const MODES = ['off', 'dry-run', 'apply'] as const;

const replayInput = toolArgs({
  event: z
    .union([z.string().max(LIMITS.event, { error: `event is larger than ${megabytes(LIMITS.event)}: a Lambda event is at most 6 MB` }), z.record(z.string(), z.unknown())], {
      error: (issue) => (issue.input === undefined ? 'event is required' : 'event must be the event as a JSON object, or its JSON text'),
    })
    .describe(`The raw Lambda event: a CloudWatch Logs subscription event or a CloudWatch alarm state change (EventBridge, SNS, alarm action), as an object or as JSON text. At most ${megabytes(LIMITS.event)} as JSON.`),
  recording: pathString('recording').optional().describe('Path of a recorded account file to run the whole pipeline against (absolute, or relative to the directory the server was started in)'),
  mode: z.enum(MODES, { error: `mode must be one of ${MODES.join(', ')}` }).optional().describe('What the actions may do (needs recording): off, dry-run (default) or apply; apply only when the server was started with --allow-apply'),
});

/** The event as JSON text, within the bound. */
function eventText(event: string | Record<string, unknown>): string {
  const text = typeof event === 'string' ? event : JSON.stringify(event);
  if (text.trim() === '') throw new UsageError('event is empty: pass a CloudWatch Logs subscription or alarm event');
  if (text.length > LIMITS.event) throw new UsageError(`event is larger than ${megabytes(LIMITS.event)} as JSON: a Lambda event is at most 6 MB`);
  return text;
}

const replayEvent: ToolSpec<typeof replayInput> = {
  name: 'replay_event',
  title: 'Replay a Lambda event through apigw-doctor',
  description:
    "Replays one raw Lambda event as the deployed apigw-doctor functions see it: a CloudWatch Logs subscription event ({\"awslogs\":{\"data\":...}}) or a CloudWatch alarm state change (EventBridge, SNS or a direct alarm action), as an object or as JSON text. Without recording it returns the signals, the findings of the log lines (as classify_logs) and the parts ignored with the reason. With recording, the path of a recorded account file, it also runs the whole pipeline locally against that account: the diagnoses, the incidents, the remediation plan (each step apply, dry-run or suggest with its reason, from the owner's opt-in tags), the outcomes, the Slack and SNS messages (rendered, not sent) and every write to the recorded account; nothing reaches AWS. mode is off, dry-run (the default) or apply; apply is refused unless the person who started the server passed --allow-apply, and even then acts only where the owner opted in. Do not retry a refused apply with another tool: report the plan instead.",
  inputSchema: replayInput,
  outputSchema: replayOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false, idempotentHint: false },
  async run({ event, recording, mode }, context) {
    // First, and whatever else is wrong: an agent must never widen what the person who started the server allowed.
    if (mode === 'apply' && !context.allowApply) throw new UsageError("mode 'apply' is refused: this server was started without --allow-apply (only the person running 'apigw-doctor mcp' can allow it); use mode 'dry-run' to get the plan");
    if (mode !== undefined && recording === undefined) throw new UsageError('mode runs the pipeline, which needs recording (a recorded account file)');
    const outcome = await replayEventText(eventText(event), 'event', { recording, mode: mode ?? 'dry-run', env: context.env });
    const { report, pipeline } = outcome;
    const parts = [`${count(report.signals.length, 'signal')}, ${count(report.ignored.length, 'part')} ignored`, findingsSentence(report.findings)];
    if (pipeline !== null) {
      for (const d of pipeline.diagnoses) parts.push(diagnosisSentence(d));
      const steps = pipeline.incidents.flatMap((i) =>
        i.plan.map((s) => {
          const done = i.outcomes.find((o) => o.action === s.action && o.resource === s.resource);
          return `${s.action ?? s.check} ${s.mode}${done === undefined ? '' : ` → ${done.status}`}`;
        }),
      );
      parts.push(`${count(pipeline.incidents.length, 'incident')}; plan: ${steps.length === 0 ? 'nothing to do' : steps.join(', ')}; ${count(pipeline.writes.length, 'write')} to the recorded account (mode ${mode ?? 'dry-run'})`);
    }
    if (outcome.warning !== null) parts.push(outcome.warning);
    return { structured: outcome.json, summary: `${parts.join('. ')}.` };
  },
};

const explainInput = toolArgs({
  cause: z
    .enum(CAUSE_IDS, { error: (issue) => `${issue.input === undefined ? 'cause is required' : `unknown cause '${String(issue.input)}'`}: valid ids are ${CAUSE_IDS.join(', ')}` })
    .describe('A cause id as the other tools return it, e.g. missing_invoke_permission'),
});

/** What confirms a cause: API Gateway's own wordings for it (the classifier's rule examples) and the tool calls. */
function confirmation(cause: CauseId): { logWordings: string[]; steps: string[] } {
  const logWordings = [...new Set(RULES.filter((r) => r.cause === cause).map((r) => r.example))];
  const steps = [
    `Call classify_logs with the execution log (or access log) of a failing request: a finding with cause ${cause} confirms it, and its evidence and details name the request, function and error.`,
    ...(cause === 'malformed_proxy_response' ? ['Call check_proxy_response with the text after "Endpoint response body before transformations:" to see every rule the response breaks.'] : []),
    'Call diagnose_api with the API id and stage: the ranked causes say how sure it is once the account checks have run, and every failing check carries the exact fix command with the real identifiers.',
  ];
  return { logWordings, steps };
}

const explainCause: ToolSpec<typeof explainInput> = {
  name: 'explain_cause',
  title: 'Explain an apigw-doctor cause',
  description:
    "Explains one cause id of apigw-doctor's fixed taxonomy, as classify_logs, diagnose_api and replay_event return them: what it means (why API Gateway answered with a 5xx), how to confirm it (API Gateway's own log wordings for it, and which tool calls confirm it) and how to fix it, most likely fix first. The same explanation the CLI reports and the Slack and SNS notifications print. An unknown id is a tool error listing the valid ones.",
  inputSchema: explainInput,
  outputSchema: explainOutputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: true },
  run({ cause }) {
    const info = CAUSES[cause];
    const structured = { cause, title: info.title, why: info.why, confirm: confirmation(cause), fix: [...info.todo] };
    return { structured, summary: `${cause}: ${info.title}. ${info.why} Most likely fix: ${info.todo[0] ?? 'see fix'}` };
  },
};

/** Every tool, in the order they are listed. */
export const TOOLS = [classifyLogs, checkProxyResponse, diagnoseApiTool, replayEvent, explainCause] as const;
