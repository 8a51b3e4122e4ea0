/**
 * `apigw-doctor diagnose`: reads one REST API stage (live or recorded) and prints the diagnosis.
 */
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { renderDiagnosisText } from '../../shared/domain/render/diagnosis-report.ts';
import { openAccount, parseSince, recordedStages } from '../account.ts';
import { UsageError, printJson, type Io } from '../io.ts';
import type { Diagnosis } from '../../shared/domain/model.ts';
import type { Command } from '../commands-types.ts';
import { required } from '../args.ts';
import { diagnosisExit, diagnosisJson } from '../json.ts';

/** One stage to diagnose and where to read it: the flags of `diagnose`, as data. */
export interface DiagnoseRequest {
  readonly restApiId: string;
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
  const { restApiId, stageName } = request;
  const sinceMs = parseSince(request.since);
  const session = await openAccount({
    ...(request.region !== undefined ? { region: request.region } : {}),
    ...(request.recording !== undefined ? { recording: request.recording } : {}),
    ...(request.record !== undefined ? { record: request.record } : {}),
    env: request.env,
  });
  if (session.recording !== undefined) {
    const stages = recordedStages(session.recording);
    if (stages.length > 0 && !stages.includes(`${restApiId}/${stageName}`)) {
      throw new UsageError(`${String(request.recording)} holds no record of API ${restApiId} stage ${stageName}; it was recorded for ${stages.join(', ')}`);
    }
  }
  const now = session.clock.now().getTime();
  const result = await diagnoseStage(session.reader, {
    restApiId, stageName, startTime: now - sinceMs, endTime: now,
    ...(session.live && log !== undefined ? { progress: log } : {}),
  });
  const recorded = await session.finish();
  if (recorded !== null) log?.(`Recorded ${session.reader.callStats().calls} calls to ${recorded}`);
  if (!result.ok) throw new UsageError(result.error.message);
  return { diagnosis: result.value, json: diagnosisJson(result.value), exitCode: diagnosisExit(result.value) };
}

export const diagnose: Command = {
  summary: 'Diagnose a REST API stage: logs + permissions + stage + Lambda, ranked causes with fixes.',
  options: { 'rest-api-id': { type: 'string' }, stage: { type: 'string' }, region: { type: 'string' }, since: { type: 'string' }, recording: { type: 'string' }, record: { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor diagnose --rest-api-id ID --stage NAME [--region R] [--since 1h] [--recording FILE | --record FILE] [--json]

Reads the stage, its methods and integrations, the failing requests of the window (execution log,
else access log) and the Lambda functions behind them; runs every check (invoke-permission,
credentials-role, execution-logging, account-cloudwatch-role, integration-timeout,
reserved-concurrency, function-exists, stage-variables, ...) and ranks the causes. Every failing
check carries the exact AWS CLI command with your identifiers and the IaC change that keeps it.

Live by default (standard AWS credential chain; progress on stderr). Reads only; changes nothing.
  --rest-api-id ID     the REST API id (e.g. a1b2c3d4e5)
  --stage NAME         the stage (e.g. prod)
  --region R           default: AWS_REGION / AWS_DEFAULT_REGION
  --since 1h           log window: 90s, 30m, 1h, 2d (default 1h)
  --recording FILE     read a recorded account instead of AWS (see events/accounts/)
  --record FILE        live run, and save every read to FILE (secrets redacted) for replay or support
  --json               {"api":{...},"findings":[...],"checks":[{"id","status","resource","message","fix"}],
                        "causes":[{"cause","confidence","because":[...]}],"logSource":"...","notes":[...]}

Exit codes: 0 no failing check and no cause, 1 failing checks or causes, 2 usage or access error.
Example: apigw-doctor diagnose --rest-api-id a1b2c3d4e5 --stage prod --recording events/accounts/permission-lost-after-recreate.json
`,
  async run(args, io: Io) {
    if (args.positionals.length > 0) throw new UsageError(`diagnose: unexpected argument '${args.positionals[0]}' (use --rest-api-id and --stage)`);
    const restApiId = required(args, 'diagnose', 'rest-api-id');
    const stageName = required(args, 'diagnose', 'stage');
    const flag = (name: string): string | undefined => (typeof args.values[name] === 'string' ? args.values[name] : undefined);
    const request = { restApiId, stageName, since: flag('since'), region: flag('region'), recording: flag('recording'), record: flag('record'), env: process.env };
    const outcome = await diagnoseApi(request, (line) => io.stderr(`${line}\n`));
    if (args.values['json'] === true) printJson(io, outcome.json);
    else io.stdout(renderDiagnosisText(outcome.diagnosis));
    return outcome.exitCode;
  },
};
