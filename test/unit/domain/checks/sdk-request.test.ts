import { describe, expect, it } from 'vitest';
import { patchOperations, requestCommand, requestsFix, sdkRequest } from '../../../../shared/domain/checks/sdk-request.ts';
import { invokePermissionFix } from '../../../../shared/domain/checks/invoke-permission.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';

describe('requestCommand', () => {
  it('renders an AddPermission request as the add-permission command, leaving out the RevisionId concurrency token', () => {
    // Prepare
    const request = sdkRequest('lambda', 'AddPermission', 'eu-west-1', {
      FunctionName: 'orders',
      StatementId: 'apigw-doctor-1',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*/GET/items',
      Qualifier: 'live',
      RevisionId: 'r-1',
    });
    // Act
    const command = requestCommand(request);
    // Assess
    expect(command).toBe(
      'aws lambda add-permission --function-name orders --statement-id apigw-doctor-1 --action lambda:InvokeFunction ' +
        "--principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*/GET/items' --qualifier live --region eu-west-1",
    );
  });

  it('writes patch operations in shorthand, or all as JSON when one value needs it', () => {
    const simple = sdkRequest('api-gateway', 'UpdateStage', 'us-east-1', {
      restApiId: 'a1', stageName: 'prod', patchOperations: patchOperations([{ op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' }, { op: 'remove', path: '/variables/x' }]),
    });
    const json = sdkRequest('api-gateway', 'UpdateStage', 'us-east-1', {
      restApiId: 'a1', stageName: 'prod', patchOperations: patchOperations([{ op: 'replace', path: '/accessLogSettings/format', value: '{"a":"$context.status"}' }, { op: 'remove', path: '/x' }]),
    });
    expect(requestCommand(simple)).toBe(
      "aws apigateway update-stage --rest-api-id a1 --stage-name prod --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR' op=remove,path=/variables/x --region us-east-1",
    );
    expect(requestCommand(json)).toBe(
      `aws apigateway update-stage --rest-api-id a1 --stage-name prod --patch-operations '[{"op":"replace","path":"/accessLogSettings/format","value":"{\\"a\\":\\"$context.status\\"}"},{"op":"remove","path":"/x"}]' --region us-east-1`,
    );
  });

  it('gives IAM (a global service) no --region, numbers as plain words and CloudWatch Logs its CLI name', () => {
    expect(requestCommand(sdkRequest('iam', 'AttachRolePolicy', 'us-east-1', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/p' }))).toBe(
      'aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/p',
    );
    expect(requestCommand(sdkRequest('lambda', 'UpdateFunctionConfiguration', 'us-east-1', { FunctionName: 'f', Timeout: 28 }))).toBe(
      'aws lambda update-function-configuration --function-name f --timeout 28 --region us-east-1',
    );
    expect(requestCommand(sdkRequest('cloudwatch-logs', 'CreateLogGroup', 'us-east-1', { logGroupName: 'g' }))).toBe('aws logs create-log-group --log-group-name g --region us-east-1');
  });

  it('makes a fix whose CLI text is exactly the commands of its requests', () => {
    const requests = [sdkRequest('api-gateway', 'CreateDeployment', 'us-east-1', { restApiId: 'a1', stageName: 'prod' })];
    expect(requestsFix(requests, 'iac')).toEqual({ requests, cli: 'aws apigateway create-deployment --rest-api-id a1 --stage-name prod --region us-east-1', iac: 'iac' });
  });
});

describe('invokePermissionFix request', () => {
  const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders:live/invocations';

  it('is the exact AddPermission input: the qualifier the integration invokes, a method-scoped SourceArn and the RevisionId read', () => {
    // Prepare
    const target = lambdaTargetFromUri(uri);
    if (target === null) throw new Error('uri did not parse');
    // Act
    const fix = invokePermissionFix({ region: 'us-east-1', account: '123456789012', restApiId: 'a1b2c3', httpMethod: 'GET', resourcePath: '/items/{id}', target, revisionId: 'rev-7' });
    // Assess
    expect(fix.requests).toHaveLength(1);
    expect(fix.requests[0]).toMatchObject({
      service: 'lambda',
      operation: 'AddPermission',
      region: 'us-east-1',
      input: {
        FunctionName: 'orders',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/GET/items/*',
        Qualifier: 'live',
        RevisionId: 'rev-7',
      },
    });
    expect(fix.cli.split('\n')[0]).toBe(requestCommand(fix.requests[0]!));
  });

  it('sends nothing for a function in another account (our credentials cannot change its policy)', () => {
    const target = lambdaTargetFromUri(uri.replace(':123456789012:function', ':999999999999:function'));
    if (target === null) throw new Error('uri did not parse');
    const fix = invokePermissionFix({ region: 'us-east-1', account: '123456789012', restApiId: 'a1b2c3', httpMethod: 'GET', resourcePath: '/items', target });
    expect(fix.requests).toEqual([]);
    expect(fix.cli).toContain('run with credentials of account 999999999999');
  });
});
