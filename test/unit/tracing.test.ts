import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubLambdaEnv } from './functions/lambda-harness.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('tracing', () => {
  it('keeps X-Ray off when POWERTOOLS_TRACE_ENABLED=false, even inside a Lambda execution environment, and leaves clients untouched', async () => {
    // Prepare
    stubLambdaEnv('apigw-doctor-worker');
    const { tracer, traceClient } = await import('../../shared/tracing.ts');
    const client = { send: async () => ({}) };
    // Act / Assess
    expect(process.env['AWS_EXECUTION_ENV']).toMatch(/^AWS_Lambda_nodejs/);
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(traceClient(client)).toBe(client);
  });
});
