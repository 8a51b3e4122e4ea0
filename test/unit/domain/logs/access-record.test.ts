import { describe, expect, it } from 'vitest';
import { readAccessRecord } from '../../../../shared/domain/logs/access-record.ts';
import { classifyEvents, classifyText } from '../../../../shared/domain/classify/classify.ts';

const A = '8a699106-8d59-11e8-905d-b3747276ed60';
const B = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';
/** An HTTP API request id (`$context.requestId` of an HTTP API is base64 text, not a UUID). */
const HTTP_ID = 'JJTuVh0SoAMEPmg=';

describe('readAccessRecord: status and request id under any field name', () => {
  it.each([
    ['rid / code / lat (the review case)', { rid: A, code: '502', lat: '15' }, A, 502],
    ['req_id / http_status as a number', { req_id: A, http_status: 502 }, A, 502],
    ['RequestId / StatusCode', { RequestId: A, StatusCode: '504' }, A, 504],
    ['x-request-id / response-code', { 'x-request-id': A, 'response-code': '500' }, A, 500],
    ['camelCase httpStatus / apigwRequestId', { apigwRequestId: A, httpStatus: '503' }, A, 503],
    ['nested request.id / response.status', { request: { id: A }, response: { status: 502, latency: 31 } }, A, 502],
    ['nested ctx.requestId / ctx.status', { ctx: { requestId: A, status: '502' } }, A, 502],
    ['a status name of its own (gw_resp_status)', { id: A, gw_resp_status: '500' }, A, 500],
    ['an HTTP API id under a nameless key, status under "st"', { a: HTTP_ID, st: '503', verb: 'GET' }, HTTP_ID, 503],
    ['no names at all: a UUID, a status, a response type', { a: A, b: '502', c: 'INTEGRATION_FAILURE' }, A, 502],
    ['extendedRequestId only', { extendedRequestId: 'LN2ZqE5xoAMEMpw=', status: '500' }, 'LN2ZqE5xoAMEMpw=', 500],
  ])('%s', (_name, row, requestId, status) => {
    // Prepare: the row as JSON.parse gives it

    // Act
    const record = readAccessRecord(row);

    // Assess
    expect(record).toMatchObject({ requestId, status, accessRow: true });
  });

  it('keeps reading the usual $context names (requestId, status, responseType, httpMethod, path)', () => {
    // Prepare
    const row = { requestId: A, status: '502', responseType: 'INTEGRATION_FAILURE', httpMethod: 'POST', path: '/orders', integrationStatus: '200', integrationLatency: '29001', responseLatency: '29005' };

    // Act
    const record = readAccessRecord(row);

    // Assess
    expect(record).toMatchObject({ requestId: A, status: 502, responseType: 'INTEGRATION_FAILURE', method: 'POST', path: '/orders', integrationStatus: '200', integrationLatencyMs: 29001, latencyMs: 29005 });
  });
});

describe('readAccessRecord: precedence when several fields look like a status or an id', () => {
  it.each([
    ['status beats integrationStatus', { requestId: A, integrationStatus: '200', status: '502' }, 502],
    ['integrationStatus alone is not the client status', { requestId: A, integrationStatus: '200' }, null],
    ['integration.status (what the code returned) is not the client status', { requestId: A, integration: { status: '200' }, code: '502' }, 502],
    ['status beats code, whatever the key order', { requestId: A, code: '500', status: '502' }, 502],
    ['statusCode beats a name ending in code', { requestId: A, errorCode: '500', statusCode: '502' }, 502],
    ['httpStatus beats a name ending in code, whatever the key order', { requestId: A, errorCode: '500', httpStatus: '502' }, 502],
    ['code beats another name ending in code', { requestId: A, errCode: '500', code: '502' }, 502],
    ['a three-digit latency is never a status', { requestId: A, responseLatency: '502', status: '200' }, 200],
    ['a three-digit length or port is never a status', { requestId: A, responseLength: '502', sourcePort: '443' }, null],
    ['an authorizer status is not the client status', { requestId: A, authorizer: { status: '200' } }, null],
    ['two nameless statuses that disagree: neither is guessed', { a: A, b: '502', c: '200' }, null],
    ['a nameless value that is no registered status (a 245 ms latency) is not one', { a: A, b: '245', c: '502' }, 502],
  ])('%s', (_name, row, status) => {
    // Prepare: the row as JSON.parse gives it

    // Act
    const record = readAccessRecord(row);

    // Assess
    expect(record?.status).toBe(status);
  });

  it("prefers API Gateway's request id over the Lambda's and the trace's, and guesses none between two nameless ids", () => {
    // Prepare
    const named = { lambdaRequestId: B, xrayTraceId: '1-5c756de5-f69ee0aea16ccb26b0eb5c51', rid: A, status: '502' };
    const integration = { integration: { requestId: B }, id: A, status: '502' };
    const twoNameless = { a: A, b: B, status: '502' };

    // Act
    const records = [named, integration, twoNameless].map((r) => readAccessRecord(r)?.requestId);

    // Assess
    expect(records).toEqual([A, A, null]);
  });

  it('reads a nameless status in a tab-separated row, skipping a latency that is no registered status', () => {
    // Prepare
    const row = `${A}\tGET\t/orders\t245\t502\tINTEGRATION_FAILURE`;

    // Act
    const record = readAccessRecord(row);

    // Assess
    expect(record).toMatchObject({ requestId: A, method: 'GET', path: '/orders', status: 502, responseType: 'INTEGRATION_FAILURE' });
  });
});

describe('readAccessRecord: what is not an access record', () => {
  it('marks JSON without any access-log mark as no access row, and a client body as a client body', () => {
    // Prepare
    const values = [{ foo: 'bar', n: 502 }, { message: 'Endpoint request timed out' }];

    // Act
    const [arbitrary, client] = values.map((v) => readAccessRecord(v));

    // Assess
    expect(arbitrary).toMatchObject({ accessRow: false, status: null });
    expect(client).toMatchObject({ accessRow: false, clientBody: true });
  });
});

describe('classifying access rows with arbitrary field names', () => {
  it('finds the failing request of the review case (rid / code / lat) instead of an all-clear', () => {
    // Prepare
    const text = JSON.stringify({ rid: A, code: '502', lat: '15' });

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['unknown', A, 502]]);
    expect(report.unreadable).toEqual([]);
  });

  it('classifies by the error text and response type values, whatever their keys are called', () => {
    // Prepare
    const rows = [
      { rid: A, code: '504', e: 'Endpoint request timed out', t: 'INTEGRATION_TIMEOUT', lat: '29010' },
      { reqId: B, http: { code: 500 }, why: { text: 'Execution failed due to configuration error: Invalid permissions on Lambda function' } },
    ].map((r) => JSON.stringify(r));

    // Act
    const report = classifyText(rows.join('\n'));

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([
      ['integration_timeout', A, 504],
      ['missing_invoke_permission', B, 500],
    ]);
    expect(report.findings[0]?.details['responseType']).toBe('INTEGRATION_TIMEOUT');
  });

  it('joins a renamed access row to the execution lines of the same request', () => {
    // Prepare
    const text = [`(${A}) Execution failed due to a timeout error`, JSON.stringify({ req_id: A, http_status: '504', integ_latency: '29000' })].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.summary.requests).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'integration_timeout', requestId: A, status: 504, details: { integrationLatencyMs: 29000 } });
  });

  it('reads renamed access rows delivered by a subscription the same way', () => {
    // Prepare
    const events = [
      { timestamp: 1, message: JSON.stringify({ rid: A, code: '502', err: 'Lambda Customer Function Error:Task timed out after 3.00 seconds' }) },
      { timestamp: 2, message: JSON.stringify({ rid: B, code: '200' }) },
    ];

    // Act
    const report = classifyEvents(events);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['lambda_function_error', A, 502]]);
    expect(report.unreadable).toEqual([]);
  });

  it('reports an access row whose status cannot be found as unreadable, never as healthy', () => {
    // Prepare
    const text = [JSON.stringify({ rid: A, lat: '15' }), JSON.stringify({ rid: B, code: '200' }), JSON.stringify({ a: '4f3e3b0f-0000-4000-8000-000000000001', b: '502', c: '200' })].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.unreadable).toEqual([
      { line: 1, requestId: A },
      { line: 3, requestId: '4f3e3b0f-0000-4000-8000-000000000001' },
    ]);
    expect(report.recognized).toBe(3);
  });

  it('does not count arbitrary JSON as API Gateway traffic', () => {
    // Prepare
    const text = '{"foo": "bar", "n": 502}';

    // Act
    const report = classifyText(text);

    // Assess
    expect(report).toMatchObject({ findings: [], recognized: 0, unreadable: [] });
  });
});
