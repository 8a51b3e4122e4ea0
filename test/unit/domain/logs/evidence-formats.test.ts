/**
 * How the log reader hands lines to the other readers (client transcripts, the function's log) and
 * what it repairs in pasted JSON; mixed pastes in any order; input no reader recognises; and that no
 * soup of fragments from all the formats makes any reader throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import { readLogText } from '../../../../shared/domain/logs/log-entry.ts';

const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';
const LAMBDA_ID = 'bc8a5cd5-a3dd-4cac-b2c4-fbfd52121f4d';

describe('the reader hands each line to the reader of its format', () => {
  it('tells execution, access, client, http and lambda entries apart in one paste', () => {
    // Prepare
    const text = [
      `(${RID}) Method completed with status: 502`,
      JSON.stringify({ requestId: RID, status: '502', responseType: 'INTEGRATION_FAILURE' }),
      'HTTP/2 502',
      'x-amzn-ErrorType: InternalServerErrorException',
      '',
      '{"message": "Internal server error"}',
      `REPORT RequestId: ${LAMBDA_ID}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
    ].join('\n');

    // Act
    const read = readLogText(text);

    // Assess
    expect(read.entries.map((e) => e.kind)).toEqual(['execution', 'access', 'http', 'http', 'client', 'lambda']);
    expect(read.lines).toBe(7);
  });

  it('reads an ISO-timestamped execution log with a space (not a tab) after the timestamp', () => {
    // Prepare
    const text = ['2024-06-04T18:49:48.942Z Execution failed due to configuration error: Invalid permissions on Lambda function', '2024-06-04T18:49:48.943Z Method completed with status: 500'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status])).toEqual([['missing_invoke_permission', 500]]);
  });

  it('repairs what pastes add to JSON: a zsh `%`, redaction placeholders, trailing commas', () => {
    // Prepare
    const zsh = '{"message": "Endpoint request timed out"}%';
    const redacted = ['{', '  "message": "Internal server error",', '  "connectionId": <hidden>,', '  "requestId": ***,', '}'].join('\n');

    // Act
    const fromZsh = classifyText(zsh);
    const fromRedacted = readLogText(redacted);

    // Assess
    expect(fromZsh.findings.map((f) => [f.cause, f.details['confidence']])).toEqual([['integration_timeout', 'low']]);
    expect(fromRedacted.entries.map((e) => [e.kind, e.via])).toEqual([['client', 'websocket']]);
  });

  it('reads bare error bodies as bodies a client saw, never as unreadable access rows', () => {
    // Act
    const nullMessage = classifyText('{"message": null}');
    const chalice = classifyText('{"Code":"InternalServerError","Message":"An internal server error occurred."}');
    const fragment = classifyText('"message": "User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders",');

    // Assess
    expect(nullMessage.findings.map((f) => [f.cause, f.details['confidence']])).toEqual([['unknown', 'low']]);
    expect(nullMessage.unreadable).toEqual([]);
    expect(chalice.findings.map((f) => [f.cause, f.details['rule']])).toEqual([['lambda_function_error', 'chalice-internal-error-body']]);
    expect(chalice.unreadable).toEqual([]);
    expect(fragment.findings[0]?.details).toMatchObject({ deniedAction: 'dynamodb:Scan', deniedResource: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', roleArn: 'arn:aws:iam::123456789012:role/orders-role' });
  });

  it('keeps an access row whose status field is named `code` an access row', () => {
    // Act
    const report = classifyText('{"code": "502", "message": "Internal server error"}');

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status])).toEqual([['unknown', 502]]);
  });

  it('skips curl -v\'s `{ [5 bytes data]` markers instead of opening a JSON value on them', () => {
    // Prepare
    const text = ['$ curl -v https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x', '{ [5 bytes data]', '< HTTP/2 504', `< x-amzn-requestid: ${RID}`, '<', '} [36 bytes data]', '{"message": "Endpoint request timed out"}'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status, f.requestId])).toEqual([['integration_timeout', 504, RID]]);
  });
});

describe('mixed pastes, in any order', () => {
  const curl = ['$ curl -i https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders', 'HTTP/1.1 502 Bad Gateway', `x-amzn-RequestId: ${RID}`, 'x-amzn-ErrorType: InternalServerErrorException', '', '{"message": "Internal server error"}'];
  const lambda = [`START RequestId: ${LAMBDA_ID} Version: $LATEST`, `2024-06-04T18:49:48.942Z ${LAMBDA_ID} Task timed out after 6.01 seconds`, `END RequestId: ${LAMBDA_ID}`, `REPORT RequestId: ${LAMBDA_ID}\tDuration: 6006.17 ms\tBilled Duration: 6000 ms\tMemory Size: 1024 MB\tMax Memory Used: 131 MB\tStatus: timeout`];

  it.each([
    ['client first', [...curl, ...lambda]],
    ['function log first', [...lambda, ...curl]],
  ])('%s: the function log explains the client\'s 502 (the known cause ranks first)', (_order, lines) => {
    // Act
    const report = classifyText(lines.join('\n'));

    // Assess
    expect(report.findings.map((f) => f.cause)).toEqual(['lambda_function_error', 'unknown']);
    expect(report.findings[0]?.details).toMatchObject({ lambdaRequestId: LAMBDA_ID, functionTimeout: true, lambdaTimedOutAfterSeconds: 6.01 });
    expect(report.findings[1]).toMatchObject({ requestId: RID, status: 502 });
  });
});

describe('input no reader recognises', () => {
  it.each([
    ['prose', 'hello world\nthis is not a log'],
    ['a curl command with no output', '$ curl https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x'],
    ['generic key-value lines', 'content-type: application/json\nserver: nginx'],
    ['stack frames alone', 'at Function.Module._load (module.js:417:25)\nat Module.require (module.js:497:17)'],
  ])('%s: nothing recognised (the CLI refuses it with exit 2)', (_what, text) => {
    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.recognized).toBe(0);
  });
});

describe('robustness of every reader (property)', () => {
  const FRAGMENTS = [
    '\n', '\t', ' ', '{', '}', '[', ']', '"', '<', '> ', '* ', '$ ', ': ', '%', '<hidden>', '***',
    'HTTP/2 502', '< HTTP/1.1 504 Gateway Timeout', 'x-amzn-ErrorType: AuthorizerConfigurationException', 'x-amzn-RequestId: abcd-1234', 'status: 500',
    'curl -v https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod', 'wscat -c wss://x', 'error: Unexpected server response: 502', '<Response [429]>',
    'AxiosError: Request failed with status code 502', '{ status: 500, statusText: \'x\' }', "{'a': 'b'}",
    `START RequestId: ${LAMBDA_ID} Version: $LATEST`, `REPORT RequestId: ${LAMBDA_ID}\tDuration: 30000.00 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: timeout`,
    'Task timed out after 30.03 seconds', 'Runtime.ImportModuleError', '"errorType": "Runtime.HandlerNotFound",', '[ERROR]\t', 'INIT_REPORT Init Duration: 1 ms\tPhase: init\tStatus: error',
    '2024-06-04T18:49:48.942Z ', `${LAMBDA_ID}\t`, 'undefined\tERROR\t', 'Execution failed due to configuration error: x', `(${RID}) `, 'Method completed with status: 502',
    '{"message": null}', '{"status": 502, "log": "Execution log for request x", "latency": 1}', 'Endpoint response body before transformations: {"statusCode":200,"x":1}',
  ];

  it('never throws on soup built from every format, and every finding has evidence and a known confidence', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 50 }), (parts) => {
        // Act
        const report = classifyText(parts.join(''));

        // Assess
        for (const f of report.findings) {
          expect(f.evidence.length).toBeGreaterThan(0);
          expect(['high', 'medium', 'low']).toContain(f.details['confidence']);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on arbitrary text and counts every line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        // Act
        const read = readLogText(text);

        // Assess
        expect(read.lines).toBe(text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
      }),
      { numRuns: 500 },
    );
  });
});
