import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkExecutionLogging, effectiveMethodSetting } from '../../../../shared/domain/checks/execution-logging.ts';
import type { StageInfo, ReadFailure } from '../../../../shared/ports/account-reader.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const getItems = { resourcePath: '/items', httpMethod: 'GET' };

describe('effectiveMethodSetting', () => {
  it('takes the method override in AWS form ~1items/GET over */*', () => {
    // Prepare
    const stage: StageInfo = {
      methodSettings: {
        '*/*': { loggingLevel: 'INFO', metricsEnabled: true, dataTraceEnabled: false },
        '~1items/GET': { loggingLevel: 'OFF' },
      },
    };
    // Act
    const setting = effectiveMethodSetting(stage, '/items', 'GET');
    // Assess
    expect(setting).toEqual({
      loggingLevel: 'OFF',
      dataTraceEnabled: false,
      metricsEnabled: true,
      sources: { loggingLevel: '~1items/GET', dataTraceEnabled: '*/*', metricsEnabled: '*/*' },
      overrideKey: '~1items/GET',
    });
  });

  it('accepts the items/GET form some tools write, and lower-case verbs and levels', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'OFF' }, 'items/GET': { loggingLevel: 'error' } } };
    // Act
    const setting = effectiveMethodSetting(stage, 'items/', 'get');
    // Assess
    expect(setting.loggingLevel).toBe('ERROR');
    expect(setting.sources.loggingLevel).toBe('items/GET');
    expect(setting.overrideKey).toBe('items/GET');
  });

  it('prefers ~1items/GET over items/GET when both exist', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { 'items/GET': { loggingLevel: 'OFF' }, '~1items/GET': { loggingLevel: 'INFO' } } };
    // Act
    const setting = effectiveMethodSetting(stage, '/items', 'GET');
    // Assess
    expect(setting.loggingLevel).toBe('INFO');
    expect(setting.sources.loggingLevel).toBe('~1items/GET');
  });

  it('decodes nested paths and does not apply another method or resource', () => {
    // Prepare
    const stage: StageInfo = {
      methodSettings: {
        '*/*': { loggingLevel: 'ERROR' },
        '~1items~1{id}/GET': { loggingLevel: 'INFO' },
        '~1items/POST': { loggingLevel: 'OFF' },
        '~1orders/GET': { loggingLevel: 'OFF' },
      },
    };
    // Act
    const nested = effectiveMethodSetting(stage, '/items/{id}', 'GET');
    const items = effectiveMethodSetting(stage, '/items', 'GET');
    // Assess
    expect(nested.loggingLevel).toBe('INFO');
    expect(nested.sources.loggingLevel).toBe('~1items~1{id}/GET');
    expect(items.loggingLevel).toBe('ERROR');
    expect(items.sources.loggingLevel).toBe('*/*');
    expect(items.overrideKey).toBeNull();
  });

  it('falls back per field: an override without a level inherits */*', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'INFO' }, '~1items/GET': { metricsEnabled: true } } };
    // Act
    const setting = effectiveMethodSetting(stage, '/items', 'GET');
    // Assess
    expect(setting.loggingLevel).toBe('INFO');
    expect(setting.sources).toEqual({ loggingLevel: '*/*', dataTraceEnabled: null, metricsEnabled: '~1items/GET' });
  });

  it('is OFF / false with no method settings at all', () => {
    // Prepare
    const stage: StageInfo = {};
    // Act
    const setting = effectiveMethodSetting(stage, '/', 'GET');
    // Assess
    expect(setting).toEqual({
      loggingLevel: 'OFF',
      dataTraceEnabled: false,
      metricsEnabled: false,
      sources: { loggingLevel: null, dataTraceEnabled: null, metricsEnabled: null },
      overrideKey: null,
    });
  });

  it('matches the root resource via ~1/GET', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '~1/GET': { loggingLevel: 'INFO' } } };
    // Act
    const setting = effectiveMethodSetting(stage, '/', 'GET');
    // Assess
    expect(setting.loggingLevel).toBe('INFO');
  });

  it('property: the ~1 form and the plain form of any path give the same level', () => {
    // Prepare
    const segment = fc.stringMatching(/^[a-z{}]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('OFF', 'ERROR', 'INFO'), (segments, level) => {
        const path = `/${segments.join('/')}`;
        const escaped: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'WRONG' }, [`~1${segments.join('~1')}/GET`]: { loggingLevel: level } } };
        const plain: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'WRONG' }, [`${segments.join('/')}/GET`]: { loggingLevel: level } } };
        // Act
        const a = effectiveMethodSetting(escaped, path, 'GET');
        const b = effectiveMethodSetting(plain, path, 'GET');
        // Assess
        return a.loggingLevel === level && b.loggingLevel === level;
      }),
    );
  });
});

describe('checkExecutionLogging', () => {
  it('fails a method at OFF that overrides */* at INFO, and fixes the override', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'INFO' }, '~1items/GET': { loggingLevel: 'OFF' } } };
    // Act
    const [result] = checkExecutionLogging(stage, ref, [getItems]);
    // Assess
    expect(result).toEqual({
      id: 'execution-logging',
      status: 'fail',
      resource: 'GET /items',
      message:
        'Execution logging is OFF for GET /items on stage prod of API a1b2c3 (the method setting ~1items/GET (OFF) overrides */* (INFO)), ' +
        'so nobody can see why its requests fail. Turning it on needs the account\'s CloudWatch Logs role in us-east-1 (check account-cloudwatch-role).',
      supports: [],
      fix: {
        requests: [
          {
            service: 'api-gateway',
            operation: 'UpdateStage',
            region: 'us-east-1',
            input: { restApiId: 'a1b2c3', stageName: 'prod', patchOperations: [{ op: 'replace', path: '/~1items/GET/logging/loglevel', value: 'ERROR' }] },
          },
        ],
        cli:
          "aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations " +
          "'op=replace,path=/~1items/GET/logging/loglevel,value=ERROR' --region us-east-1",
        iac: [
          '# CDK (TypeScript)',
          "new apigateway.RestApi(this, 'Api', {",
          '  deployOptions: {',
          "    stageName: 'prod',",
          "    methodOptions: { '/items/GET': { loggingLevel: apigateway.MethodLoggingLevel.ERROR } },",
          '  },',
          '});',
          '',
          '# SAM / CloudFormation',
          'Type: AWS::ApiGateway::Stage   # same MethodSettings list on AWS::Serverless::Api',
          'Properties:',
          '  StageName: prod',
          '  MethodSettings:',
          "    - ResourcePath: '/~1items'",
          "      HttpMethod: 'GET'",
          '      LoggingLevel: ERROR',
          '',
          '# Terraform',
          'resource "aws_api_gateway_method_settings" "this" {',
          '  rest_api_id = "a1b2c3"',
          '  stage_name  = "prod"',
          '  method_path = "items/GET"',
          '  settings {',
          '    logging_level = "ERROR"',
          '  }',
          '}',
        ].join('\n'),
      },
    });
  });

  it('patches the items/GET key as stored when a tool wrote it that way', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'INFO' }, 'items/GET': { loggingLevel: 'OFF' } } };
    // Act
    const [result] = checkExecutionLogging(stage, ref, [getItems]);
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toContain('the method setting items/GET (OFF) overrides */* (INFO)');
    expect(result?.fix?.cli).toBe(
      'aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations op=replace,path=/items/GET/logging/loglevel,value=ERROR --region us-east-1',
    );
  });

  it('fails when nothing sets a level and fixes */* (quoted for the shell)', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: {} };
    // Act
    const [result] = checkExecutionLogging(stage, ref, [getItems]);
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe(
      'Execution logging is OFF for GET /items on stage prod of API a1b2c3 (no method setting and no */* setting sets a logging level), ' +
        "so nobody can see why its requests fail. Turning it on needs the account's CloudWatch Logs role in us-east-1 (check account-cloudwatch-role).",
    );
    expect(result?.fix?.cli).toBe(
      "aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR' --region us-east-1",
    );
    expect(result?.fix?.iac).toContain("deployOptions: { stageName: 'prod', loggingLevel: apigateway.MethodLoggingLevel.ERROR },");
    expect(result?.fix?.iac).toContain("    - ResourcePath: '/*'\n      HttpMethod: '*'\n      LoggingLevel: ERROR");
    expect(result?.fix?.iac).toContain('method_path = "*/*"');
  });

  it('passes a method whose override is INFO while */* is OFF', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'OFF' }, '~1items/GET': { loggingLevel: 'INFO' } } };
    // Act
    const results = checkExecutionLogging(stage, ref, [getItems, { resourcePath: '/orders', httpMethod: 'POST' }]);
    // Assess
    expect(results).toEqual([
      {
        id: 'execution-logging',
        status: 'pass',
        resource: 'GET /items',
        message: 'Execution logging is INFO for GET /items on stage prod of API a1b2c3 (the method setting ~1items/GET (INFO) overrides */* (OFF)).',
      },
      expect.objectContaining({ status: 'fail', resource: 'POST /orders' }),
    ]);
  });

  it('passes via */* at ERROR', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'ERROR' } } };
    // Act
    const [result] = checkExecutionLogging(stage, ref, [getItems]);
    // Assess
    expect(result).toEqual({
      id: 'execution-logging',
      status: 'pass',
      resource: 'GET /items',
      message: 'Execution logging is ERROR for GET /items on stage prod of API a1b2c3 (set by */*).',
    });
  });

  it('judges the stage default when no methods are given', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { loggingLevel: 'OFF' } } };
    // Act
    const results = checkExecutionLogging(stage, ref, []);
    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]?.resource).toBe('arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod');
    expect(results[0]?.status).toBe('fail');
    expect(results[0]?.message).toContain('Execution logging is OFF for all methods on stage prod of API a1b2c3 (set by */*)');
  });

  it('skips every method when the stage could not be read', () => {
    // Prepare
    const failure: ReadFailure = { kind: 'denied', operation: 'apigateway:GetStage', message: 'not authorized to perform apigateway:GET' };
    // Act
    const results = checkExecutionLogging(failure, ref, [getItems]);
    // Assess
    expect(results).toEqual([
      {
        id: 'execution-logging',
        status: 'skip',
        resource: 'GET /items',
        message: 'Skipped: apigateway:GetStage failed (denied): not authorized to perform apigateway:GET',
      },
    ]);
  });

  it('skips when the stage does not exist', () => {
    // Prepare / Act
    const results = checkExecutionLogging(null, ref, [getItems]);
    // Assess
    expect(results).toEqual([
      { id: 'execution-logging', status: 'skip', resource: 'GET /items', message: 'Skipped: stage prod of API a1b2c3 does not exist.' },
    ]);
  });
});
