/**
 * The Notifier over a Slack app's bot token (`@slack/web-api` `WebClient.chat.postMessage`). Unlike a
 * webhook it can reply in a thread: the first message about an incident is top-level and its
 * `{channel, ts}` comes back as the thread; `ongoing` and `resolved` messages are passed that thread
 * and go out as replies (`thread_ts`) under it.
 *
 * The client's own retries are off (`retryConfig: { retries: 0 }`) and rate-limited calls are
 * rejected instead of queued (`rejectRateLimitedCalls`), so the one retry loop in `retry.ts` decides,
 * honouring `Retry-After` the same way as the webhook notifier. Its default policy would otherwise
 * retry for about 30 minutes, far past a Lambda's timeout.
 */
import { LogLevel, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, WebClient } from '@slack/web-api';
import type { DeliveryFailure, Notification, NotificationThread, Notifier } from '../../ports/notifier.ts';
import { ok, type Result } from '../../domain/result.ts';
import { redactSecrets } from '../../domain/render/redact.ts';
import { DEFAULT_RETRY_POLICY, withRetries, type Attempt, type RetryPolicy } from './retry.ts';
import type { SlackCredential } from './slack-secret.ts';
import { slackDeliveryInput } from './blocks.ts';

/** How to build a bot notifier. */
export interface BotNotifierOptions {
  /** The bot token (`xoxb-…`), or a function reading it (`slackSecret({ secretName, field: 'botToken' })`). */
  readonly token: SlackCredential;
  /** The channel id (`C0123456789`) new incidents are posted to. */
  readonly channel: string;
  /** The Web API base URL (default `https://slack.com/api/`); tests point it at a loopback server. */
  readonly slackApiUrl?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms (default 10 s). */
  readonly timeoutMs?: number;
}

/** Platform errors about the token, the app or the channel: a person has to fix the setup. */
const MISCONFIGURED = new Set([
  'not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope',
  'channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'team_access_not_granted', 'ekm_access_denied', 'access_denied',
]);
/** Platform errors Slack documents as transient. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function classify(error: unknown): Attempt<never> {
  if (error instanceof WebAPIRateLimitedError) {
    return { ok: false, retryable: true, retryAfter: String(error.retryAfter), failure: { kind: 'throttled', message: `Slack rate-limited chat.postMessage (retry after ${error.retryAfter} s)` } };
  }
  if (error instanceof WebAPIHTTPError) {
    const retryAfter = Object.entries(error.headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1] ?? null;
    const message = `Slack answered HTTP ${error.statusCode} ${error.statusMessage}`.trim();
    const retryable = error.statusCode >= 500 || error.statusCode === 429;
    return { ok: false, retryable, retryAfter, failure: { kind: retryable ? (error.statusCode === 429 ? 'throttled' : 'unreachable') : 'rejected', message } };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    const detail = (error.data.response_metadata?.messages ?? []).join('; ');
    const message = redactSecrets(`Slack refused chat.postMessage: ${code}${detail === '' ? '' : ` (${detail.slice(0, 300)})`}`);
    if (TRANSIENT.has(code)) return { ok: false, retryable: true, retryAfter: null, failure: { kind: code === 'ratelimited' ? 'throttled' : 'unreachable', message } };
    return { ok: false, retryable: false, retryAfter: null, failure: { kind: MISCONFIGURED.has(code) ? 'misconfigured' : 'rejected', message } };
  }
  // A 429 whose Retry-After the client could not read: still a rate limit, so back off and retry.
  if (error instanceof Error && error.message.startsWith('Retry header did not contain a valid timeout')) {
    return { ok: false, retryable: true, retryAfter: null, failure: { kind: 'throttled', message: 'Slack rate-limited chat.postMessage (no readable Retry-After)' } };
  }
  if (error instanceof WebAPIRequestError) {
    return { ok: false, retryable: true, retryAfter: null, failure: { kind: 'unreachable', message: redactSecrets(`Slack unreachable (${error.original.message})`) } };
  }
  return { ok: false, retryable: false, retryAfter: null, failure: { kind: 'unreachable', message: redactSecrets(`Slack call failed: ${error instanceof Error ? error.message : String(error)}`) } };
}

/** Builds the bot notifier. */
export function createBotNotifier(options: BotNotifierOptions): Notifier {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const clients = new Map<string, WebClient>();
  const clientFor = (token: string): WebClient => {
    let client = clients.get(token);
    if (client === undefined) {
      client = new WebClient(token, {
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: options.timeoutMs ?? 10_000,
        logLevel: LogLevel.ERROR,
      });
      // A rotated token gets its own client; the old one is dropped.
      clients.clear();
      clients.set(token, client);
    }
    return client;
  };
  return {
    channel: 'slack',
    async deliver(notification: Notification, thread: NotificationThread | null): Promise<Result<{ readonly thread: NotificationThread | null }, DeliveryFailure>> {
      const input = await slackDeliveryInput(notification, options.token, 'Slack bot notifier', 'Slack bot token');
      if (!input.ok) return input;
      const { text, blocks, secret: token } = input.value;
      const client = clientFor(token);
      const channel = thread?.channel ?? options.channel;
      const posted = await withRetries(async (): Promise<Attempt<{ readonly channel: string; readonly ts: string | null }>> => {
        try {
          const response = await client.chat.postMessage({
            channel,
            text,
            blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(thread === null ? {} : { thread_ts: thread.ts }),
          });
          return { ok: true, value: { channel: response.channel ?? channel, ts: response.ts ?? null } };
        } catch (error: unknown) {
          return classify(error);
        }
      }, policy);
      if (!posted.ok) return posted;
      // A reply stays under the first message; a first message becomes the thread.
      if (thread !== null) return ok({ thread });
      return ok({ thread: posted.value.ts === null ? null : { channel: posted.value.channel, ts: posted.value.ts } });
    },
  };
}
