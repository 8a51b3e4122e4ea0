/**
 * The Notifier port: delivers one rendered message to one channel (Slack webhook, Slack bot, SNS).
 * Rendering is pure (`domain/render/`); adapters only send. Expected failures are values.
 */
import type { JsonObject } from '../domain/model.ts';
import type { Result } from '../domain/result.ts';

/** A Slack message: fallback text plus Block Kit blocks (already within Slack's limits). */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly JsonObject[];
}

/** An SNS message: subject ≤ 100 characters, a JSON document as the body, and filterable attributes. */
export interface SnsMessage {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One rendered message for one channel. */
export type Notification =
  | { readonly channel: 'slack'; readonly payload: SlackMessage }
  | { readonly channel: 'sns'; readonly subject: string; readonly message: string; readonly attributes: Readonly<Record<string, string>> };

/** Where the first message about an incident went, so later ones reply under it (Slack bot only). */
export interface NotificationThread {
  readonly channel: string;
  readonly ts: string;
}

/** Why a delivery failed after the adapter's own retries. */
export interface DeliveryFailure {
  readonly kind: 'rejected' | 'throttled' | 'unreachable' | 'misconfigured';
  readonly message: string;
}

/** Delivers notifications to one channel. */
export interface Notifier {
  readonly channel: Notification['channel'];
  /** Sends `notification` (as a reply under `thread` when the channel supports threads). */
  deliver(notification: Notification, thread: NotificationThread | null): Promise<Result<{ readonly thread: NotificationThread | null }, DeliveryFailure>>;
}
