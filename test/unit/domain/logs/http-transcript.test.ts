/**
 * What a client printed: curl -v / -i and httpie transcripts, bare response headers, WebSocket
 * clients, SDK dumps and test-invoke-method output. Each line type is read on its own; then whole
 * transcripts are classified the way an on-call engineer pastes them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import {
  executeApiUrl,
  GATEWAY_ERROR_TYPES,
  gatewayErrorType,
  readClientValue,
  readHttpLine,
  TranscriptState,
} from '../../../../shared/domain/logs/http-transcript.ts';

const RID = 'a1704dc5-d472-4d91-9793-eb6da627ad5b';

describe('readHttpLine: one line of client output', () => {
  it.each([
    ['< HTTP/2 502', { type: 'status', status: 502, from: 'status-line' }],
    ['HTTP/1.1 504 Gateway Timeout', { type: 'status', status: 504, text: 'HTTP/1.1 504 Gateway Timeout' }],
    ['< HTTP/1.1 500 Internal Server Error', { type: 'status', status: 500 }],
    ['error: Unexpected server response: 502', { type: 'status', status: 502, from: 'client', tool: 'websocket' }],
    ["WebSocket connection to 'wss://2nilfiusp1.execute-api.us-east-1.amazonaws.com/dev' failed: Error during WebSocket handshake: Unexpected response code: 502", { type: 'status', status: 502, tool: 'websocket' }],
    ['AxiosError: Request failed with status code 502', { type: 'status', status: 502, tool: 'axios' }],
    ['requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://x.example/prod', { type: 'status', status: 503, tool: 'requests' }],
    ['<Response [429]>', { type: 'status', status: 429, tool: 'requests' }],
    ['Failed to load resource: the server responded with a status of 502 ()', { type: 'status', status: 502, tool: 'browser' }],
    ['$ curl -v "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items"', { type: 'command', tool: 'curl', url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items' }],
    ['[ec2-user@ip-172-31-x-x websocket]$ wscat -c wss://k7m2p9q4rx.execute-api.ap-southeast-2.amazonaws.com/prod', { type: 'command', tool: 'wscat' }],
    ['15:01 $ curl -X POST -d \'{"a":1}\' https://x.example/v1/user', { type: 'command', tool: 'curl' }],
    ['http GET https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items', { type: 'command', tool: 'http' }],
    ['x-amzn-ErrorType:AuthorizerConfigurationException', { type: 'header', name: 'x-amzn-errortype', value: 'AuthorizerConfigurationException' }],
    ['< x-amzn-requestid: a1704dc5-d472-4d91-9793-eb6da627ad5b', { type: 'header', name: 'x-amzn-requestid', value: RID }],
    ['status: 502', { type: 'header', name: 'status', value: '502' }],
    ['> GET /prod/items HTTP/2', { type: 'request', method: 'GET', path: '/prod/items' }],
  ])('%s', (line, expected) => {
    // Act
    const read = readHttpLine(line, false);

    // Assess
    expect(read).toMatchObject(expected);
  });

  it('takes any `Name: value` line for a header only inside an open transcript', () => {
    // Prepare
    const line = 'content-type: application/json';

    // Act
    const closed = readHttpLine(line, false);
    const open = readHttpLine(line, true);

    // Assess
    expect(closed).toBeNull();
    expect(open).toEqual({ type: 'header', name: 'content-type', value: 'application/json' });
  });

  it.each([
    'Execution failed due to configuration error: Malformed Lambda proxy response',
    'Method completed with status: 502',
    'Endpoint response body before transformations: {"statusCode":200}',
    'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda/invocations',
    'hello world',
    '',
  ])('is not client output: %s', (line) => {
    // Act / Assess
    expect(readHttpLine(line, false)).toBeNull();
  });

  it('never throws, whatever the line and the state (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (line, open) => {
        const read = readHttpLine(line, open);
        if (read !== null) expect(['command', 'status', 'header', 'request', 'info']).toContain(read.type);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('gatewayErrorType: every x-amzn-ErrorType value API Gateway sends', () => {
  it.each(GATEWAY_ERROR_TYPES.map((t) => [t.value, t] as const))('%s is known, whatever its case and namespace suffix', (value, type) => {
    // Act
    const plain = gatewayErrorType(value);
    const lower = gatewayErrorType(value.toLowerCase());
    const namespaced = gatewayErrorType(`${value}:http://internal.amazon.com/coral/com.amazon.coral.service/`);

    // Assess
    expect(plain).toBe(type);
    expect(lower).toBe(type);
    expect(namespaced).toBe(type);
    expect(type.responseTypes.length).toBeGreaterThan(0);
  });

  it('knows no value it was not told about', () => {
    // Act / Assess
    expect(gatewayErrorType('SomethingElseException')).toBeUndefined();
  });
});

describe('executeApiUrl', () => {
  it('reads the API id, Region and stage of an execute-api URL (China partition too) and nothing else', () => {
    // Act / Assess
    expect(executeApiUrl('https://v944po9kjb.execute-api.cn-northwest-1.amazonaws.com.cn/dev/to-first-api')).toEqual({ apiId: 'v944po9kjb', region: 'cn-northwest-1', stage: 'dev' });
    expect(executeApiUrl('wss://k7m2p9q4rx.execute-api.ap-southeast-2.amazonaws.com/prod')).toEqual({ apiId: 'k7m2p9q4rx', region: 'ap-southeast-2', stage: 'prod' });
    expect(executeApiUrl('https://service.azul.data.humancellatlas.org/index/projects')).toBeNull();
  });
});

describe('TranscriptState', () => {
  it('walks curl -v: command → request → head (status) → body (a lone `<` or a blank line)', () => {
    // Prepare
    const state = new TranscriptState();

    // Act / Assess
    state.after(readHttpLine('$ curl -v https://x.example/', false), false);
    expect(state.phase).toBe('request');
    expect(state.expectsBody).toBe(true);
    state.after(readHttpLine('< HTTP/2 502', state.open), false);
    expect(state.phase).toBe('head');
    state.after(readHttpLine('<', state.open), false);
    expect(state.phase).toBe('body');
    state.bodyRead();
    expect(state.phase).toBe('none');
    state.after(readHttpLine('x-amzn-requestid: abcd-1234', state.open), false);
    state.after(null, true);
    expect(state.phase).toBe('body');
  });

  it('keeps a WebSocket session open across frames', () => {
    // Prepare
    const state = new TranscriptState();
    state.after(readHttpLine('wscat -c wss://x.example/prod', false), false);

    // Act
    state.bodyRead();
    state.after(null, false);

    // Assess
    expect(state.phase).toBe('websocket');
  });
});

describe('readClientValue: JSON (or printed) values a client produced', () => {
  it('reads test-invoke-method output, an SDK dump, a header map and a WebSocket frame', () => {
    // Act
    const testInvoke = readClientValue({ status: 502, body: '{"message": "Internal server error"}', log: 'Execution log for request x\n', latency: 12 });
    const sdk = readClientValue({ status: 500, statusText: 'Internal Server Error', data: { status: false } });
    const headers = readClientValue({ 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'TooManyRequestsException' });
    const frame = readClientValue({ message: 'Internal server error', connectionId: 'VNRUSeldSwMCIRQ=', requestId: '<hidden>' });

    // Assess
    expect(testInvoke).toMatchObject({ type: 'test-invoke', status: 502 });
    expect(sdk).toMatchObject({ type: 'sdk-response', status: 500, text: '500 Internal Server Error', body: { status: false } });
    expect(headers).toMatchObject({ type: 'headers', headers: [['content-type', 'application/json'], ['x-amzn-errortype', 'TooManyRequestsException']] });
    expect(frame).toEqual({ type: 'websocket-frame', message: 'Internal server error', requestId: null, connectionId: 'VNRUSeldSwMCIRQ=' });
  });

  it('does not take a proxy response (what a function returned) or an access row for a client dump', () => {
    // Act / Assess
    expect(readClientValue({ statusCode: 502, headers: { a: 'b' }, body: 'x', isBase64Encoded: false })).toBeNull();
    expect(readClientValue({ requestId: RID, status: '502', responseType: 'INTEGRATION_FAILURE' })).toBeNull();
    expect(readClientValue({ 'content-type': 'text/html', server: 'nginx' })).toBeNull();
  });

  it('never throws on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        readClientValue(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('classifying client transcripts', () => {
  it('curl -v of a 502: the status, API Gateway request ids, x-amzn-ErrorType, CloudFront and the body, as low-confidence unknown', () => {
    // Prepare
    const text = [
      '$ curl -v "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/index/projects?size=100"',
      '> GET /prod/index/projects?size=100 HTTP/2',
      '> Host: a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      '>',
      '{ [5 bytes data]',
      '* Request completely sent off',
      '< HTTP/2 502',
      '< content-type: application/json',
      `< x-amzn-requestid: ${RID}`,
      '< x-amzn-errortype: InternalServerErrorException',
      '< x-amz-apigw-id: SJXzdFSdoAMEmDw=',
      '< x-amzn-trace-id: Root=1-699e4882-01d7d0c003396d7931cdb212',
      '< x-cache: Error from cloudfront',
      '<',
      '* Connection #0 to host a1b2c3d4e5.execute-api.us-east-1.amazonaws.com left intact',
      '{"message": "Internal server error"}',
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f).toMatchObject({ cause: 'unknown', requestId: RID, status: 502 });
    expect(f?.details).toMatchObject({
      confidence: 'low', apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', method: 'GET', gatewayErrorType: 'InternalServerErrorException',
      extendedRequestId: 'SJXzdFSdoAMEmDw=', traceId: 'Root=1-699e4882-01d7d0c003396d7931cdb212', cloudfront: 'Error from cloudfront', client: 'curl',
    });
    expect(f?.evidence).toEqual(expect.arrayContaining(['HTTP/2 502', 'x-amzn-errortype: InternalServerErrorException', '{"message": "Internal server error"}']));
  });

  it('curl -i of a 504 whose body says the endpoint timed out: integration_timeout, still low confidence', () => {
    // Prepare
    const text = ['HTTP/1.1 504 Gateway Timeout', 'Content-Type: application/json', `x-amzn-RequestId: ${RID}`, 'x-amzn-ErrorType: InternalServerErrorException', '', '{"message": "Endpoint request timed out"}'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status, f.requestId, f.details['confidence']])).toEqual([['integration_timeout', 504, RID, 'low']]);
  });

  it('an httpie transcript of an HTTP API (apigw-requestid, the HTTP API body)', () => {
    // Prepare
    const text = ['http GET https://h7tq2xk9wb.execute-api.eu-west-1.amazonaws.com/orders', 'HTTP/1.1 500 Internal Server Error', 'Content-Type: application/json', 'apigw-requestid: JJTuVh0SoAMEPmg=', '', '{', '    "message": "Internal Server Error"', '}'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status, f.requestId, f.details['client']])).toEqual([['unknown', 500, 'JJTuVh0SoAMEPmg=', 'http']]);
  });

  it('bare response headers naming the authorizer: authorizer_error, medium confidence, no status claimed', () => {
    // Prepare
    const text = ['x-amzn-RequestId: 9fdf2c04-6239-4220-b0d0-f6178a1acb3b', 'x-amzn-ErrorType: AuthorizerConfigurationException', 'x-cache: Error from cloudfront'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status, f.requestId, f.details['confidence'], f.details['rule']])).toEqual([
      ['authorizer_error', null, '9fdf2c04-6239-4220-b0d0-f6178a1acb3b', 'medium', 'x-amzn-errortype-authorizer-configuration-exception'],
    ]);
  });

  it.each([
    ['a curl -i 404', ['HTTP/2 404', `x-amzn-requestid: ${RID}`, 'x-amzn-errortype: MissingAuthenticationTokenException'], 404],
    ['a 4xx x-amzn-ErrorType without a status line', ['x-amzn-ErrorType: TooManyRequestsException', `x-amzn-RequestId: ${RID}`], 429],
    ['a Python requests log with the header dict', ["2026-02-25 10:55:30 [ERROR] <Response [429]>", "2026-02-25 10:55:30 [ERROR] {'Content-Type': 'application/json', 'x-amzn-RequestId': 'f99318c6-72fd-48ff-9c32-3710d3a9596d', 'x-amzn-ErrorType': 'TooManyRequestsException'}"], 429],
  ])('%s: recognised, no finding, and the status is counted', (_what, lines, status) => {
    // Act
    const report = classifyText(lines.join('\n'));

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.recognized).toBeGreaterThan(0);
    expect(report.tally.statuses).toEqual({ [String(status)]: 1 });
  });

  it('two responses in one paste are two requests (a second status line starts another)', () => {
    // Prepare
    const text = ['HTTP/1.1 100 Continue', '', 'HTTP/1.1 502 Bad Gateway', 'x-amzn-RequestId: 11111111-1111-4111-8111-111111111111', '', '{"message": "Internal server error"}', 'HTTP/1.1 200 OK', 'x-amzn-RequestId: 22222222-2222-4222-8222-222222222222', '', '{"ok": true}'].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.requestId, f.status])).toEqual([['11111111-1111-4111-8111-111111111111', 502]]);
    expect(report.tally.statuses).toEqual({ '200': 1, '502': 1 });
  });

  it('a client transcript and the execution log of the same request join by the request id', () => {
    // Prepare
    const text = [
      'HTTP/2 502',
      `x-amzn-requestid: ${RID}`,
      'x-amzn-errortype: InternalServerErrorException',
      '',
      '{"message": "Internal server error"}',
      `(${RID}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${RID}) Method completed with status: 502`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status, f.details['confidence']])).toEqual([['malformed_proxy_response', RID, 502, 'high']]);
    expect(report.summary.requests).toBe(1);
  });

  it('wscat: the handshake error and an error frame with its request id', () => {
    // Prepare
    const handshake = ['wscat -c wss://k7m2p9q4rx.execute-api.ap-southeast-2.amazonaws.com/prod', 'error: Unexpected server response: 502'].join('\n');
    const frame = ['wscat -c wss://k7m2p9q4rx.execute-api.ap-southeast-2.amazonaws.com/prod', 'Connected (press CTRL+C to quit)', '> {"action":"sendmessage","data":"hi"}', '< {"message": "Internal server error", "connectionId":"VNRUSeldSwMCIRQ=", "requestId":"VNRXVFJOywMF3-Q="}'].join('\n');

    // Act
    const fromHandshake = classifyText(handshake);
    const fromFrame = classifyText(frame);

    // Assess
    expect(fromHandshake.findings.map((f) => [f.cause, f.status, f.details['apiId'], f.details['client']])).toEqual([['unknown', 502, 'k7m2p9q4rx', 'wscat']]);
    expect(fromFrame.findings.map((f) => [f.cause, f.requestId, f.details['inputs']])).toEqual([['unknown', 'VNRXVFJOywMF3-Q=', ['websocket']]]);
  });

  it('a client SDK dump (JavaScript literal) and an axios error carry the status', () => {
    // Prepare
    const dump = ['Making API request', '{ status: 500,', "  statusText: 'Internal Server Error',", '  data: { status: false } }'].join('\n');
    const axios = 'AxiosError: Request failed with status code 502';

    // Act
    const fromDump = classifyText(dump);
    const fromAxios = classifyText(axios);

    // Assess
    expect(fromDump.findings.map((f) => [f.cause, f.status])).toEqual([['unknown', 500]]);
    expect(fromAxios.findings.map((f) => [f.cause, f.status, f.details['client']])).toEqual([['unknown', 502, 'axios']]);
  });

  it('test-invoke-method output: its `log` is read as the execution log it is', () => {
    // Prepare
    const output = JSON.stringify({
      status: 502,
      body: '{"message": "Internal server error"}',
      log: [
        `Execution log for request ${RID}`,
        'Mon Jun 10 10:00:00 UTC 2024 : Endpoint response body before transformations: {"statusCode":200,"body":{"a":1}}',
        'Mon Jun 10 10:00:00 UTC 2024 : Execution failed due to configuration error: Malformed Lambda proxy response',
        'Mon Jun 10 10:00:00 UTC 2024 : Method completed with status: 502',
      ].join('\n'),
      latency: 120,
    }, null, 4);

    // Act
    const report = classifyText(output);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['malformed_proxy_response', RID, 502]]);
  });

  it('test-invoke-method output without a log still has its status', () => {
    // Act
    const report = classifyText(JSON.stringify({ status: 500, body: '{"message": "Internal server error"}', log: '', latency: 3 }));

    // Assess
    expect(report.findings.map((f) => [f.cause, f.status])).toEqual([['unknown', 500]]);
  });
});

describe('AWS SDK errors (botocore)', () => {
  it('reads the code and operation; a numeric code is the status, the message is what the service answered', () => {
    // Act
    const numeric = readHttpLine('botocore.exceptions.ClientError: An error occurred (502) when calling the PostToConnection operation: Bad Gateway', false);
    const typed = readHttpLine('botocore.errorfactory.TooManyRequestsException: An error occurred (TooManyRequestsException) when calling the Invoke operation (reached max retries: 4): Rate Exceeded.', false);
    const report = classifyText('botocore.exceptions.ClientError: An error occurred (502) when calling the PostToConnection operation: Bad Gateway');

    // Assess
    expect(numeric).toEqual({ type: 'sdk-error', code: '502', operation: 'PostToConnection', message: 'Bad Gateway', status: 502 });
    expect(typed).toMatchObject({ type: 'sdk-error', code: 'TooManyRequestsException', operation: 'Invoke', status: null });
    expect(report.findings.map((f) => [f.cause, f.status, f.evidence])).toEqual([['unknown', 502, ['botocore.exceptions.ClientError: An error occurred (502) when calling the PostToConnection operation: Bad Gateway', 'Bad Gateway']]]);
  });

  it('an SDK error naming a gateway 4xx type is no finding', () => {
    // Act
    const report = classifyText('botocore.exceptions.ClientError: An error occurred (ForbiddenException) when calling the GetItems operation: Forbidden');

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.tally.statuses).toEqual({ '403': 1 });
  });
});

describe('test-invoke-method output whose log has no final status line', () => {
  it('puts the status and body on the request the log names: one finding, not two', () => {
    // Prepare
    const output = JSON.stringify({
      status: 500,
      body: '{"message": "Internal server error"}',
      log: `Execution log for request ${RID}\nMon Jun 10 10:00:00 UTC 2024 : Execution failed due to configuration error: Invalid permissions on Lambda function\n`,
      latency: 40,
    });

    // Act
    const report = classifyText(output);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['missing_invoke_permission', RID, 500]]);
  });
});
