import { describe, expect, it } from 'vitest';
import { checkAccountCloudWatchRole } from '../../../../shared/domain/checks/account-cloudwatch-role.ts';

const ref = { account: '123456789012', region: 'eu-west-1' };

describe('checkAccountCloudWatchRole', () => {
  it('passes with the role ARN when one is set', () => {
    // Prepare
    const settings = { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' };
    // Act
    const result = checkAccountCloudWatchRole(settings, ref);
    // Assess
    expect(result).toEqual({
      id: 'account-cloudwatch-role',
      status: 'pass',
      resource: 'arn:aws:apigateway:eu-west-1::/account',
      message: 'API Gateway in eu-west-1 (account 123456789012) writes logs with the CloudWatch Logs role arn:aws:iam::123456789012:role/apigw-logs.',
    });
  });

  it('fails without a role, quoting the UpdateStage error, with the three commands in order', () => {
    // Prepare
    const settings = {};
    // Act
    const result = checkAccountCloudWatchRole(settings, ref);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual([]);
    expect(result.message).toBe(
      'API Gateway in eu-west-1 (account 123456789012) has no CloudWatch Logs role (GetAccount cloudwatchRoleArn is empty): ' +
        'turning on execution logging fails with "CloudWatch Logs role ARN must be set in account settings to enable logging". ' +
        'The setting is per Region: set it once in eu-west-1.',
    );
    expect(result.fix?.cli.split('\n')).toEqual([
      'aws iam create-role --role-name apigateway-cloudwatch-logs --assume-role-policy-document ' +
        `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
      'aws iam attach-role-policy --role-name apigateway-cloudwatch-logs --policy-arn arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
      'aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::123456789012:role/apigateway-cloudwatch-logs --region eu-west-1',
    ]);
    expect(result.fix?.iac).toContain("new apigateway.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });");
    expect(result.fix?.iac).toContain('  Type: AWS::ApiGateway::Account\n  Properties:\n    CloudWatchRoleArn: !GetAtt ApiGatewayCloudWatchRole.Arn');
    expect(result.fix?.iac).toContain('resource "aws_api_gateway_account" "this" {\n  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn\n}');
  });

  it('treats an empty ARN as absent and uses the requested role name', () => {
    // Prepare
    const settings = { cloudwatchRoleArn: '' };
    // Act
    const result = checkAccountCloudWatchRole(settings, ref, { roleName: 'my-logs' });
    // Assess
    expect(result.status).toBe('fail');
    expect(result.fix?.cli).toContain('value=arn:aws:iam::123456789012:role/my-logs --region eu-west-1');
  });

  it('skips a missing role when no stage wants execution logging', () => {
    // Prepare / Act
    const result = checkAccountCloudWatchRole({}, ref, { loggingWanted: false });
    // Assess
    expect(result).toEqual({
      id: 'account-cloudwatch-role',
      status: 'skip',
      resource: 'arn:aws:apigateway:eu-west-1::/account',
      message:
        'Not applicable: API Gateway in eu-west-1 (account 123456789012) has no CloudWatch Logs role, but no stage asks for execution logging.',
    });
  });

  it('skips when GetAccount failed', () => {
    // Prepare
    const failure = { kind: 'throttled' as const, operation: 'apigateway:GetAccount', message: 'Rate exceeded' };
    // Act
    const result = checkAccountCloudWatchRole(failure, ref);
    // Assess
    expect(result).toEqual({
      id: 'account-cloudwatch-role',
      status: 'skip',
      resource: 'arn:aws:apigateway:eu-west-1::/account',
      message: 'Skipped: apigateway:GetAccount failed (throttled): Rate exceeded',
    });
  });
});
