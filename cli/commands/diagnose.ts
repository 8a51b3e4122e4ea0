/**
 * `apigw-doctor diagnose`: reads one REST or HTTP API stage (live or recorded) and prints the diagnosis.
 */
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { diagnoseApi as diagnoseAnyApi } from '../../shared/domain/use-cases/diagnose-http-api.ts';
import { renderDiagnosisText } from '../../shared/domain/render/diagnosis-report.ts';
import { openAccount, parseSince, recordedStages } from '../account.ts';
import { UsageError, printJson, type Io } from '../io.ts';
import type { Diagnosis } from '../../shared/domain/model.ts';
import type { Command } from '../commands-types.ts';
import { required } from '../args.ts';
import { diagnosisExit, diagnosisJson } from '../json.ts';

/** One stage to diagnose and where to read it: the flags of `diagnose`, as data. Exactly one of `apiId` and `restApiId`. */
export interface DiagnoseRequest {
  /** A REST API id (`--rest-api-id`): diagnosed as REST, without looking for an HTTP API. */
  readonly restApiId?: string;
  /** A REST or HTTP API id (`--api-id`): apigw-doctor finds which (REST first). */
  readonly apiId?: string;
  readonly stageName: string;
  /** The log window, as `--since` takes it (default 1h). */
  readonly since?: string;
  readonly region?: string;
  /** A recorded account file to read instead of AWS. */
  readonly recording?: string;
  /** A file to save every read of a live run to. */
  readonly record?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A diagnosis with its `diagnose --json` document and exit code. */
export interface DiagnoseOutcome {
  readonly diagnosis: Diagnosis;
  readonly json: ReturnType<typeof diagnosisJson>;
  readonly exitCode: number;
}

/**
 * Diagnoses one stage as `diagnose` does (also the core of the MCP tool). `log` receives the
 * progress lines of a live run and the "Recorded …" line, without newlines. Problems a user can fix
 * are `UsageError`s.
 */
export async function diagnoseApi(request: DiagnoseRequest, log?: (line: string) => void): Promise<DiagnoseOutcome> {
  const { restApiId, apiId, stageName } = request;
  const id = apiId ?? restApiId;
  if (id === undefined || (apiId !== undefined && restApiId !== undefined)) throw new UsageError('diagnose: give exactly one of --api-id and --rest-api-id');
  const sinceMs = parseSince(request.since);
  const session = await openAccount({
    ...(request.region !== undefined ? { region: request.region } : {}),
    ...(request.recording !== undefined ? { recording: request.recording } : {}),
    ...(request.record !== undefined ? { record: request.record } : {}),
    env: request.env,
  });
  if (session.recording !== undefined) {
    const stages = recordedStages(session.recording);
    if (stages.length > 0 && !stages.includes(`${id}/${stageName}`)) {
      throw new UsageError(`${String(request.recording)} holds no record of API ${id} stage ${stageName}; it was recorded for ${stages.join(', ')}`);
    }
  }
  const now = session.clock.now().getTime();
  const window = { stageName, startTime: now - sinceMs, endTime: now, ...(session.live && log !== undefined ? { progress: log } : {}) };
  const result = apiId === undefined ? await diagnoseStage(session.reader, { ...window, restApiId: id }) : await diagnoseAnyApi(session.reader, { ...window, apiId });
  const recorded = await session.finish();
  if (recorded !== null) log?.(`Recorded ${session.reader.callStats().calls} calls to ${recorded}`);
  if (!result.ok) throw new UsageError(result.error.message);
  return { diagnosis: result.value, json: diagnosisJson(result.value), exitCode: diagnosisExit(result.value) };
}

export const diagnose: Command = {
  summary: 'Diagnose a REST or HTTP API stage: logs + permissions + stage + Lambda, ranked causes with fixes.',
  options: { 'api-id': { type: 'string' }, 'rest-api-id': { type: 'string' }, stage: { type: 'string' }, region: { type: 'string' }, since: { type: 'string' }, recording: { type: 'string' }, record: { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor diagnose (--api-id ID | --rest-api-id ID) --stage NAME [--region R] [--since 1h] [--recording FILE | --record FILE] [--json]

Reads the stage, its methods and integrations, the failing requests of the window (execution log,
else access log) and the Lambda functions behind them; runs every check (invoke-permission,
credentials-role, execution-logging, account-cloudwatch-role, integration-timeout,
reserved-concurrency, function-exists, stage-variables, ...) and ranks the causes. Every failing
check carries the exact AWS CLI command with your identifiers and the IaC change that keeps it.

HTTP APIs (API Gateway v2): --api-id finds whether the id is a REST or an HTTP API (REST first: an
HTTP API costs one extra GetRestApi). For an HTTP API it reads the stage (access log, auto-deploy,
$default), the routes and integrations (payload format, timeout up to 30 s, the function), the Lambda
authorizers of failing routes, and the failing requests from the access log's
$context.integrationErrorMessage. HTTP APIs have no execution logs, so execution-logging,
account-cloudwatch-role, data-trace and binary-media-types are "skip" with the reason.

Live by default (standard AWS credential chain; progress on stderr). Reads only; changes nothing.
  --api-id ID          a REST or HTTP API id (e.g. a1b2c3d4e5); apigw-doctor finds which
  --rest-api-id ID     a REST API id (only REST is looked up)
  --stage NAME         the stage (e.g. prod)
  --region R           default: AWS_REGION / AWS_DEFAULT_REGION
  --since 1h           log window: 90s, 30m, 1h, 2d (default 1h)
  --recording FILE     read a recorded account instead of AWS (see events/accounts/)
  --record FILE        live run, and save every read to FILE (secrets redacted) for replay or support
  --json               {"api":{"id","name","stage","region","account","type"?: "HTTP"},"findings":[...],"checks":[{"id","status","resource","message","fix"}],
                        "causes":[{"cause","confidence","because":[...]}],"logSource":"...","evidence":"...",
                        "functionLogs":[{"functionName","logGroup","status","invocations","failedInvocations","message","findings"}],"notes":[...]}

Exit codes: 0 no failing check and no cause, 1 failing checks or causes, 2 usage or access error.
Example: apigw-doctor diagnose --rest-api-id a1b2c3d4e5 --stage prod --recording events/accounts/permission-lost-after-recreate.json
         apigw-doctor diagnose --api-id h7tq2xk9wb --stage '$default' --recording events/accounts/http-api-recreated.json
`,
  async run(args, io: Io) {
    if (args.positionals.length > 0) throw new UsageError(`diagnose: unexpected argument '${args.positionals[0]}' (use --api-id and --stage)`);
    const given = (['api-id', 'rest-api-id'] as const).filter((name) => args.values[name] !== undefined);
    if (given.length !== 1) throw new UsageError(given.length === 0 ? 'diagnose: --api-id is required (or --rest-api-id for a REST API)' : 'diagnose: give one of --api-id and --rest-api-id, not both');
    const id = required(args, 'diagnose', given[0] ?? 'api-id');
    const stageName = required(args, 'diagnose', 'stage');
    const flag = (name: string): string | undefined => (typeof args.values[name] === 'string' ? args.values[name] : undefined);
    const request = { ...(given[0] === 'api-id' ? { apiId: id } : { restApiId: id }), stageName, since: flag('since'), region: flag('region'), recording: flag('recording'), record: flag('record'), env: process.env };
    const outcome = await diagnoseApi(request, (line) => io.stderr(`${line}\n`));
    if (args.values['json'] === true) printJson(io, outcome.json);
    else io.stdout(renderDiagnosisText(outcome.diagnosis));
    return outcome.exitCode;
  },
};
