import { describe, expect, it } from 'vitest';
import { logBatchToSignals } from '../../../shared/events/log-signals.ts';
import type { DecodedLogBatch } from '../../../shared/events/types.ts';

function batch(logGroup: string, messages: readonly string[], overrides: Partial<DecodedLogBatch> = {}): DecodedLogBatch {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: '5e1b9d7f3a2c8046e4b0d6f2a8c1e9b3',
    subscriptionFilters: ['apigw-doctor'],
    logEvents: messages.map((message, i) => ({ id: String(1000 + i), timestamp: 1795183520000 + i * 1000, message })),
    ...overrides,
  };
}

describe('logBatchToSignals: execution logs', () => {
  it('reads apiId and stage from the execution log group, keeping stage case and slashes', () => {
    // Prepare
    const input = batch('API-Gateway-Execution-Logs_uwe3g5jm54/Prod', ['(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Method completed with status: 502']);

    // Act
    const { signals, ignored } = logBatchToSignals(input);

    // Assess
    expect(ignored).toEqual([]);
    expect(signals).toEqual([
      {
        source: 'logs',
        apiId: 'uwe3g5jm54',
        apiName: null,
        stage: 'Prod',
        state: null,
        region: null,
        account: '123456789012',
        apiKind: 'rest',
        logGroup: 'API-Gateway-Execution-Logs_uwe3g5jm54/Prod',
        logKind: 'execution',
        events: [{ timestamp: 1795183520000, message: '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Method completed with status: 502' }],
        time: '2026-11-20T14:05:20.000Z',
      },
    ]);
  });

  it('uses the latest timestamp as the signal time even when events are out of order', () => {
    // Prepare
    const input: DecodedLogBatch = {
      ...batch('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []),
      logEvents: [
        { id: '1', timestamp: 1795183530000, message: 'b' },
        { id: '2', timestamp: 1795183520000, message: 'a' },
      ],
    };

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals[0]?.time).toBe('2026-11-20T14:05:30.000Z');
  });
});

describe('logBatchToSignals: access logs', () => {
  it('groups JSON rows by apiId and stage, in first-seen order', () => {
    // Prepare
    const input = batch('/aws/apigateway/shared-access', [
      '{"requestId":"r1","apiId":"a1b2c3d4e5","stage":"prod","resourcePath":"/orders","status":"502"}',
      '{"requestId":"r2","apiId":"q9w8e7r6t5","stage":"dev","resourcePath":"/pay","status":"500"}',
      '{"requestId":"r3","apiId":"a1b2c3d4e5","stage":"prod","resourcePath":"/orders","status":"200"}',
    ]);

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals.map((s) => [s.apiId, s.stage, s.apiKind, s.logKind, s.events?.map((e) => e.message.slice(14, 16))])).toEqual([
      ['a1b2c3d4e5', 'prod', 'rest', 'access', ['r1', 'r3']],
      ['q9w8e7r6t5', 'dev', 'rest', 'access', ['r2']],
    ]);
  });

  it('recognises an HTTP API row by its routeKey field', () => {
    // Prepare
    const input = batch('/aws/apigateway/checkout', [
      '{"requestId":"Kq3yWFmdoAMEbJw=","apiId":"h7tq2xk9wb","stage":"$default","routeKey":"POST /checkout","status":"500","integrationErrorMessage":"-"}',
    ]);

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals.map((s) => [s.apiId, s.stage, s.apiKind])).toEqual([['h7tq2xk9wb', '$default', 'http']]);
  });

  it('accepts snake_case field names and treats "-" as no value', () => {
    // Prepare
    const input = batch('/aws/apigateway/orders', ['{"api_id":"a1b2c3d4e5","stage_name":"-","resource_path":"/orders"}']);

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals.map((s) => [s.apiId, s.stage, s.apiKind])).toEqual([['a1b2c3d4e5', null, 'rest']]);
  });

  it('leaves api, stage and kind unknown for non-JSON rows and for escaped keys inside values', () => {
    // Prepare
    const input = batch('/aws/apigateway/orders-clf', [
      '203.0.113.42 - - [20/Nov/2026:14:05:20 +0000] "GET /orders HTTP/1.1" 502 36 Lambda Customer Function Error:boom',
      '{"note":"{\\"apiId\\":\\"zzzzzzzzzz\\"}","status":"502"}',
    ]);

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals.map((s) => [s.apiId, s.stage, s.apiKind, s.events?.length])).toEqual([[null, null, 'unknown', 2]]);
  });

  it('reads the first value when a row repeats a field', () => {
    // Prepare
    const input = batch('/aws/apigateway/orders', ['{"apiId":"a1b2c3d4e5","stage":"prod","requestContext":{"apiId":"other00000","stage":"beta"}}']);

    // Act
    const { signals } = logBatchToSignals(input);

    // Assess
    expect(signals.map((s) => [s.apiId, s.stage, s.apiKind])).toEqual([['a1b2c3d4e5', 'prod', 'unknown']]);
  });
});

describe('logBatchToSignals: batches without data', () => {
  it('ignores a DATA_MESSAGE with no log events', () => {
    // Act
    const result = logBatchToSignals(batch('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []));

    // Assess
    expect(result).toEqual({ signals: [], ignored: [{ reason: 'log batch from API-Gateway-Execution-Logs_a1b2c3d4e5/prod has no log events' }] });
  });

  it('ignores an unknown message type', () => {
    // Act
    const result = logBatchToSignals(batch('x', ['y'], { messageType: 'FUTURE_MESSAGE' }));

    // Assess
    expect(result).toEqual({ signals: [], ignored: [{ reason: 'CloudWatch Logs message type "FUTURE_MESSAGE" carries no log data' }] });
  });
});
