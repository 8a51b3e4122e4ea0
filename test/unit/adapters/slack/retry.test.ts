import { describe, expect, it } from 'vitest';
import { parseRetryAfter, withRetries, type Attempt } from '../../../../shared/adapters/slack/retry.ts';

const NOW = Date.parse('2026-11-20T14:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each([
    ['1', 1000],
    [' 30 ', 30_000],
    ['Fri, 20 Nov 2026 14:00:05 GMT', 5000],
    ['Fri, 20 Nov 2026 13:59:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
  ])('reads %j as %j ms', (header, ms) => {
    // Prepare
    const value = header;

    // Act
    const wait = parseRetryAfter(value, NOW);

    // Assess
    expect(wait).toBe(ms);
  });
});

describe('withRetries', () => {
  it('stops at the first success, at a permanent failure, or at the attempt limit', async () => {
    // Prepare
    const waits: number[] = [];
    const policy = { maxAttempts: 3, maxTotalWaitMs: 30_000, baseDelayMs: 500, sleep: async (ms: number) => { waits.push(ms); }, now: () => NOW };
    const failing = (retryable: boolean): Attempt<string> => ({ ok: false, retryable, retryAfter: null, failure: { kind: 'unreachable', message: 'down' } });
    const script = (...answers: Attempt<string>[]) => {
      let n = 0;
      return async () => answers[Math.min(n++, answers.length - 1)] ?? failing(false);
    };

    // Act
    const results = [
      await withRetries(script(failing(true), { ok: true, value: 'sent' }), policy),
      await withRetries(script(failing(false)), policy),
      await withRetries(script(failing(true)), policy),
    ];

    // Assess
    expect(results).toStrictEqual([
      { ok: true, value: 'sent' },
      { ok: false, error: { kind: 'unreachable', message: 'down' } },
      { ok: false, error: { kind: 'unreachable', message: 'down (gave up after 3 attempts)' } },
    ]);
    expect(waits).toStrictEqual([500, 500, 1000]);
  });
});
