/**
 * The Notifier over a Slack incoming webhook (`@slack/webhook` `IncomingWebhook`). A webhook posts
 * to one fixed channel and cannot reply in a thread, so every message is top-level and no thread is
 * returned. Retries (429 with `Retry-After`, 5xx, network errors) are this adapter's, not the
 * client's: see `retry.ts`. The webhook URL is itself a credential, so it never appears in a
 * failure message.
 */
import { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError, type FetchFunction } from '@slack/webhook';
import type { DeliveryFailure, Notification, NotificationThread, Notifier } from '../../ports/notifier.ts';
import { ok, type Result } from '../../domain/result.ts';
import { redactSecrets } from '../../domain/render/redact.ts';
import { slackDeliveryInput } from './blocks.ts';
import { DEFAULT_RETRY_POLICY, withRetries, type Attempt, type RetryPolicy } from './retry.ts';
import type { SlackCredential } from './slack-secret.ts';

/** How to build a webhook notifier. */
export interface WebhookNotifierOptions {
  /** The webhook URL, or a function reading it (`slackSecret({ secretName, field: 'webhookUrl' })`). */
  readonly webhookUrl: SlackCredential;
  /** Overrides of the retry policy (tests inject `sleep`). */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms (default 10 s: a Lambda should not hang on Slack). */
  readonly timeoutMs?: number;
}

/** Webhook error bodies that mean the URL or its channel is wrong rather than the message. */
const MISCONFIGURED = /^(?:no_service|no_service_id|no_team|team_disabled|invalid_token|channel_not_found|channel_is_archived|action_prohibited|posting_to_general_channel_denied|user_not_found|no_active_hooks)\b/;

function classify(error: unknown, retryAfter: string | null): Attempt<never> {
  if (error instanceof IncomingWebhookHTTPError) {
    const body = redactSecrets(error.body.trim().slice(0, 200));
    const message = `Slack webhook answered ${error.statusCode}${body === '' ? '' : ` ${body}`}`;
    if (error.statusCode === 429) return { ok: false, retryable: true, retryAfter, failure: { kind: 'throttled', message } };
    if (error.statusCode >= 500) return { ok: false, retryable: true, retryAfter, failure: { kind: 'unreachable', message } };
    const kind: DeliveryFailure['kind'] = MISCONFIGURED.test(body) || error.statusCode === 403 || error.statusCode === 404 || error.statusCode === 410 ? 'misconfigured' : 'rejected';
    return { ok: false, retryable: false, retryAfter: null, failure: { kind, message } };
  }
  if (error instanceof IncomingWebhookRequestError) {
    const cause = error.original.cause instanceof Error ? `: ${error.original.cause.message}` : '';
    return { ok: false, retryable: true, retryAfter: null, failure: { kind: 'unreachable', message: redactSecrets(`Slack webhook unreachable (${error.original.message}${cause})`) } };
  }
  return { ok: false, retryable: false, retryAfter: null, failure: { kind: 'unreachable', message: redactSecrets(`Slack webhook failed: ${error instanceof Error ? error.message : String(error)}`) } };
}

/** Builds the webhook notifier. */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeout = options.timeoutMs ?? 10_000;
  return {
    channel: 'slack',
    async deliver(notification: Notification, _thread: NotificationThread | null): Promise<Result<{ readonly thread: NotificationThread | null }, DeliveryFailure>> {
      const input = await slackDeliveryInput(notification, options.webhookUrl, 'Slack webhook notifier', 'Slack webhook URL');
      if (!input.ok) return input;
      const { text, blocks, secret: url } = input.value;
      // The client throws on a non-2xx answer without its headers, so the fetch it uses keeps the
      // last `Retry-After` for the retry loop. One client per delivery keeps that state unshared.
      let retryAfter: string | null = null;
      const fetchKeepingRetryAfter: FetchFunction = async (input, init) => {
        const response = await globalThis.fetch(input, init);
        retryAfter = response.headers.get('retry-after');
        return response;
      };
      const webhook = new IncomingWebhook(url, { fetch: fetchKeepingRetryAfter, timeout, retryConfig: { retries: 0 } });
      const sent = await withRetries(async (): Promise<Attempt<null>> => {
        retryAfter = null;
        try {
          await webhook.send({ text, blocks, unfurl_links: false, unfurl_media: false });
          return { ok: true, value: null };
        } catch (error: unknown) {
          return classify(error, retryAfter);
        }
      }, policy);
      return sent.ok ? ok({ thread: null }) : sent;
    },
  };
}
