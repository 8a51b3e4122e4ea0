import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  escapeResourcePath,
  iacText,
  isReadFailure,
  methodLabel,
  skipForReadFailure,
  stageArn,
  updateStageRequest,
} from '../../../../shared/domain/checks/check-support.ts';
import { requestCommand } from '../../../../shared/domain/checks/sdk-request.ts';

describe('isReadFailure', () => {
  it('recognises a ReadFailure and rejects port data and look-alikes', () => {
    // Prepare
    const values: unknown[] = [
      { kind: 'denied', operation: 'lambda:GetPolicy', message: 'no' },
      { kind: 'other', operation: 'lambda:GetPolicy', message: 'no' },
      { kind: 'denied', operation: 'lambda:GetPolicy' },
      { stageName: 'prod', methodSettings: {} },
      null,
      'denied',
    ];
    // Act
    const answers = values.map(isReadFailure);
    // Assess
    expect(answers).toEqual([true, false, false, false, false, false]);
  });
});

describe('skipForReadFailure', () => {
  it('names the operation, the kind and the message', () => {
    // Prepare
    const failure = { kind: 'throttled' as const, operation: 'apigateway:GetStage', message: 'Too Many Requests' };
    // Act
    const result = skipForReadFailure('data-trace', 'x', failure);
    // Assess
    expect(result).toEqual({ id: 'data-trace', status: 'skip', resource: 'x', message: 'Skipped: apigateway:GetStage failed (throttled): Too Many Requests' });
  });
});

describe('names and commands', () => {
  it('builds labels, ARNs, escaped paths and update-stage commands', () => {
    // Prepare
    const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
    // Act
    const label = methodLabel({ resourcePath: '/items', httpMethod: 'get' });
    const arn = stageArn(ref);
    const escaped = escapeResourcePath('/a~b/{id}');
    const request = updateStageRequest(ref, [{ op: 'replace', path: '/variables/fn', value: 'orders' }, { op: 'remove', path: '/variables/x' }]);
    const command = requestCommand(request);
    // Assess
    expect(label).toBe('GET /items');
    expect(arn).toBe('arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod');
    expect(escaped).toBe('~1a~0b~1{id}');
    expect(request).toEqual({
      service: 'api-gateway',
      operation: 'UpdateStage',
      region: 'us-east-1',
      input: { restApiId: 'a1b2c3', stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/fn', value: 'orders' }, { op: 'remove', path: '/variables/x' }] },
    });
    expect(command).toBe(
      'aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations op=replace,path=/variables/fn,value=orders op=remove,path=/variables/x --region us-east-1',
    );
  });

  it('labels the three IaC dialects', () => {
    // Prepare / Act
    const text = iacText({ cdk: 'a', cloudFormation: 'b', terraform: 'c' });
    // Assess
    expect(text).toBe('# CDK (TypeScript)\na\n\n# SAM / CloudFormation\nb\n\n# Terraform\nc');
  });

  it('property: escaped paths never contain a slash', () => {
    fc.assert(
      fc.property(fc.string(), (path) => {
        // Act
        const escaped = escapeResourcePath(path);
        // Assess
        return !escaped.includes('/');
      }),
    );
  });
});
