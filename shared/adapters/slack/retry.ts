/**
 * The one retry loop the Slack adapters share: at most a few attempts within a bounded total wait,
 * honouring Slack's `Retry-After` (seconds, or an HTTP date). The Slack clients' own retries are
 * turned off, so there is exactly one policy, and the sleep and clock are injectable so tests can
 * check the waits without waiting.
 */
import type { DeliveryFailure } from '../../ports/notifier.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** How the retry loop behaves. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The most the loop may sleep in total; a `Retry-After` beyond what is left ends it instead. */
  readonly maxTotalWaitMs: number;
  /** The wait before the second attempt when the server gave no `Retry-After` (doubled each time). */
  readonly baseDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock an HTTP-date `Retry-After` is measured against. */
  readonly now: () => number;
}

/** At most 3 attempts within 30 s: a notification that late is still useful, one later than that is noise. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  maxTotalWaitMs: 30_000,
  baseDelayMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** The outcome of one attempt: done, or failed (retryable or not, with the server's wait if it gave one). */
export type Attempt<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: DeliveryFailure; readonly retryable: boolean; readonly retryAfter: string | null };

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

/** Runs `attempt` until it succeeds, fails for good, or the attempts or the wait budget run out. */
export async function withRetries<T>(attempt: () => Promise<Attempt<T>>, policy: RetryPolicy): Promise<Result<T, DeliveryFailure>> {
  let waited = 0;
  for (let n = 1; ; n += 1) {
    const result = await attempt();
    if (result.ok) return ok(result.value);
    if (!result.retryable) return err(result.failure);
    if (n >= policy.maxAttempts) return err({ ...result.failure, message: `${result.failure.message} (gave up after ${n} attempts)` });
    const wait = parseRetryAfter(result.retryAfter, policy.now()) ?? policy.baseDelayMs * 2 ** (n - 1);
    if (waited + wait > policy.maxTotalWaitMs) {
      return err({ ...result.failure, message: `${result.failure.message} (asked to wait ${Math.ceil(wait / 1000)} s, over the ${Math.round(policy.maxTotalWaitMs / 1000)} s retry budget)` });
    }
    await policy.sleep(wait);
    waited += wait;
  }
}
