import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../../shared/ports/account-reader.ts';
import { metricEvidence, type MetricsRequest } from '../../../../shared/domain/use-cases/diagnose-metrics.ts';

const T0 = Date.parse('2026-11-20T13:58:00.000Z');
const REQUEST: MetricsRequest = { apiName: 'orders-api', stageName: 'prod', functions: ['orders'], startTime: T0 - 3_600_000, endTime: T0 + 600_000 };

/** A per-minute series from T0. */
function series(id: string, values: readonly number[]): MetricSeries {
  return { id, timestamps: values.map((_, i) => T0 + i * 60_000), values };
}

describe('metricEvidence: the functions', () => {
  it('reads Errors = Invocations from the first failing minute on as a function that broke then', () => {
    // Prepare: 3 good minutes, then every invocation fails.
    const metrics = [series('fn0_invocations', [2, 1, 2, 2, 1, 3]), series('fn0_errors', [0, 0, 0, 2, 1, 3])];

    // Act
    const evidence = metricEvidence(metrics, REQUEST, 29_000);

    // Assess
    expect(evidence.map((e) => [e.cause, e.confidence, e.kind])).toEqual([['lambda_function_error', 'medium', 'metrics']]);
    expect(evidence[0]?.message).toBe('orders failed every invocation since 14:01 UTC (Errors = Invocations = 6 from then on; 5 before succeeded)');
  });

  it('keeps errors among successes low, and says nothing of a healthy function', () => {
    // Prepare
    const flaky = [series('fn0_invocations', [4, 4, 4]), series('fn0_errors', [2, 1, 3])];
    const healthy = [series('fn0_invocations', [4, 4, 4]), series('fn0_errors', [0, 0, 0])];

    // Act / Assess
    expect(metricEvidence(flaky, REQUEST, 29_000).map((e) => [e.cause, e.confidence])).toEqual([['lambda_function_error', 'low']]);
    expect(metricEvidence(healthy, REQUEST, 29_000)).toEqual([]);
  });

  it('reads Duration at the function\'s own timeout as a timeout: the gateway\'s when that timeout is as long, else the function\'s', () => {
    // Prepare
    const at29 = [series('fn0_duration', [180, 29_016]), series('fn0_invocations', [1, 1]), series('fn0_errors', [0, 1])];
    const at10 = [series('fn0_duration', [180, 10_004]), series('fn0_invocations', [1, 1]), series('fn0_errors', [0, 1])];

    // Act
    const gateway = metricEvidence(at29, REQUEST, 29_000, new Map([['orders', 29_000]]));
    const own = metricEvidence(at10, REQUEST, 29_000, new Map([['orders', 10_000]]));

    // Assess: the errors are the timeouts, so they speak for the same cause.
    expect(gateway.map((e) => e.cause)).toEqual(['integration_timeout', 'integration_timeout']);
    expect(gateway[0]?.message).toBe("orders's Duration peaked at 29016 ms, at its 29 s timeout: it timed out (the gateway gives up at the integration timeout first)");
    expect(gateway[1]?.message).toContain('(they are the timeouts: Duration is at the timeout)');
    expect(own.map((e) => e.cause)).toEqual(['lambda_function_error', 'lambda_function_error']);
  });

  it('reads Duration past the integration timeout, below the function\'s own, as a 504 the function never knew of', () => {
    // Prepare
    const metrics = [series('fn0_duration', [41_322])];

    // Act
    const evidence = metricEvidence(metrics, REQUEST, 29_000, new Map([['orders', 60_000]]));

    // Assess
    expect(evidence.map((e) => [e.cause, e.message])).toEqual([['integration_timeout', "orders's Duration peaked at 41322 ms, past the 29000 ms integration timeout: the client got a 504 while it still ran"]]);
  });

  it('still says the call never reached a function invoked 0 times while the API returned 5xx', () => {
    // Prepare
    const metrics = [series('api_5xx', [0, 3]), series('fn0_invocations', [0, 0])];

    // Act
    const evidence = metricEvidence(metrics, REQUEST, 29_000);

    // Assess
    expect(evidence.map((e) => [e.cause, e.kind])).toEqual([['missing_invoke_permission', 'metrics']]);
  });
});
