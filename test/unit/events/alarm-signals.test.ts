import { describe, expect, it } from 'vitest';
import { alarmArnParts, alarmToSignals, normaliseTime, type AlarmFacts } from '../../../shared/events/alarm-signals.ts';

const BASE: AlarmFacts = {
  alarmName: 'orders-api-prod-5xx',
  state: 'ALARM',
  reason: 'Threshold Crossed',
  time: '2026-11-20T14:03:40.512Z',
  region: 'us-east-1',
  account: '123456789012',
  metrics: [],
  composite: null,
};

describe('normaliseTime', () => {
  it.each([
    ['2026-11-20T14:03:40.512+0000', '2026-11-20T14:03:40.512Z'],
    ['2026-11-20T16:03:40.512+0200', '2026-11-20T14:03:40.512Z'],
    ['2026-11-20T14:03:40Z', '2026-11-20T14:03:40.000Z'],
  ])('reads %s as %s', (text, iso) => {
    // Act
    const result = normaliseTime(text);

    // Assess
    expect(result).toBe(iso);
  });

  it.each([[''], ['yesterday'], [undefined], [null]])('gives null for %s', (text) => {
    // Act
    const result = normaliseTime(text);

    // Assess
    expect(result).toBeNull();
  });
});

describe('alarmArnParts', () => {
  it('reads region and account from an alarm ARN, trimming stray spaces', () => {
    // Act
    const parts = [
      alarmArnParts('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:payments-api-live-5xx'),
      alarmArnParts('arn:aws:cloudwatch:us-east-1: 111122223333:alarm:SuppressionDemo.Main'),
    ];

    // Assess
    expect(parts).toEqual([
      { region: 'eu-west-1', account: '123456789012' },
      { region: 'us-east-1', account: '111122223333' },
    ]);
  });

  it.each([[undefined], [''], ['arn:aws:sns:eu-west-1:123456789012:topic'], ['not an arn']])('gives nulls for %s', (arn) => {
    // Act
    const parts = alarmArnParts(arn);

    // Assess
    expect(parts).toEqual({ region: null, account: null });
  });
});

describe('alarmToSignals', () => {
  it('only AWS/ApiGateway 5XXError and 5xx count: same names in other namespaces are ignored', () => {
    // Prepare
    const facts: AlarmFacts = {
      ...BASE,
      metrics: [
        { namespace: 'Custom/Orders', name: '5XXError', dimensions: { ApiName: 'orders-api' } },
        { namespace: 'AWS/ApplicationELB', name: 'HTTPCode_Target_5XX_Count', dimensions: {} },
      ],
    };

    // Act
    const result = alarmToSignals(facts);

    // Assess
    expect(result).toEqual({
      signals: [],
      ignored: [
        {
          reason:
            'alarm "orders-api-prod-5xx" watches Custom/Orders 5XXError, AWS/ApplicationELB HTTPCode_Target_5XX_Count, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)',
        },
      ],
    });
  });

  it('shortens the metric list of a large metric-math alarm', () => {
    // Prepare
    const metrics = ['A', 'B', 'C', 'D', 'E'].map((name) => ({ namespace: 'AWS/Lambda', name, dimensions: {} }));

    // Act
    const result = alarmToSignals({ ...BASE, metrics });

    // Assess
    expect(result.ignored).toEqual([
      { reason: 'alarm "orders-api-prod-5xx" watches AWS/Lambda A, AWS/Lambda B, AWS/Lambda C and 2 more, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)' },
    ]);
  });

  it('separates REST and HTTP 5xx metrics of one alarm into two signals', () => {
    // Prepare
    const facts: AlarmFacts = {
      ...BASE,
      metrics: [
        { namespace: 'AWS/ApiGateway', name: '5XXError', dimensions: { ApiName: 'orders-api', Stage: 'prod' } },
        { namespace: 'AWS/ApiGateway', name: '5xx', dimensions: { ApiId: 'h7tq2xk9wb', Stage: '$default' } },
      ],
    };

    // Act
    const { signals } = alarmToSignals(facts);

    // Assess
    expect(signals.map((s) => [s.apiKind, s.apiId, s.apiName, s.stage])).toEqual([
      ['rest', null, 'orders-api', 'prod'],
      ['http', 'h7tq2xk9wb', null, '$default'],
    ]);
  });

  it('omits reason and time when the alarm has none', () => {
    // Prepare
    const facts: AlarmFacts = {
      ...BASE,
      reason: null,
      time: null,
      metrics: [{ namespace: 'AWS/ApiGateway', name: '5xx', dimensions: { ApiId: 'h7tq2xk9wb' } }],
    };

    // Act
    const { signals } = alarmToSignals(facts);

    // Assess
    expect(signals).toEqual([
      { source: 'alarm', apiId: 'h7tq2xk9wb', apiName: null, stage: null, state: 'ALARM', region: 'us-east-1', account: '123456789012', apiKind: 'http', alarmName: 'orders-api-prod-5xx' },
    ]);
  });
});
