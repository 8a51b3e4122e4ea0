import { describe, expect, it } from 'vitest';
import {
  RECOMMENDED_ACCESS_LOG_FORMAT,
  checkAccessLogging,
  missingAccessLogVariables,
} from '../../../../shared/domain/checks/access-logging.ts';
import type { StageInfo } from '../../../../shared/ports/account-reader.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const stageArn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod';
const destination = 'arn:aws:logs:us-east-1:123456789012:log-group:my-access-logs';

describe('RECOMMENDED_ACCESS_LOG_FORMAT', () => {
  it('is JSON carrying the integration error and the response type', () => {
    // Prepare / Act
    const parsed = JSON.parse(RECOMMENDED_ACCESS_LOG_FORMAT) as Record<string, string>;
    // Assess
    expect(parsed['integrationErrorMessage']).toBe('$context.integrationErrorMessage');
    expect(parsed['errorResponseType']).toBe('$context.error.responseType');
    expect(parsed['requestId']).toBe('$context.requestId');
    expect(parsed['integrationServiceStatus']).toBe('$context.integration.integrationStatus');
    expect(missingAccessLogVariables(RECOMMENDED_ACCESS_LOG_FORMAT)).toEqual([]);
  });
});

describe('missingAccessLogVariables', () => {
  it('accepts either spelling of the integration error and rejects look-alikes', () => {
    // Prepare / Act
    const results = [
      missingAccessLogVariables('$context.integration.error $context.error.responseType'),
      missingAccessLogVariables('$context.integrationErrorMessageX $context.error.responseTypes'),
      missingAccessLogVariables('$context.requestId'),
    ];
    // Assess
    expect(results).toEqual([
      [],
      ['$context.integrationErrorMessage', '$context.error.responseType'],
      ['$context.integrationErrorMessage', '$context.error.responseType'],
    ]);
  });
});

describe('checkAccessLogging', () => {
  it('warns without a destination and creates a log group plus the format in one update-stage', () => {
    // Prepare
    const stage: StageInfo = {};
    // Act
    const result = checkAccessLogging(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.resource).toBe(stageArn);
    expect(result.supports).toEqual([]);
    expect(result.message).toBe(
      'Access logging is off for stage prod of API a1b2c3 (no accessLogSettings.destinationArn): no per-request line records the status, ' +
        '$context.integrationErrorMessage or $context.error.responseType of a failing request.',
    );
    const [createGroup, update] = result.fix?.cli.split('\n') ?? [];
    expect(createGroup).toBe("aws logs create-log-group --log-group-name API-Gateway-Access-Logs_a1b2c3/prod --region us-east-1");
    const operations = JSON.stringify([
      {
        op: 'replace',
        path: '/accessLogSettings/destinationArn',
        value: 'arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Access-Logs_a1b2c3/prod',
      },
      { op: 'replace', path: '/accessLogSettings/format', value: RECOMMENDED_ACCESS_LOG_FORMAT },
    ]);
    expect(update).toBe(`aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations '${operations}' --region us-east-1`);
    expect(result.fix?.iac).toContain("new logs.LogGroup(this, 'AccessLogs', { logGroupName: 'API-Gateway-Access-Logs_a1b2c3/prod' });");
    expect(result.fix?.iac).toContain(`      Format: '${RECOMMENDED_ACCESS_LOG_FORMAT}'`);
    expect(result.fix?.iac).toContain('      integrationErrorMessage = "$context.integrationErrorMessage"');
  });

  it('warns when the format lacks both variables, fixing only the format', () => {
    // Prepare
    const stage: StageInfo = { accessLogSettings: { destinationArn: destination, format: '$context.requestId $context.status' } };
    // Act
    const result = checkAccessLogging(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message).toBe(
      'The access-log format of stage prod of API a1b2c3 lacks $context.integrationErrorMessage and $context.error.responseType: ' +
        'a 5xx row cannot say why the request failed.',
    );
    const operations = JSON.stringify([{ op: 'replace', path: '/accessLogSettings/format', value: RECOMMENDED_ACCESS_LOG_FORMAT }]);
    expect(result.fix?.cli).toBe(
      `aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations '${operations}' --region us-east-1`,
    );
    expect(result.fix?.iac).toContain("logGroupName: 'my-access-logs'");
  });

  it('warns when only the response type is missing', () => {
    // Prepare
    const stage: StageInfo = { accessLogSettings: { destinationArn: destination, format: '{"e":"$context.integrationErrorMessage"}' } };
    // Act
    const result = checkAccessLogging(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message).toContain('lacks $context.error.responseType:');
  });

  it('passes a destination with a complete format', () => {
    // Prepare
    const stage: StageInfo = {
      accessLogSettings: { destinationArn: destination, format: '$context.requestId $context.integration.error $context.error.responseType' },
    };
    // Act
    const result = checkAccessLogging(stage, ref);
    // Assess
    expect(result).toEqual({
      id: 'access-logging',
      status: 'pass',
      resource: stageArn,
      message: `Access logging for stage prod of API a1b2c3 goes to ${destination} and records the integration error and the response type.`,
    });
  });

  it('skips when the stage could not be read', () => {
    // Prepare
    const failure = { kind: 'not_found' as const, operation: 'apigateway:GetStage', message: 'Invalid stage identifier specified' };
    // Act
    const result = checkAccessLogging(failure, ref);
    // Assess
    expect(result).toEqual({
      id: 'access-logging',
      status: 'skip',
      resource: stageArn,
      message: 'Skipped: apigateway:GetStage failed (not_found): Invalid stage identifier specified',
    });
  });
});
