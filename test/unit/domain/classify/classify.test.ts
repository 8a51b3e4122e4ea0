import { describe, expect, it } from 'vitest';
import { classifyText, sortFindings } from '../../../../shared/domain/classify/classify.ts';
import type { Finding } from '../../../../shared/domain/model.ts';

const PERMISSION = 'Execution failed due to configuration error: Invalid permissions on Lambda function';
const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';
const LAMBDA_RID = 'c2fdeda4-0849-4da2-bc61-36a9ed8b698d';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders:live';
const URL = `https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/${FN}/invocations`;

/** One request's execution-log lines with the `(<id>) ` prefix. */
function request(...messages: string[]): string {
  return messages.map((m) => `(${RID}) ${m}`).join('\n');
}

describe('Logs Insights aggregate rows are weighted by their count', () => {
  it('ranks a cause shown by one row of count 40 above a cause shown by two rows of count 1', () => {
    // Prepare: a Logs Insights JSON export of `stats count(*) by status, resourcePath, integrationError`
    const rows = [
      { status: '500', resourcePath: '/a', integrationError: PERMISSION, 'count(*)': '1' },
      { status: '500', resourcePath: '/b', integrationError: PERMISSION, 'count(*)': '1' },
      { status: '504', resourcePath: '/c', responseType: 'INTEGRATION_TIMEOUT', integrationError: 'Execution failed due to a timeout error', 'count(*)': '40' },
    ];

    // Act
    const report = classifyText(JSON.stringify(rows, null, 2));

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['resourcePath'], f.details['count']])).toEqual([
      ['integration_timeout', '/c', 40],
      ['missing_invoke_permission', '/a', undefined],
      ['missing_invoke_permission', '/b', undefined],
    ]);
  });

  it('reads the count under `count` too, and ranks by the sum of the counts per cause (7 beats 5, though 4 < 5)', () => {
    // Prepare
    const rows = [
      { status: '500', integrationError: PERMISSION, count: '3' },
      { status: '500', integrationError: PERMISSION, count: '4' },
      { status: '504', integrationError: 'Execution failed due to a timeout error', count: '5' },
    ];

    // Act
    const report = classifyText(JSON.stringify(rows));

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['count']])).toEqual([
      ['missing_invoke_permission', 3],
      ['missing_invoke_permission', 4],
      ['integration_timeout', 5],
    ]);
  });
});

describe('the details a finding carries (README: classify --json)', () => {
  it.each([
    [
      'method, resourcePath, functionArn, lambdaRequestId, errorType / errorMessage, rule, fact, confidence',
      request(
        'HTTP Method: POST, Resource Path: /orders/{id}',
        `Sending request to ${URL}`,
        'Endpoint response headers: {Date=Tue, 26 Feb 2019 16:48:37 GMT, X-Amz-Function-Error=Unhandled}',
        'Endpoint response body before transformations: {"errorType":"KeyError","errorMessage":"\'AZUL_S3_BUCKET\'"}',
        `Lambda execution failed with status 200 due to customer function error: 'AZUL_S3_BUCKET'. Lambda request id: ${LAMBDA_RID}`,
        'Method completed with status: 502',
      ),
      {
        method: 'POST', resourcePath: '/orders/{id}', functionArn: FN, lambdaRequestId: LAMBDA_RID, errorType: 'KeyError', errorMessage: "'AZUL_S3_BUCKET'",
        rule: 'customer-function-error', confidence: 'high', fact: expect.stringMatching(/\S{5}/) as unknown,
      },
    ],
    [
      'throttleReason',
      request('Endpoint response body before transformations: {"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}', 'Method completed with status: 500'),
      { throttleReason: 'ReservedFunctionConcurrentInvocationLimitExceeded', rule: 'throttle-body' },
    ],
    [
      'limitBytes',
      request(`Lambda execution failed with status 200 due to customer function error: Response payload size exceeded maximum allowed payload size (6291556 bytes).. Lambda request id: ${LAMBDA_RID}`, 'Method completed with status: 502'),
      { limitBytes: 6291556, rule: 'payload-size-exceeded' },
    ],
    [
      'roleArn',
      request('Execution failed due to configuration error: API Gateway does not have permission to assume the provided role arn:aws:iam::123456789012:role/apigw-invoke', 'Method completed with status: 500'),
      { roleArn: 'arn:aws:iam::123456789012:role/apigw-invoke', rule: 'assume-role-denied' },
    ],
    [
      'host',
      request("Execution failed due to configuration error: Host name 'api.internal.example.com' does not match the certificate subject provided by the peer (CN=*.example.net)", 'Method completed with status: 500'),
      { host: 'api.internal.example.com', rule: 'host-name-mismatch' },
    ],
  ])('%s', (_keys, log, details) => {
    // Prepare: the log above

    // Act
    const report = classifyText(log);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.requestId).toBe(RID);
    expect(report.findings[0]?.details).toMatchObject(details);
  });
});

describe('sortFindings', () => {
  const finding = (cause: Finding['cause'], details: Finding['details']): Finding => ({ cause, requestId: null, status: 500, evidence: ['x'], details });

  it('puts known causes before unknown, gateway evidence before client-only evidence, then heavier causes, then first seen', () => {
    // Prepare
    const findings = [
      finding('unknown', { confidence: 'low', count: 99 }),
      finding('integration_timeout', { confidence: 'low' }),
      finding('lambda_throttled', { confidence: 'high' }),
      finding('missing_invoke_permission', { confidence: 'high', count: 2 }),
      finding('malformed_proxy_response', { confidence: 'high' }),
    ];

    // Act
    const sorted = sortFindings(findings);

    // Assess
    expect(sorted.map((f) => f.cause)).toEqual(['missing_invoke_permission', 'lambda_throttled', 'malformed_proxy_response', 'integration_timeout', 'unknown']);
  });
});
