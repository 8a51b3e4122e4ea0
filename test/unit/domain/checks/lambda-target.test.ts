import { describe, expect, it } from 'vitest';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';

const PREFIX = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function';

describe('lambdaTargetFromUri', () => {
  it('parses an integration uri with an unqualified function ARN', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:orders/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri);

    // Assess
    expect(target).toEqual({
      uri,
      functionArn: `${FN}:orders`,
      functionName: 'orders',
      qualifier: null,
      region: 'us-east-1',
      account: '123456789012',
      stageVariables: [],
      unresolved: [],
    });
  });

  it('keeps an alias qualifier in the ARN and separately', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:orders:live/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri);

    // Assess
    expect(target?.functionArn).toBe(`${FN}:orders:live`);
    expect(target?.functionName).toBe('orders');
    expect(target?.qualifier).toBe('live');
  });

  it('resolves a stage-variable function name per stage', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:\${stageVariables.fn}/invocations`;

    // Act
    const prod = lambdaTargetFromUri(uri, { fn: 'orders-prod' });
    const dev = lambdaTargetFromUri(uri, { fn: 'orders-dev' });

    // Assess
    expect(prod?.functionArn).toBe(`${FN}:orders-prod`);
    expect(dev?.functionArn).toBe(`${FN}:orders-dev`);
    expect(prod?.stageVariables).toEqual(['fn']);
    expect(prod?.unresolved).toEqual([]);
  });

  it('resolves the escaped $\\{stageVariables.x} spelling and a stage-variable alias', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:orders:$\\{stageVariables.alias}/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri, { alias: 'blue' });

    // Assess
    expect(target?.functionArn).toBe(`${FN}:orders:blue`);
    expect(target?.qualifier).toBe('blue');
    expect(target?.stageVariables).toEqual(['alias']);
  });

  it('reports a stage variable with no value on this stage as unresolved', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:\${stageVariables.fn}/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri, { other: 'x' });

    // Assess
    expect(target?.functionName).toBe('');
    expect(target?.unresolved).toEqual(['fn']);
    expect(target?.stageVariables).toEqual(['fn']);
  });

  it('treats an empty stage-variable value as unresolved', () => {
    // Prepare
    const uri = `${PREFIX}${FN}:orders:\${stageVariables.alias}/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri, { alias: '' });

    // Assess
    expect(target?.qualifier).toBeNull();
    expect(target?.functionArn).toBe(`${FN}:orders`);
    expect(target?.unresolved).toEqual(['alias']);
  });

  it('resolves a stage variable holding the whole function ARN', () => {
    // Prepare
    const uri = `${PREFIX}\${stageVariables.fnArn}/invocations`;

    // Act
    const target = lambdaTargetFromUri(uri, { fnArn: 'arn:aws:lambda:eu-west-1:222222222222:function:billing:7' });

    // Assess
    expect(target?.functionArn).toBe('arn:aws:lambda:eu-west-1:222222222222:function:billing:7');
    expect(target?.region).toBe('eu-west-1');
    expect(target?.account).toBe('222222222222');
    expect(target?.qualifier).toBe('7');
  });

  it('parses the URL of a "Sending request to" log line', () => {
    // Prepare
    const uri = 'https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-StartReceiptVerifyFunc-BEGOSV0XJRHI/invocations';

    // Act
    const target = lambdaTargetFromUri(uri);

    // Assess
    expect(target?.functionArn).toBe('arn:aws:lambda:eu-west-2:958845080241:function:log-test-1-StartReceiptVerifyFunc-BEGOSV0XJRHI');
    expect(target?.region).toBe('eu-west-2');
  });

  it('accepts a bare function ARN (HTTP API integration uri)', () => {
    // Prepare
    const uri = `${FN}:orders`;

    // Act
    const target = lambdaTargetFromUri(uri);

    // Assess
    expect(target?.functionName).toBe('orders');
    expect(target?.account).toBe('123456789012');
  });

  it('accepts a bare name, a name with $LATEST and a partial ARN, using the uri region', () => {
    // Prepare
    const bare = 'orders';
    const latest = 'orders:$LATEST';
    const partial = `${PREFIX}123456789012:function:orders/invocations`;

    // Act
    const [a, b, c] = [lambdaTargetFromUri(bare), lambdaTargetFromUri(latest), lambdaTargetFromUri(partial)];

    // Assess
    expect(a?.functionArn).toBe('orders');
    expect(a?.account).toBeNull();
    expect(b?.qualifier).toBe('$LATEST');
    expect(c?.functionArn).toBe(`${FN}:orders`);
  });

  it('returns null for non-Lambda uris', () => {
    // Prepare
    const uris = [
      'https://example.com/items',
      'http://${stageVariables.host}/items',
      'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
      'arn:aws:apigateway:us-east-1:s3:path/bucket/key',
      'arn:aws:sqs:us-east-1:123456789012:queue',
    ];

    // Act
    const targets = uris.map((u) => lambdaTargetFromUri(u));

    // Assess
    expect(targets).toEqual([null, null, null, null, null]);
  });
});
