/**
 * The check registry: every account check, what it looks at (the stage, one method, or one function
 * however many methods share it) and how it is run from what the diagnosis has read. `diagnoseStage`
 * reads once and runs the registry; adding a check is one file plus one entry here (a test keeps the
 * registry equal to `CHECK_IDS`). Pure: contexts are plain data already read through the ports.
 */
import type { CheckId, CheckResult, Finding } from '../model.ts';
import type {
  AccountSettingsInfo,
  AliasInfo,
  FunctionConcurrencyInfo,
  FunctionConfigurationInfo,
  FunctionPolicyInfo,
  IntegrationInfo,
  MethodInfo,
  ReadFailure,
  RestApiInfo,
  RoleInfo,
  SimulationResult,
  StageInfo,
  VpcLinkInfo,
} from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import type { LambdaTarget } from './lambda-target.ts';
import { checkAccessLogging } from './access-logging.ts';
import { checkAccountCloudWatchRole } from './account-cloudwatch-role.ts';
import { checkBinaryMediaTypes } from './binary-media-types.ts';
import { checkCredentialsRole } from './credentials-role.ts';
import { checkDataTrace } from './data-trace.ts';
import { checkDetailedMetrics } from './detailed-metrics.ts';
import { checkExecutionLogging } from './execution-logging.ts';
import { checkFunctionExists } from './function-exists.ts';
import { checkIntegrationMethod } from './integration-method.ts';
import { checkIntegrationTimeout } from './integration-timeout.ts';
import { checkInvokePermission } from './invoke-permission.ts';
import { checkPolicySize } from './policy-size.ts';
import { checkReservedConcurrency } from './reserved-concurrency.ts';
import { checkStageVariables } from './stage-variables.ts';
import { checkVpcLinkHealth, type VpcLinkHealthInput } from './vpc-link-health.ts';
import { runAuthorizerPermission, type AuthorizerContext } from './authorizer-permission.ts';
import { runAuthorizerRole } from './authorizer-role.ts';
import { checkCorsPreflight } from './cors-preflight.ts';
import { checkTracing } from './tracing.ts';

/** One method of the stage with its integration (null when it has none or it could not be read). */
export interface StageMethod {
  readonly method: MethodRef;
  readonly integration: IntegrationInfo | null;
  /** Why the integration could not be read, when it could not (then `integration` is null). */
  readonly integrationFailure?: ReadFailure;
  /** The method responses the method declares (cors-preflight adds one only where it is missing). */
  readonly methodResponses?: MethodInfo['methodResponses'];
}

/** What the stage-wide checks look at. */
export interface StageContext {
  readonly ref: StageRef;
  readonly api: RestApiInfo;
  readonly stage: StageInfo;
  readonly accountSettings: CheckInput<AccountSettingsInfo>;
  readonly methods: readonly StageMethod[];
  /** The failing requests of the window (cors-preflight looks for OPTIONS, tracing counts them); absent = none. */
  readonly findings?: readonly Finding[];
}

/** The integration role of a method and the simulation of its invoke permission. */
export interface CredentialsRead {
  readonly credentials: string;
  /** Null when the role name cannot be read from the ARN (nothing was read). */
  readonly role: CheckInput<RoleInfo | null> | null;
  readonly simulation: CheckInput<readonly SimulationResult[]> | null;
}

/** What the per-method checks look at. Null fields were not read because they do not apply. */
export interface MethodContext {
  readonly stage: StageContext;
  readonly method: MethodRef;
  readonly integration: IntegrationInfo | null;
  /** The Lambda function the integration invokes, or null for other integrations. */
  readonly target: LambdaTarget | null;
  /** The VPC link of a VPC_LINK integration. */
  readonly vpcLink: { readonly id: string; readonly link: CheckInput<VpcLinkInfo | null>; /** The chain behind it as read (diagnose-vpc-link.ts), when followed. */ readonly health?: VpcLinkHealthInput } | null;
  /** The target's resource policy (read for every Lambda method); null = the function has none, undefined = not read. */
  readonly policy: CheckInput<FunctionPolicyInfo | null> | undefined;
  /** The integration's credentials role, when it has one (then the resource policy does not apply). */
  readonly credentials: CredentialsRead | null;
  /** A concrete path a failing request of this method used, for the SourceArn the check evaluates. */
  readonly requestPath: string | null;
  /** The target's configuration, read only for in-depth methods; null = no such function, undefined = not read. */
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null> | undefined;
  /** The method's authorizer as read (on the first in-depth method using it, so each is reported once); null = none or not read. */
  readonly authorizer?: AuthorizerContext | null;
}

/** What the per-function checks look at: once per function, with the first in-depth method using it. */
export interface FunctionContext {
  readonly stage: StageContext;
  readonly method: MethodRef;
  readonly target: LambdaTarget;
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null>;
  /** GetAlias when the qualifier is an alias; null = no such alias, undefined = not read (no alias qualifier). */
  readonly alias: CheckInput<AliasInfo | null> | undefined;
  readonly concurrency: CheckInput<FunctionConcurrencyInfo>;
  readonly policy: CheckInput<FunctionPolicyInfo | null>;
}

/** One registered check. `run` returns no result when the check does not apply to the context. */
export type CheckDefinition =
  | { readonly id: CheckId; readonly scope: 'stage'; readonly run: (ctx: StageContext) => readonly CheckResult[] }
  | { readonly id: CheckId; readonly scope: 'method'; readonly run: (ctx: MethodContext) => readonly CheckResult[] }
  | { readonly id: CheckId; readonly scope: 'function'; readonly run: (ctx: FunctionContext) => readonly CheckResult[] };

/** The Lambda function ARN without its qualifier (concurrency is per function, never per alias). */
function unqualifiedArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

/** Every check, in the order results are listed before sorting. */
export const CHECKS: readonly CheckDefinition[] = [
  { id: 'integration-method', scope: 'method', run: (c) => [checkIntegrationMethod(c.integration, c.stage.ref, c.method)] },
  {
    id: 'stage-variables',
    scope: 'method',
    run: (c) => [checkStageVariables({ stage: c.stage.ref, method: c.method, stageInfo: c.stage.stage, integration: c.integration })],
  },
  {
    id: 'vpc-link-health',
    scope: 'method',
    run: (c) => (c.vpcLink === null ? [] : checkVpcLinkHealth(c.vpcLink.health ?? { stage: c.stage.ref, vpcLinkId: c.vpcLink.id, vpcLink: c.vpcLink.link })),
  },
  {
    id: 'credentials-role',
    scope: 'method',
    run: (c) =>
      c.target === null || c.credentials === null
        ? []
        : [
            checkCredentialsRole({
              credentials: c.credentials.credentials,
              usedBy: `${c.method.httpMethod} ${c.method.resourcePath} integration`,
              account: c.stage.ref.account,
              region: c.stage.ref.region,
              target: c.target,
              role: c.credentials.role,
              simulation: c.credentials.simulation,
            }),
          ],
  },
  {
    id: 'invoke-permission',
    scope: 'method',
    run: (c) =>
      c.target === null || c.credentials !== null || c.policy === undefined
        ? []
        : [
            checkInvokePermission({
              account: c.stage.ref.account,
              region: c.stage.ref.region,
              restApiId: c.stage.ref.restApiId,
              stageName: c.stage.ref.stageName,
              method: { httpMethod: c.method.httpMethod, resourcePath: c.method.resourcePath },
              target: c.target,
              policy: c.policy,
              ...(c.requestPath === null ? {} : { requestPath: c.requestPath }),
            }),
          ],
  },
  {
    id: 'integration-timeout',
    scope: 'method',
    run: (c) =>
      c.functionConfiguration === undefined
        ? []
        : [
            checkIntegrationTimeout({
              stage: c.stage.ref,
              method: c.method,
              integration: c.integration,
              functionConfiguration: c.functionConfiguration,
              stageVariables: c.stage.stage.variables ?? {},
              endpointTypes: c.stage.api.endpointConfiguration?.types ?? [],
            }),
          ],
  },
  {
    id: 'function-exists',
    scope: 'function',
    run: (c) => [
      checkFunctionExists({
        target: c.target,
        region: c.stage.ref.region,
        functionConfiguration: c.functionConfiguration,
        ...(c.alias === undefined ? {} : { alias: c.alias }),
        integration: { stage: c.stage.ref, method: c.method },
      }),
    ],
  },
  {
    id: 'reserved-concurrency',
    scope: 'function',
    run: (c) => [
      checkReservedConcurrency(c.concurrency, {
        functionName: c.target.functionName,
        functionArn: unqualifiedArn(c.target.functionArn),
        region: c.target.region ?? c.stage.ref.region,
      }),
    ],
  },
  { id: 'policy-size', scope: 'function', run: (c) => [checkPolicySize({ target: c.target, region: c.stage.ref.region, policy: c.policy })] },
  // The authorizer's function-exists and reserved-concurrency results come with authorizer-permission (see its runner).
  { id: 'authorizer-permission', scope: 'method', run: (c) => (c.authorizer == null ? [] : runAuthorizerPermission(c.authorizer, c.stage.ref)) },
  { id: 'authorizer-role', scope: 'method', run: (c) => (c.authorizer == null ? [] : runAuthorizerRole(c.authorizer, c.stage.ref)) },
  {
    id: 'execution-logging',
    scope: 'stage',
    // Per-method results only when the stage overrides levels per method; else one stage-wide result.
    run: (c) => {
      const overridden = Object.keys(c.stage.methodSettings ?? {}).some((k) => k !== '*/*');
      return checkExecutionLogging(c.stage, c.ref, overridden ? c.methods.map((m) => m.method) : []);
    },
  },
  { id: 'account-cloudwatch-role', scope: 'stage', run: (c) => [checkAccountCloudWatchRole(c.accountSettings, c.ref, { loggingWanted: true })] },
  { id: 'data-trace', scope: 'stage', run: (c) => [checkDataTrace(c.stage, c.ref, c.api.tags ?? {})] },
  { id: 'detailed-metrics', scope: 'stage', run: (c) => [checkDetailedMetrics(c.stage, c.ref)] },
  { id: 'access-logging', scope: 'stage', run: (c) => [checkAccessLogging(c.stage, c.ref)] },
  {
    id: 'binary-media-types',
    scope: 'stage',
    run: (c) =>
      checkBinaryMediaTypes({
        stage: c.ref,
        api: c.api,
        integrations: c.methods.flatMap((m) => (m.integration === null ? [] : [{ method: m.method, integration: m.integration }])),
      }),
  },
  { id: 'cors-preflight', scope: 'stage', run: (c) => checkCorsPreflight({ stage: c.ref, methods: c.methods, findings: c.findings ?? [] }) },
  {
    id: 'tracing',
    scope: 'stage',
    // A finding is one failing request, or a group of access-log rows that counts them.
    run: (c) => checkTracing({ stage: c.stage, ref: c.ref, failingRequests: (c.findings ?? []).reduce((n, f) => n + (typeof f.details['count'] === 'number' && f.details['count'] > 0 ? f.details['count'] : 1), 0) }),
  },
];

/** Runs every registered check of one scope on its context. */
export function runStageChecks(ctx: StageContext): CheckResult[] {
  return CHECKS.flatMap((c) => (c.scope === 'stage' ? c.run(ctx) : []));
}

/** Runs every per-method check on one method. */
export function runMethodChecks(ctx: MethodContext): CheckResult[] {
  return CHECKS.flatMap((c) => (c.scope === 'method' ? c.run(ctx) : []));
}

/** Runs every per-function check on one function. */
export function runFunctionChecks(ctx: FunctionContext): CheckResult[] {
  return CHECKS.flatMap((c) => (c.scope === 'function' ? c.run(ctx) : []));
}
