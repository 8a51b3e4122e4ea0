/**
 * Check `account-cloudwatch-role`: API Gateway writes execution logs through one account-level role per
 * Region. Without it, turning logging on fails, so this is the first thing any logging fix needs.
 */
import type { CheckResult } from '../model.ts';
import type { AccountSettingsInfo } from '../../ports/account-reader.ts';
import type { CheckInput } from './check-support.ts';
import { iacText, isReadFailure, skipForReadFailure, skipNotApplicable } from './check-support.ts';
import { patchOperations, requestCommand, sdkRequest } from './sdk-request.ts';

/** Where the account settings live: they are per account and per Region. */
export interface AccountRef {
  readonly account: string;
  readonly region: string;
}

/** Options of {@link checkAccountCloudWatchRole}. */
export interface AccountCloudWatchRoleOptions {
  /** Whether any stage wants execution logging (default true: the doctor always wants it). */
  readonly loggingWanted?: boolean;
  /** Name of the role the fix creates (default `apigateway-cloudwatch-logs`). */
  readonly roleName?: string;
}

/** The AWS managed policy that lets API Gateway create log groups and put log events. */
export const PUSH_TO_CLOUDWATCH_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs';

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The ARN of the account settings resource of a Region. */
export function accountSettingsArn(region: string): string {
  return `arn:aws:apigateway:${region}::/account`;
}

/**
 * Fails when GetAccount has no `cloudwatchRoleArn` and execution logging is wanted: UpdateStage then
 * answers "CloudWatch Logs role ARN must be set in account settings to enable logging". Passes with the role
 * ARN otherwise; skips when the settings could not be read or logging is not wanted.
 */
export function checkAccountCloudWatchRole(
  settings: CheckInput<AccountSettingsInfo>,
  ref: AccountRef,
  options: AccountCloudWatchRoleOptions = {},
): CheckResult {
  const resource = accountSettingsArn(ref.region);
  if (isReadFailure(settings)) return skipForReadFailure('account-cloudwatch-role', resource, settings);
  const roleArn = settings.cloudwatchRoleArn;
  if (roleArn !== undefined && roleArn !== '') {
    return {
      id: 'account-cloudwatch-role',
      status: 'pass',
      resource,
      message: `API Gateway in ${ref.region} (account ${ref.account}) writes logs with the CloudWatch Logs role ${roleArn}.`,
    };
  }
  if (options.loggingWanted === false) {
    return skipNotApplicable(
      'account-cloudwatch-role',
      resource,
      `API Gateway in ${ref.region} (account ${ref.account}) has no CloudWatch Logs role, but no stage asks for execution logging.`,
    );
  }
  const roleName = options.roleName ?? 'apigateway-cloudwatch-logs';
  const newRoleArn = `arn:aws:iam::${ref.account}:role/${roleName}`;
  const requests = [
    sdkRequest('iam', 'CreateRole', ref.region, { RoleName: roleName, AssumeRolePolicyDocument: TRUST_POLICY }),
    sdkRequest('iam', 'AttachRolePolicy', ref.region, { RoleName: roleName, PolicyArn: PUSH_TO_CLOUDWATCH_POLICY_ARN }),
    sdkRequest('api-gateway', 'UpdateAccount', ref.region, { patchOperations: patchOperations([{ op: 'replace', path: '/cloudwatchRoleArn', value: newRoleArn }]) }),
  ];
  return {
    id: 'account-cloudwatch-role',
    status: 'fail',
    resource,
    message:
      `API Gateway in ${ref.region} (account ${ref.account}) has no CloudWatch Logs role (GetAccount cloudwatchRoleArn is empty): ` +
      `turning on execution logging fails with "CloudWatch Logs role ARN must be set in account settings to enable logging". ` +
      `The setting is per Region: set it once in ${ref.region}.`,
    supports: [],
    fix: {
      requests,
      cli: requests.map(requestCommand).join('\n'),
      iac: iacText({
        cdk: [
          `const role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {`,
          `  assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),`,
          `  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],`,
          `});`,
          `new apigateway.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });`,
          `// one per account and Region: keep it in a single stack`,
        ].join('\n'),
        cloudFormation: [
          `ApiGatewayCloudWatchRole:`,
          `  Type: AWS::IAM::Role`,
          `  Properties:`,
          `    AssumeRolePolicyDocument:`,
          `      Version: '2012-10-17'`,
          `      Statement:`,
          `        - Effect: Allow`,
          `          Principal: { Service: apigateway.amazonaws.com }`,
          `          Action: sts:AssumeRole`,
          `    ManagedPolicyArns:`,
          `      - ${PUSH_TO_CLOUDWATCH_POLICY_ARN}`,
          `ApiGatewayAccount:`,
          `  Type: AWS::ApiGateway::Account`,
          `  Properties:`,
          `    CloudWatchRoleArn: !GetAtt ApiGatewayCloudWatchRole.Arn`,
        ].join('\n'),
        terraform: [
          `resource "aws_iam_role" "apigateway_cloudwatch" {`,
          `  name = "${roleName}"`,
          `  assume_role_policy = jsonencode({`,
          `    Version = "2012-10-17"`,
          `    Statement = [{ Effect = "Allow", Principal = { Service = "apigateway.amazonaws.com" }, Action = "sts:AssumeRole" }]`,
          `  })`,
          `}`,
          `resource "aws_iam_role_policy_attachment" "apigateway_cloudwatch" {`,
          `  role       = aws_iam_role.apigateway_cloudwatch.name`,
          `  policy_arn = "${PUSH_TO_CLOUDWATCH_POLICY_ARN}"`,
          `}`,
          `resource "aws_api_gateway_account" "this" {`,
          `  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn`,
          `}`,
        ].join('\n'),
      }),
    },
  };
}
