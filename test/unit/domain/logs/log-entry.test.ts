import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readLogEvents, readLogText } from '../../../../shared/domain/logs/log-entry.ts';
import { groupRequests } from '../../../../shared/domain/logs/request-trace.ts';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';

const A = '8a699106-8d59-11e8-905d-b3747276ed60';
const B = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';

describe('readLogText formats', () => {
  it('reads subscription-style execution lines and groups interleaved requests by id', () => {
    // Prepare
    const text = [
      `(${A}) HTTP Method: GET, Resource Path: /orders/{id}`,
      `(${B}) HTTP Method: POST, Resource Path: /orders`,
      `(${A}) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders:live/invocations`,
      `(${B}) Method completed with status: 200`,
      `(${A}) Execution failed due to a timeout error`,
      `(${A}) Method completed with status: 504`,
    ].join('\n');

    // Act
    const traces = groupRequests(readLogText(text).entries);

    // Assess
    expect(traces.map((t) => [t.requestId, t.method, t.resourcePath, t.status])).toEqual([
      [A, 'GET', '/orders/{id}', 504],
      [B, 'POST', '/orders', 200],
    ]);
    expect(traces[0]?.functionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders:live');
  });

  it('reads console Test output and takes the request id from the header', () => {
    // Prepare
    const text = [
      'Response Code: 502',
      `Execution log for request ${A}`,
      `Sat Mar 05 15:50:39 UTC 2022 : HTTP Method: GET, Resource Path: /test4`,
      `Sat Mar 05 15:50:39 UTC 2022 : Received response. Status: 200, Integration latency: 433 ms`,
      `Sat Mar 05 15:50:39 UTC 2022 : Execution failed due to configuration error: Malformed Lambda proxy response`,
    ].join('\n');

    // Act
    const traces = groupRequests(readLogText(text).entries);

    // Assess
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ requestId: A, status: 502, integrationStatus: 200, integrationLatencyMs: 433 });
  });

  it('reads ISO-timestamp exports (timestamp, tab, message)', () => {
    // Prepare
    const text = `2024-06-04T18:49:48.942Z\t(${A}) Execution failed due to configuration error: Invalid permissions on Lambda function\n2024-06-04T18:49:48.943Z\t(${A}) Method completed with status: 500`;

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'missing_invoke_permission', requestId: A, status: 500 });
  });

  it('reads the console log view (clock, request id)', () => {
    // Prepare
    const text = `17:04:28 (${A}) Execution failed due to configuration error: Malformed Lambda proxy response\n17:04:28 (${A}) Method completed with status: 502`;

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings[0]).toMatchObject({ cause: 'malformed_proxy_response', requestId: A, status: 502 });
  });

  it('joins a multi-line body to the line that introduced it', () => {
    // Prepare
    const text = ['Endpoint response body before transformations:', '{', '  "Message": "An error occurred and the request cannot be processed.",', '  "Type": "Service"', '}', 'Method completed with status: 500'].join('\n');

    // Act
    const traces = groupRequests(readLogText(text).entries);

    // Assess
    expect(traces).toHaveLength(1);
    expect(traces[0]?.responseBody).toBe('{\n  "Message": "An error occurred and the request cannot be processed.",\n  "Type": "Service"\n}');
    expect(traces[0]?.status).toBe(500);
  });

  it('reads a multi-line message inside one subscription event', () => {
    // Prepare
    const events = [
      { timestamp: 1, message: `(${A}) Endpoint response body before transformations: {\n"statusCode": 200,\n"body": {"a": 1}\n}` },
      { timestamp: 2, message: `(${A}) Execution failed due to configuration error: Malformed Lambda proxy response` },
      { timestamp: 3, message: `(${A}) Method completed with status: 502` },
    ];

    // Act
    const traces = groupRequests(readLogEvents(events).entries);

    // Assess
    expect(traces).toHaveLength(1);
    expect(traces[0]?.responseBody).toBe('{\n"statusCode": 200,\n"body": {"a": 1}\n}');
  });

  it('reads JSON access logs with the usual $context field names, one per line', () => {
    // Prepare
    const rows = [
      { rid: A, st: '502', err_type: 'INTEGRATION_FAILURE', integErr: 'Lambda Customer Function Error:Task timed out after 3.00 seconds', verb: 'GET', route: '/orders' },
      { rid: B, st: '200', err_type: '-', integErr: '-', verb: 'GET', route: '/health' },
    ].map((r) => JSON.stringify({ requestId: r.rid, status: r.st, responseType: r.err_type, integrationError: r.integErr, httpMethod: r.verb, path: r.route }));

    // Act
    const report = classifyText(rows.join('\n'));

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'lambda_function_error', requestId: A, status: 502 });
    expect(report.findings[0]?.details).toMatchObject({ method: 'GET', resourcePath: '/orders', responseType: 'INTEGRATION_FAILURE', lambdaTimedOutAfterSeconds: 3 });
    expect(report.summary).toEqual({ lines: 2, requests: 2 });
  });

  it('reads nested JSON access logs ($context.integration.error as integration.error)', () => {
    // Prepare
    const row = JSON.stringify({ requestId: A, status: 500, error: { responseType: 'API_CONFIGURATION_ERROR', message: 'Internal server error' }, integration: { error: 'Execution failed due to configuration error: Invalid permissions on Lambda function', status: '-' } });

    // Act
    const report = classifyText(row);

    // Assess
    expect(report.findings[0]).toMatchObject({ cause: 'missing_invoke_permission', requestId: A, status: 500 });
  });

  it('reads CLF-style access lines with the integration error appended', () => {
    // Prepare
    const line = `203.0.113.7 - - [28/Jul/2026:09:45:44 +0000] "POST /orders HTTP/1.1" 500 36 ${A} API_CONFIGURATION_ERROR Execution failed due to configuration error: Invalid permissions on Lambda function`;

    // Act
    const report = classifyText(line);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'missing_invoke_permission', requestId: A, status: 500 });
    expect(report.findings[0]?.details).toMatchObject({ method: 'POST', resourcePath: '/orders' });
  });

  it('gives a client-seen body as low-confidence evidence', () => {
    // Prepare
    const text = '{"message": "Endpoint request timed out"}';

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.cause).toBe('integration_timeout');
    expect(report.findings[0]?.details['confidence']).toBe('low');
  });

  it('gives no finding for non-5xx outcomes (usage-plan 429, a mapped 400)', () => {
    // Prepare
    const text = [
      `(${A}) Key throttle limit exceeded for RestApi uwe3g5jm54, Stage Prod, Resource k0w8mc, HttpMethod POST. Limit: 1.00 Burst: 1`,
      `(${A}) Method completed with status: 429`,
      `(${B}) Lambda execution failed with status 200 due to customer function error: bad input. Lambda request id: 1b2c3d4e-0000-4000-8000-000000000001`,
      `(${B}) Method completed with status: 400`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.summary.requests).toBe(2);
  });

  it('reports a 5xx with no recognisable cause as unknown, with the status line as evidence', () => {
    // Prepare
    const text = `(${A}) Method completed with status: 503`;

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toEqual([{ cause: 'unknown', requestId: A, status: 503, evidence: ['Method completed with status: 503'], details: { confidence: 'low' } }]);
  });

  it('classifies a 2018 "Malformed" whose body is a throttle as lambda_throttled', () => {
    // Prepare
    const text = [
      `(${A}) Endpoint response body before transformations: {"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`,
      `(${A}) Endpoint response headers: {Connection=keep-alive, x-amzn-ErrorType=TooManyRequestsException}`,
      `(${A}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${A}) Method completed with status: 502`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings[0]?.cause).toBe('lambda_throttled');
    expect(report.findings[0]?.details).toMatchObject({ throttleReason: 'ReservedFunctionConcurrentInvocationLimitExceeded', errorType: 'TooManyRequestsException', alsoMatched: ['malformed_proxy_response'] });
  });

  it('classifies Malformed with X-Amz-Function-Error=Unhandled as a function error', () => {
    // Prepare
    const text = [
      `(${A}) Endpoint response headers: {Date=Tue, 26 Feb 2019 16:48:37 GMT, X-Amz-Function-Error=Unhandled}`,
      `(${A}) Endpoint response body before transformations: {"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')"}`,
      `(${A}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${A}) Method completed with status: 502`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings[0]?.cause).toBe('lambda_function_error');
    expect(report.findings[0]?.details).toMatchObject({ functionError: 'Unhandled', errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')" });
  });

  it('orders findings: known causes first, then by how many requests show them', () => {
    // Prepare
    const ids = ['a', 'b', 'c', 'd'].map((c) => `${c.repeat(8)}-1111-4111-8111-111111111111`);
    const text = [
      `(${ids[0]}) Method completed with status: 500`,
      `(${ids[1]}) Execution failed due to a timeout error`,
      `(${ids[2]}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${ids[3]}) Execution failed due to configuration error: Malformed Lambda proxy response`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => f.cause)).toEqual(['malformed_proxy_response', 'malformed_proxy_response', 'integration_timeout', 'unknown']);
  });

  it('names the authorizer function apart from the integration function', () => {
    // Prepare
    const fn = (n: string): string => `https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${n}/invocations`;
    const text = [
      `(${A}) Starting authorizer: q8togz for request: ${A}`,
      `(${A}) Sending request to ${fn('auth')}`,
      `(${A}) Execution failed due to configuration error: Invalid permissions on Lambda function`,
      `(${A}) Execution failed due to configuration error: Authorizer error`,
      `(${A}) Method completed with status: 500`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings[0]?.cause).toBe('missing_invoke_permission');
    expect(report.findings[0]?.details).toMatchObject({ authorizer: true, authorizerFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth' });
    expect(report.findings[0]?.details['functionArn']).toBeUndefined();
  });
});

describe('robustness (property)', () => {
  it('never throws on any text and counts every line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const report = classifyText(text);
        // A final newline ends the last line; it does not start another (as `wc -l` plus an unterminated last line).
        const expected = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        expect(report.summary.lines).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on line soup built from real fragments, and every finding has evidence', () => {
    const fragments = ['(', ')', '{', '}', '[', ']', '"', '\t', '\n', ' : ', 'Method completed with status: 502', 'Endpoint response body before transformations: ', '(abcd-1234) ', 'Fri Jun 09 20:04:12 UTC 2023 : ', '2024-06-04T18:49:48.942Z\t', 'INTEGRATION_FAILURE', 'Malformed Lambda proxy response', 'Lambda request id: x', '"status": "500"', '<A>', '</A>', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const report = classifyText(parts.join(''));
        for (const f of report.findings) expect(f.evidence.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary event messages, and counts every line of every message', () => {
    // Half the messages carry the `(<id>) ` prefix, so the one-line fast path is exercised as well as the general one.
    const message = fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(fc.uuid(), fc.string({ maxLength: 200 })).map(([id, text]) => `(${id}) ${text}`));
    fc.assert(
      fc.property(fc.array(fc.record({ timestamp: fc.integer(), message }), { maxLength: 20 }), (events) => {
        // Act
        const read = readLogEvents(events);

        // Assess
        expect(read.lines).toBe(events.reduce((n, e) => n + e.message.split('\n').length, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading readable logs (property)', () => {
  /** Failure lines API Gateway writes, with the cause each one means and the status it ends with. */
  const FAILURES = [
    { lines: ['Execution failed due to configuration error: Malformed Lambda proxy response'], cause: 'malformed_proxy_response', status: 502 },
    { lines: ['Execution failed due to configuration error: Invalid permissions on Lambda function'], cause: 'missing_invoke_permission', status: 500 },
    { lines: ['Execution failed due to a timeout error'], cause: 'integration_timeout', status: 504 },
    { lines: ['Lambda invocation failed with status: 429. Lambda request id: 1b2c3d4e-0000-4000-8000-000000000001', 'Execution failed due to configuration error: Rate Exceeded.'], cause: 'lambda_throttled', status: 500 },
  ] as const;
  const HEALTHY = ['Received response. Status: 200, Integration latency: 31 ms', 'Endpoint response body before transformations: {"statusCode":200,"body":"ok"}', 'Method response body after transformations: ok'];
  const request = fc.record({
    id: fc.uuid(),
    failure: fc.option(fc.constantFrom(...FAILURES), { nil: null }),
    path: fc.constantFrom('/orders', '/orders/{id}', '/health'),
  });

  it('finds exactly the failing requests of interleaved execution logs, each with its cause and status', () => {
    fc.assert(
      fc.property(fc.uniqueArray(request, { selector: (r) => r.id, minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 100 }), (requests, picks) => {
        // Prepare: each request's lines in order; the requests' lines interleaved as `picks` says.
        const queues = requests.map((r) => [
          `HTTP Method: GET, Resource Path: ${r.path}`,
          ...(r.failure === null ? HEALTHY : r.failure.lines),
          `Method completed with status: ${r.failure === null ? 200 : r.failure.status}`,
        ].map((m) => `(${r.id}) ${m}`));
        const lines: string[] = [];
        for (const pick of picks) {
          const open = queues.filter((q) => q.length > 0);
          if (open.length === 0) break;
          lines.push(open[pick % open.length]?.shift() ?? '');
        }
        for (const q of queues) lines.push(...q);

        // Act
        const report = classifyText(lines.join('\n'));

        // Assess
        const expected = requests.filter((r) => r.failure !== null).map((r) => [r.id, r.failure?.cause, r.failure?.status, r.path]);
        const found = report.findings.map((f) => [f.requestId, f.cause, f.status, f.details['resourcePath']]);
        expect(found).toHaveLength(expected.length);
        expect(found).toEqual(expect.arrayContaining(expected));
        expect(report.summary).toEqual({ lines: lines.length, requests: requests.length });
      }),
      { numRuns: 300 },
    );
  });
});

describe('review regressions', () => {
  const R1 = '1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31';
  const R2 = '2a1d7b63-9c8f-4d4e-8b25-7f3c6e9a8b42';

  it("does not mistake the function's own AWS error for a Lambda-side cause", () => {
    // Prepare
    const text = [
      `(${R1}) Endpoint response headers: {Date=Fri, 20 Nov 2026 14:02:11 GMT, X-Amz-Function-Error=Unhandled}`,
      `(${R1}) Endpoint response body before transformations: {"errorType":"ResourceNotFoundException","errorMessage":"Requested resource not found"}`,
      `(${R1}) Lambda execution failed with status 200 due to customer function error: Requested resource not found. Lambda request id: ${R2}`,
      `(${R1}) Method completed with status: 502`,
      `(${R2}) Endpoint response body before transformations: {"errorType":"TooManyRequestsException","errorMessage":"Rate exceeded"}`,
      `(${R2}) Lambda execution failed with status 200 due to customer function error: Rate exceeded. Lambda request id: ${R1}`,
      `(${R2}) Method completed with status: 502`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.details['errorType']])).toEqual([
      ['lambda_function_error', R1, 'ResourceNotFoundException'],
      ['lambda_function_error', R2, 'TooManyRequestsException'],
    ]);
  });

  it('does not let an unterminated JSON row swallow the log lines after it', () => {
    // Prepare
    const text = [
      '{"requestId": "x", "status": "502", "integrationError": "Lambda Customer Function Error:boom"',
      JSON.stringify({ requestId: R1, status: '502', responseType: 'INTEGRATION_FAILURE', integrationError: 'Execution failed due to configuration error: Malformed Lambda proxy response' }),
      `(${R2}) Execution failed due to a timeout error`,
      `(${R2}) Method completed with status: 504`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual(
      expect.arrayContaining([['malformed_proxy_response', R1, 502], ['integration_timeout', R2, 504]]),
    );
  });

  it('reads aws logs filter-log-events JSON output and decoded subscription payloads', () => {
    // Prepare
    const messages = [`(${R1}) Execution failed due to configuration error: Invalid permissions on Lambda function`, `(${R1}) Method completed with status: 500`];
    const cliOutput = JSON.stringify({ events: messages.map((message, i) => ({ logStreamName: 's', timestamp: i, message, ingestionTime: i, eventId: String(i) })), searchedLogStreams: [] }, null, 2);
    const payload = JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', logStream: 's', subscriptionFilters: [], logEvents: messages.map((message, i) => ({ id: String(i), timestamp: i, message })) });

    // Act
    const fromCli = classifyText(cliOutput);
    const fromPayload = classifyText(payload);

    // Assess
    for (const report of [fromCli, fromPayload]) {
      expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['missing_invoke_permission', R1, 500]]);
    }
  });

  it('gives each row of a JSON array its own row as evidence', () => {
    // Prepare
    const rows = [R1, R2].map((id) => ({ requestId: id, status: '500', integrationError: 'Execution failed due to configuration error: Invalid permissions on Lambda function' }));

    // Act
    const report = classifyText(JSON.stringify(rows, null, 2));

    // Assess
    expect(report.findings).toHaveLength(2);
    expect(report.findings[0]?.evidence.join('\n')).not.toContain(R2);
  });
});
