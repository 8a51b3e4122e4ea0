/**
 * Check `credentials-role`: an integration or authorizer with `credentials` makes API Gateway assume that
 * role and invoke the function with it, instead of relying on the function's resource policy. Two things
 * must hold: the role trusts `apigateway.amazonaws.com` (else "API Gateway does not have permission to assume
 * the provided role"), and the role may call lambda:InvokeFunction on the function (else "Invalid permissions
 * on Lambda function"). The special value `arn:aws:iam::*:user/*` means "the caller's own credentials".
 */
import type { CheckResult, Fix } from '../model.ts';
import type { PolicyDocument, PolicyStatement, ReadFailure, RoleInfo, SimulationResult } from '../../ports/account-reader.ts';
import { evaluatePolicy } from '../iam/policy-evaluator.ts';
import { iacText, isReadFailure, skipForReadFailure } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';
import type { LambdaTarget } from './lambda-target.ts';

/** What `checkCredentialsRole` needs. */
export interface CredentialsRoleInput {
  /** The integration's or authorizer's `credentials`: a role ARN, or `arn:aws:iam::*:user/*` for caller credentials. */
  readonly credentials: string;
  /** Who uses the role, for messages: `GET /items integration`, `authorizer abc123`. */
  readonly usedBy: string;
  readonly account: string;
  readonly region: string;
  /** The function the role must be able to invoke; null for non-Lambda integrations (only the trust is checked). */
  readonly target: LambdaTarget | null;
  /** GetRole: the role, null when it does not exist, or the read failure. */
  readonly role: RoleInfo | null | ReadFailure;
  /** SimulatePrincipalPolicy for lambda:InvokeFunction on the function ARN; null when not run. */
  readonly simulation: readonly SimulationResult[] | ReadFailure | null;
  /** The execute-api ARN of the method, for trust policies that condition on `aws:SourceArn`. */
  readonly sourceArn?: string;
}

const APIGATEWAY_PRINCIPAL = 'apigateway.amazonaws.com';

/** `arn:aws:iam::*:user/*` (any partition): API Gateway then signs the Lambda call with the caller's credentials. */
const CALLER_CREDENTIALS = /^arn:aws[a-z-]*:iam::\*:user\/\*$/;

/** The trust statement the fix adds: exactly the principal and action API Gateway uses, nothing wider. */
const TRUST_STATEMENT: PolicyStatement = {
  Effect: 'Allow',
  Principal: { Service: APIGATEWAY_PRINCIPAL },
  Action: 'sts:AssumeRole',
};

/** The role name is the last path segment of a role ARN (`arn:aws:iam::1:role/path/name` → `name`). */
export function roleNameFromArn(roleArn: string): string {
  const slash = roleArn.lastIndexOf('/');
  return slash < 0 ? roleArn : roleArn.slice(slash + 1);
}

/** The identity policy that lets a role (or a caller) invoke exactly this function (qualified, as the gateway calls it). */
export function invokePolicyDocument(functionArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functionArn }],
  };
}

/**
 * The trust policy after the fix: the existing statements kept as they are, plus the API Gateway statement.
 * update-assume-role-policy replaces the whole document, so dropping the old statements would lock out
 * whoever else assumes the role.
 */
export function trustPolicyWithApiGateway(existing: PolicyDocument | undefined): PolicyDocument {
  return { Version: existing?.Version ?? '2012-10-17', Statement: [...(existing?.Statement ?? []), TRUST_STATEMENT] };
}

function trustFix(roleName: string, existing: PolicyDocument | undefined): Fix {
  const document = trustPolicyWithApiGateway(existing);
  // IAM takes policy documents as JSON strings.
  const request = sdkRequest('iam', 'UpdateAssumeRolePolicy', 'us-east-1', { RoleName: roleName, PolicyDocument: JSON.stringify(document) });
  return {
    requests: [request],
    cli: requestCommand(request),
    iac: [
      '# Trust policy (complete document)',
      JSON.stringify(document, null, 2),
      '',
      iacText({
        cdk: [
          `// role: the iam.Role ${roleName}`,
          `role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({`,
          `  actions: ['sts:AssumeRole'],`,
          `  principals: [new iam.ServicePrincipal('${APIGATEWAY_PRINCIPAL}')],`,
          '}));',
        ].join('\n'),
        cloudFormation: [
          '# in the AWS::IAM::Role of ' + roleName,
          'AssumeRolePolicyDocument:',
          "  Version: '2012-10-17'",
          '  Statement:',
          '    - Effect: Allow',
          '      Principal:',
          `        Service: ${APIGATEWAY_PRINCIPAL}`,
          '      Action: sts:AssumeRole',
        ].join('\n'),
        terraform: [
          `# in the aws_iam_role of ${roleName}`,
          'assume_role_policy = jsonencode({',
          '  Version = "2012-10-17"',
          '  Statement = [{',
          '    Effect    = "Allow"',
          `    Principal = { Service = "${APIGATEWAY_PRINCIPAL}" }`,
          '    Action    = "sts:AssumeRole"',
          '  }]',
          '})',
        ].join('\n'),
      }),
    ].join('\n'),
  };
}

function invokeFix(roleName: string, functionArn: string): Fix {
  const document = invokePolicyDocument(functionArn);
  const request = sdkRequest('iam', 'PutRolePolicy', 'us-east-1', { RoleName: roleName, PolicyName: 'apigw-doctor-invoke', PolicyDocument: JSON.stringify(document) });
  return {
    requests: [request],
    cli: requestCommand(request),
    iac: [
      '# Role policy',
      JSON.stringify(document, null, 2),
      '',
      iacText({
        cdk: `// fn: the lambda.IFunction (or Alias) ${functionArn}; role: the iam.Role ${roleName}\nfn.grantInvoke(role);`,
        cloudFormation: [
          `# in the AWS::IAM::Role of ${roleName}`,
          'Policies:',
          '  - PolicyName: apigw-doctor-invoke',
          '    PolicyDocument:',
          "      Version: '2012-10-17'",
          '      Statement:',
          '        - Effect: Allow',
          '          Action: lambda:InvokeFunction',
          `          Resource: '${functionArn}'`,
        ].join('\n'),
        terraform: [
          'resource "aws_iam_role_policy" "apigw_doctor_invoke" {',
          `  role   = "${roleName}"`,
          '  policy = jsonencode({',
          '    Version   = "2012-10-17"',
          `    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "${functionArn}" }]`,
          '  })',
          '}',
        ].join('\n'),
      }),
    ].join('\n'),
  };
}

function joinFixes(fixes: readonly Fix[]): Fix | undefined {
  if (fixes.length === 0) return undefined;
  return { requests: fixes.flatMap((f) => f.requests), cli: fixes.map((f) => f.cli).join('\n'), iac: fixes.map((f) => f.iac).join('\n\n') };
}

interface Part {
  readonly ok: boolean | null;
  readonly message: string;
  readonly fix?: Fix;
}

function trustPart(input: CredentialsRoleInput, role: RoleInfo, roleName: string): Part {
  const evaluation = evaluatePolicy(role.AssumeRolePolicyDocument ?? { Statement: [] }, {
    principalService: APIGATEWAY_PRINCIPAL,
    action: 'sts:AssumeRole',
    resource: role.Arn ?? input.credentials,
    context: { 'aws:SourceAccount': input.account, 'aws:SourceArn': input.sourceArn },
  });
  if (evaluation.decision === 'allow') {
    return { ok: true, message: `its trust policy lets ${APIGATEWAY_PRINCIPAL} assume it (statement ${evaluation.matched.join(', ')})` };
  }
  const forGateway = evaluation.statements.filter((s) => s.mismatch !== 'principal' && s.mismatch !== 'action');
  const why =
    evaluation.decision === 'explicit-deny'
      ? `statement ${evaluation.matched.join(', ')} denies it`
      : forGateway.length === 0
        ? `no statement trusts ${APIGATEWAY_PRINCIPAL} for sts:AssumeRole`
        : forGateway.map((s) => s.reason).join('; ');
  return {
    ok: false,
    message: `its trust policy does not let ${APIGATEWAY_PRINCIPAL} assume it (${why}), so API Gateway logs "API Gateway does not have permission to assume the provided role"`,
    fix: trustFix(roleName, role.AssumeRolePolicyDocument),
  };
}

function invokePart(input: CredentialsRoleInput, roleName: string): Part | null {
  const { target, simulation } = input;
  if (target === null || simulation === null) return null;
  if (isReadFailure(simulation)) {
    return { ok: null, message: `whether it may invoke the function is unknown (${simulation.operation} failed (${simulation.kind}): ${simulation.message})` };
  }
  const results = simulation.filter((r) => (r.EvalActionName ?? '').toLowerCase() === 'lambda:invokefunction');
  if (results.length === 0) {
    return { ok: null, message: 'whether it may invoke the function is unknown (the simulation returned no result for lambda:InvokeFunction)' };
  }
  const denied = results.find((r) => r.EvalDecision !== 'allowed');
  if (denied === undefined) return { ok: true, message: `it may call lambda:InvokeFunction on ${target.functionArn}` };
  return {
    ok: false,
    message: `it may not call lambda:InvokeFunction on ${target.functionArn} (simulation: ${denied.EvalDecision ?? 'no decision'}), so API Gateway logs "Invalid permissions on Lambda function"`,
    fix: invokeFix(roleName, target.functionArn),
  };
}

/**
 * Checks the `credentials` role of an integration or authorizer: trusted by API Gateway and allowed to invoke
 * the function. Caller credentials (`arn:aws:iam::*:user/*`) are a `warn`: every caller's own identity needs
 * lambda:InvokeFunction, which no account read can verify.
 */
export function checkCredentialsRole(input: CredentialsRoleInput): CheckResult {
  const resource = input.credentials;
  if (CALLER_CREDENTIALS.test(input.credentials)) {
    const functionArn = input.target?.functionArn ?? '<function-arn>';
    const document = JSON.stringify(invokePolicyDocument(functionArn));
    return {
      id: 'credentials-role',
      status: 'warn',
      resource,
      message: `The ${input.usedBy} invokes Lambda with each caller's own credentials (${input.credentials}): the caller's IAM identity needs lambda:InvokeFunction on ${functionArn}, or it gets "Invalid permissions on Lambda function" (500). apigw-doctor cannot check the callers' roles.`,
      fix: {
        // Which caller roles need it is the owner's knowledge: a command to fill in, nothing to send.
        requests: [],
        cli: cliCommand(['aws', 'iam', 'put-role-policy', '--role-name', '<caller-role>', '--policy-name', 'apigw-doctor-invoke', '--policy-document', document]),
        iac: `# Identity policy for every caller role\n${JSON.stringify(invokePolicyDocument(functionArn), null, 2)}`,
      },
    };
  }
  if (isReadFailure(input.role)) return skipForReadFailure('credentials-role', resource, input.role);
  const roleName = roleNameFromArn(input.credentials);
  if (input.role === null) {
    const fixes = [trustFix(roleName, undefined), ...(input.target === null ? [] : [invokeFix(roleName, input.target.functionArn)])];
    const createRole = sdkRequest('iam', 'CreateRole', 'us-east-1', { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicyWithApiGateway(undefined)) });
    return {
      id: 'credentials-role',
      status: 'fail',
      resource,
      message: `The ${input.usedBy} uses role ${input.credentials}, which does not exist: create it trusted by ${APIGATEWAY_PRINCIPAL}${input.target === null ? '' : ' and allowed to invoke the function'}, or remove the credentials and add a resource-policy permission.`,
      fix: {
        requests: [createRole, ...fixes.slice(1).flatMap((f) => f.requests)],
        cli: [requestCommand(createRole), ...fixes.slice(1).map((f) => f.cli)].join('\n'),
        iac: fixes.map((f) => f.iac).join('\n\n'),
      },
      supports: ['credentials_role_error'],
    };
  }

  const trust = trustPart(input, input.role, roleName);
  const invoke = invokePart(input, roleName);
  const parts = invoke === null ? [trust] : [trust, invoke];
  const summary = `The ${input.usedBy} uses role ${input.credentials}: ${parts.map((p) => p.message).join('; ')}.`;
  const fix = joinFixes(parts.flatMap((p) => (p.fix === undefined ? [] : [p.fix])));
  if (parts.some((p) => p.ok === false)) {
    return {
      id: 'credentials-role',
      status: 'fail',
      resource,
      message: summary,
      ...(fix === undefined ? {} : { fix }),
      // A role without lambda:InvokeFunction produces the very log line of a missing resource permission.
      supports: invoke?.ok === false ? ['credentials_role_error', 'missing_invoke_permission'] : ['credentials_role_error'],
    };
  }
  if (parts.some((p) => p.ok === null)) {
    return { id: 'credentials-role', status: 'skip', resource, message: `Partly checked. ${summary}` };
  }
  return { id: 'credentials-role', status: 'pass', resource, message: summary };
}
