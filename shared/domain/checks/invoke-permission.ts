/**
 * Check `invoke-permission`: does the Lambda function's resource policy let API Gateway invoke it for
 * this method? The most common cause of "Invalid permissions on Lambda function" (a 500) is a permission
 * that was never added (IaC without add-permission), was scoped to another API id (the API was re-created),
 * to one stage (the console test uses `test-invoke-stage`), to the unqualified function while the
 * integration calls an alias, or to a literal `{id}` path.
 */
import type { CheckResult, Fix } from '../model.ts';
import type { FunctionPolicyInfo, PolicyStatement, ReadFailure } from '../../ports/account-reader.ts';
import { executeApiArn, parseExecuteApiArn, scopedSourceArn } from '../iam/arn-match.ts';
import type { PolicyEvaluation, StatementEvaluation } from '../iam/policy-evaluator.ts';
import { evaluatePolicy } from '../iam/policy-evaluator.ts';
import { iacText, isReadFailure, skipForReadFailure } from './check-support.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';
import type { LambdaTarget } from './lambda-target.ts';

export { scopedSourceArn } from '../iam/arn-match.ts';

/** The service principal API Gateway invokes Lambda as. */
export const APIGATEWAY_PRINCIPAL = 'apigateway.amazonaws.com';

/** The stage name the console's "Test" button invokes with (it has no deployment of its own). */
export const TEST_INVOKE_STAGE = 'test-invoke-stage';

/** What `checkInvokePermission` needs: where the API is, which method, which function, and its policy. */
export interface InvokePermissionInput {
  /** The API's account (the SourceArn's account). */
  readonly account: string;
  readonly region: string;
  readonly restApiId: string;
  readonly stageName: string;
  readonly method: { readonly httpMethod: string; readonly resourcePath: string };
  readonly target: LambdaTarget;
  /**
   * GetPolicy for the function with the target's qualifier (Lambda keeps one policy per alias/version):
   * the policy, null when the function has none, or the read failure.
   */
  readonly policy: FunctionPolicyInfo | null | ReadFailure;
  /** The concrete path of a failing request, when a log line gave it; otherwise a sample path is made up. */
  readonly requestPath?: string;
  /**
   * Set when the function is a Lambda authorizer of the method rather than its integration: the gateway then
   * invokes it with SourceArn `<api>/authorizers/<id>`, the same for every stage and the console test.
   */
  readonly authorizerId?: string;
  /** `HTTP` for an HTTP API route (method `$default` = the `$default` route); HTTP APIs have no console test stage. Default REST. */
  readonly apiType?: 'REST' | 'HTTP';
}

/**
 * The HTTP API catch-all route key. Its invocations carry SourceArn `<api>/<stage>/$default`: no verb and no
 * path (docs/facts.md (g); aws/serverless-application-model#1860). A route is passed as `httpMethod: '$default'`.
 */
export const DEFAULT_ROUTE = '$default';

function isDefaultRoute(method: { readonly httpMethod: string }): boolean {
  return method.httpMethod === DEFAULT_ROUTE;
}

/** The verbs an `ANY` method is invoked with; each one puts its own verb into the SourceArn. */
const ANY_VERBS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * A deterministic statement id for the permission of one method: re-running the fix finds the same id
 * (AddPermission then answers ResourceConflictException instead of piling up duplicates). FNV-1a, 32 bits:
 * short, stable across runs and platforms, and collisions only matter within one function's policy.
 */
export function permissionStatementId(apiId: string, method: string, path: string): string {
  const input = `${apiId}|${method.toUpperCase()}|${path.startsWith('/') ? path : `/${path}`}`;
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `apigw-doctor-${hash.toString(16).padStart(8, '0')}`;
}

/** Where the fix puts the permission: the function name and qualifier, and the API it is granted to. */
export interface InvokePermissionFixInput {
  readonly region: string;
  /** The API's account. */
  readonly account: string;
  readonly restApiId: string;
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly target: LambdaTarget;
  /** For a Lambda authorizer: its id (the permission is then granted to `<api>/authorizers/<id>`). */
  readonly authorizerId?: string;
  /** The policy's RevisionId as read: the request carries it so a policy changed since then is not written blindly. */
  readonly revisionId?: string;
}

/** The SourceArn API Gateway presents when it invokes a Lambda authorizer. */
export function authorizerSourceArn(region: string, account: string, apiId: string, authorizerId: string): string {
  return `arn:aws:execute-api:${region}:${account}:${apiId}/authorizers/${authorizerId}`;
}

function yamlQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The add-permission fix for one method: the CLI command and the CDK, SAM/CloudFormation and Terraform
 * equivalents, all with the same statement id and scoped SourceArn (any stage, this verb and path).
 */
export function invokePermissionFix(input: InvokePermissionFixInput): Fix {
  const { target } = input;
  const sourceArn =
    input.authorizerId === undefined && isDefaultRoute({ httpMethod: input.httpMethod })
      ? `arn:aws:execute-api:${input.region}:${input.account}:${input.restApiId}/*/${DEFAULT_ROUTE}`
      : input.authorizerId === undefined
      ? scopedSourceArn({
          region: input.region,
          account: input.account,
          apiId: input.restApiId,
          method: input.httpMethod,
          resourcePath: input.resourcePath,
        })
      : authorizerSourceArn(input.region, input.account, input.restApiId, input.authorizerId);
  const statementId =
    input.authorizerId === undefined
      ? permissionStatementId(input.restApiId, input.httpMethod, input.resourcePath)
      : permissionStatementId(input.restApiId, 'AUTHORIZER', input.authorizerId);
  const region = target.region ?? input.region;
  const crossAccount = target.account !== null && target.account !== input.account;
  const request = sdkRequest('lambda', 'AddPermission', region, {
    FunctionName: target.functionName,
    StatementId: statementId,
    Action: 'lambda:InvokeFunction',
    Principal: APIGATEWAY_PRINCIPAL,
    SourceArn: sourceArn,
    ...(target.qualifier === null ? {} : { Qualifier: target.qualifier }),
    ...(input.revisionId === undefined ? {} : { RevisionId: input.revisionId }),
  });
  const cli = requestCommand(request);
  const functionRef = target.functionArn;
  const hash = statementId.slice('apigw-doctor-'.length);
  const cdk = [
    target.qualifier === null
      ? `// fn: the lambda.IFunction of ${target.functionName}`
      : `// fn: the lambda.Alias (or Version) ${target.qualifier} of ${target.functionName}; its policy is separate from the function's`,
    `fn.addPermission('${statementId}', {`,
    `  principal: new iam.ServicePrincipal('${APIGATEWAY_PRINCIPAL}'),`,
    `  action: 'lambda:InvokeFunction',`,
    `  sourceArn: '${sourceArn}',`,
    '});',
  ].join('\n');
  const cloudFormation = [
    `ApigwDoctor${hash}Permission:`,
    '  Type: AWS::Lambda::Permission',
    '  Properties:',
    `    FunctionName: ${yamlQuote(functionRef)}`,
    '    Action: lambda:InvokeFunction',
    `    Principal: ${APIGATEWAY_PRINCIPAL}`,
    `    SourceArn: ${yamlQuote(sourceArn)}`,
  ].join('\n');
  const terraform = [
    `resource "aws_lambda_permission" "apigw_doctor_${hash}" {`,
    `  statement_id  = "${statementId}"`,
    '  action        = "lambda:InvokeFunction"',
    `  function_name = "${target.functionName}"`,
    ...(target.qualifier === null ? [] : [`  qualifier     = "${target.qualifier}"`]),
    `  principal     = "${APIGATEWAY_PRINCIPAL}"`,
    `  source_arn    = "${sourceArn}"`,
    '}',
  ].join('\n');
  return {
    // A function in another account: our credentials cannot change its policy, so there is nothing to send from here.
    requests: crossAccount ? [] : [request],
    cli: crossAccount ? `${cli}  # run with credentials of account ${target.account ?? ''}, the function's account` : cli,
    iac: iacText({ cdk, cloudFormation, terraform }),
  };
}

/** `GET /items`, or `authorizer x1y2 of GET /items`: what was checked, for messages. */
function subjectOf(input: InvokePermissionInput): string {
  const method = isDefaultRoute(input.method) ? `route ${DEFAULT_ROUTE}` : `${input.method.httpMethod.toUpperCase()} ${input.method.resourcePath}`;
  return input.authorizerId === undefined ? method : `authorizer ${input.authorizerId} of ${method}`;
}

/** A concrete path for a resource template: the gateway puts the request's real path into the SourceArn. */
function samplePath(resourcePath: string): string {
  return resourcePath.replace(/\{[^{}]*\+\}/g, 'example/path').replace(/\{[^{}]*\}/g, 'example');
}

/** The function ARN the gateway invokes (a bare name lives in the API's account and Region). Exported for authorizer-permission. */
export function qualifiedArn(target: LambdaTarget, input: InvokePermissionInput): string {
  if (target.functionArn.startsWith('arn:')) return target.functionArn;
  // A bare function name lives in the API's own account and Region.
  const qualified = target.qualifier === null ? target.functionName : `${target.functionName}:${target.qualifier}`;
  return `arn:aws:lambda:${target.region ?? input.region}:${input.account}:function:${qualified}`;
}

/** How the policy answers every SourceArn one stage (or one authorizer) presents. */
export interface StageEvaluation {
  readonly sourceArns: readonly string[];
  readonly evaluations: readonly PolicyEvaluation[];
  /** The first SourceArn that is not allowed, or null when all are. */
  readonly firstDenied: { readonly sourceArn: string; readonly evaluation: PolicyEvaluation } | null;
  readonly allowedBy: readonly string[];
}

/** Evaluates the policy for the SourceArns of one stage, or of the authorizer when `input.authorizerId` is set. Exported for authorizer-permission. */
export function evaluateStage(input: InvokePermissionInput, info: FunctionPolicyInfo | null, stage: string, functionArn: string): StageEvaluation {
  const verb = input.method.httpMethod.toUpperCase();
  const verbs = verb === 'ANY' ? ANY_VERBS : [verb];
  const path = input.requestPath ?? samplePath(input.method.resourcePath);
  const sourceArns =
    input.authorizerId === undefined && isDefaultRoute(input.method)
      ? [`arn:aws:execute-api:${input.region}:${input.account}:${input.restApiId}/${stage}/${DEFAULT_ROUTE}`]
      : input.authorizerId === undefined
      ? verbs.map((v) =>
          executeApiArn({ region: input.region, account: input.account, apiId: input.restApiId, stage, method: v, resourcePath: path }),
        )
      : [authorizerSourceArn(input.region, input.account, input.restApiId, input.authorizerId)];
  const evaluations = sourceArns.map((sourceArn) =>
    evaluatePolicy(info?.policy ?? { Statement: [] }, {
      principalService: APIGATEWAY_PRINCIPAL,
      action: 'lambda:InvokeFunction',
      resource: functionArn,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': input.account },
    }),
  );
  const deniedIndex = evaluations.findIndex((e) => e.decision !== 'allow');
  const deniedEvaluation = evaluations[deniedIndex];
  return {
    sourceArns,
    evaluations,
    firstDenied: deniedEvaluation === undefined ? null : { sourceArn: sourceArns[deniedIndex] ?? '', evaluation: deniedEvaluation },
    allowedBy: [...new Set(evaluations.flatMap((e) => (e.decision === 'allow' ? e.matched : [])))],
  };
}

/** The SourceArn patterns a statement's conditions name (any operator on `aws:SourceArn`, any key case). */
function sourceArnPatterns(statement: PolicyStatement | undefined): readonly string[] {
  const patterns: string[] = [];
  for (const block of Object.values(statement?.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      if (key.toLowerCase() === 'aws:sourcearn') patterns.push(...(typeof values === 'string' ? [values] : values));
    }
  }
  return patterns;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** Explains, in one or two sentences, why the policy does not allow the SourceArn (what it has instead). Exported for authorizer-permission. */
export function explainDenial(input: InvokePermissionInput, info: FunctionPolicyInfo | null, evaluation: PolicyEvaluation, functionArn: string): string {
  if (info === null) return 'the function has no resource policy at all (IaC that creates the integration must also add the permission)';
  if (evaluation.decision === 'explicit-deny') return `statement ${list(evaluation.matched)} explicitly denies it`;
  const statements = info.policy.Statement;
  const relevant = evaluation.statements.filter(
    (s) => s.effect === 'Allow' && s.mismatch !== 'principal' && s.mismatch !== 'action',
  );
  if (relevant.length === 0) {
    return `none of its ${evaluation.statements.length} statement(s) allows ${APIGATEWAY_PRINCIPAL} to call lambda:InvokeFunction`;
  }
  const sentences: string[] = [];
  const resourceMisses = relevant.filter((s) => s.mismatch === 'resource');
  if (resourceMisses.length > 0) {
    const on = resourceMisses.map((s) => `${s.label} (${describeResource(statements[s.index])})`);
    sentences.push(
      `statement ${list(on)} is for another resource than ${functionArn}` +
        (input.target.qualifier === null ? '' : '; Lambda checks an alias or version invocation against that qualifier\'s own policy'),
    );
  }
  const conditionMisses = relevant.filter((s) => s.mismatch === 'condition');
  if (conditionMisses.length > 0) sentences.push(explainConditionMisses(input, statements, conditionMisses));
  return sentences.join('; ');
}

function describeResource(statement: PolicyStatement | undefined): string {
  const resource = statement?.Resource;
  if (resource === undefined) return 'no Resource';
  return typeof resource === 'string' ? resource : resource.join(', ');
}

function explainConditionMisses(input: InvokePermissionInput, statements: readonly PolicyStatement[], misses: readonly StatementEvaluation[]): string {
  const patterns = misses.flatMap((s) => sourceArnPatterns(statements[s.index]));
  if (patterns.length === 0) return `the condition of statement ${list(misses.map((s) => s.reason))} does not hold`;
  const parsed = patterns.map(parseExecuteApiArn);
  const apiIds = [...new Set(parsed.flatMap((p) => (p === null ? [] : [p.apiId])))];
  const otherApis = apiIds.filter((id) => id !== input.restApiId && !id.includes('*') && !id.includes('?'));
  const only = misses.length === 1 ? 'the only statement for API Gateway' : `the ${misses.length} statements for API Gateway`;
  if (otherApis.length > 0 && otherApis.length === apiIds.length) {
    return `${only} allow${misses.length === 1 ? 's' : ''} API ${list(otherApis)}, not ${input.restApiId} (the API was re-created?)`;
  }
  const accounts = [...new Set(parsed.flatMap((p) => (p === null ? [] : [p.account])))].filter(
    (a) => a !== input.account && !a.includes('*') && !a.includes('?'),
  );
  if (accounts.length > 0 && accounts.length === parsed.filter((p) => p !== null).length) {
    return `${only} allow${misses.length === 1 ? 's' : ''} account ${list(accounts)} in its SourceArn, not ${input.account}`;
  }
  const hints: string[] = [];
  if (patterns.some((p) => p.includes('{'))) {
    hints.push('a path parameter must be * in a SourceArn, because API Gateway sends the concrete request path');
  }
  const stages = [...new Set(parsed.flatMap((p) => (p === null ? [] : [p.rest.split('/')[0] ?? ''])))].filter(
    (stage) => stage !== '' && stage !== input.stageName && !stage.includes('*') && !stage.includes('?'),
  );
  if (stages.length > 0 && input.authorizerId === undefined) hints.push(`it is scoped to stage ${list(stages)}, not ${input.stageName}`);
  return `the SourceArn of ${only} is ${list(patterns)}` + (hints.length > 0 ? ` (${hints.join('; ')})` : '');
}

/**
 * Checks that the function's resource policy allows `apigateway.amazonaws.com` to invoke it for this method on
 * the deployed stage (fail otherwise), and for the console's `test-invoke-stage` (warn otherwise: only the
 * console Test fails). A function in another account gets the same evaluation and a fix that must run there.
 */
export function checkInvokePermission(input: InvokePermissionInput): CheckResult {
  const { target } = input;
  const resource = target.functionArn;
  if (target.unresolved.length > 0 || target.functionName === '') {
    const names = target.unresolved.map((n) => `stageVariables.${n}`);
    return {
      id: 'invoke-permission',
      status: 'skip',
      resource,
      message: `Skipped: ${names.length > 0 ? list(names) : 'the function name'} has no value on stage ${input.stageName}, so the integration names no function (see the stage-variables check)`,
    };
  }
  const crossAccount = target.account !== null && target.account !== input.account;
  const crossAccountNote = crossAccount
    ? ` The function is in account ${target.account ?? ''}, not the API's account ${input.account}: run the command there.`
    : '';
  const fix = invokePermissionFix({
    region: input.region,
    account: input.account,
    restApiId: input.restApiId,
    httpMethod: input.method.httpMethod,
    resourcePath: input.method.resourcePath,
    target,
    ...(input.authorizerId === undefined ? {} : { authorizerId: input.authorizerId }),
    ...(!isReadFailure(input.policy) && input.policy?.RevisionId !== undefined ? { revisionId: input.policy.RevisionId } : {}),
  });

  if (isReadFailure(input.policy)) {
    if (crossAccount && input.policy.kind !== 'throttled') {
      return {
        id: 'invoke-permission',
        status: 'warn',
        resource,
        message: `Could not read the resource policy of a function in account ${target.account ?? ''} (${input.policy.operation}: ${input.policy.message}); if API Gateway is not allowed to invoke it, grant it with the command below.${crossAccountNote}`,
        fix,
      };
    }
    return skipForReadFailure('invoke-permission', resource, input.policy);
  }

  const info = input.policy;
  const functionArn = qualifiedArn(target, input);
  const deployed = evaluateStage(input, info, input.stageName, functionArn);
  // HTTP APIs have no console Test (no test-invoke-stage), so only the deployed stage is evaluated for them.
  const consoleTest = input.apiType === 'HTTP' ? deployed : evaluateStage(input, info, TEST_INVOKE_STAGE, functionArn);
  const policyName = target.qualifier === null ? 'resource policy' : `resource policy of ${target.qualifier}`;

  if (deployed.firstDenied !== null) {
    const why = explainDenial(input, info, deployed.firstDenied.evaluation, functionArn);
    return {
      id: 'invoke-permission',
      status: 'fail',
      resource,
      message: `API Gateway may not invoke ${functionArn}: the ${policyName} does not allow ${APIGATEWAY_PRINCIPAL} with SourceArn ${deployed.firstDenied.sourceArn} (${subjectOf(input)}${input.requestPath === undefined && input.authorizerId === undefined && input.method.resourcePath.includes('{') ? ', checked with an example path' : ''}); ${why}.${crossAccountNote}`,
      fix,
      supports: ['missing_invoke_permission'],
    };
  }
  if (consoleTest.firstDenied !== null) {
    return {
      id: 'invoke-permission',
      status: 'warn',
      resource,
      message: `Stage ${input.stageName} may invoke ${functionArn} (statement ${list(deployed.allowedBy)}), but the console's Test (SourceArn ${consoleTest.firstDenied.sourceArn}) is not allowed: it reports "Invalid permissions on Lambda function" while real traffic works. Grant any stage with the command below if you use the console test.${crossAccountNote}`,
      fix,
    };
  }
  return {
    id: 'invoke-permission',
    status: 'pass',
    resource,
    message: `API Gateway may invoke ${functionArn} for ${subjectOf(input)} on stage ${input.stageName}${input.apiType === 'HTTP' ? '' : ' and in the console test'} (statement ${list(deployed.allowedBy)}).`,
  };
}
