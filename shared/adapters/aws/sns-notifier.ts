/**
 * The Notifier over an SNS topic: one `Publish` with the rendered subject, the JSON message and the
 * message attributes (all `String`, so subscription filter policies can match them). Retries are the
 * SDK's (adaptive mode, see `createSnsClient`); what is left after them comes back as a failure value.
 */
import { PublishCommand, SNSClient, type MessageAttributeValue } from '@aws-sdk/client-sns';
import type { DeliveryFailure, Notification, NotificationThread, Notifier } from '../../ports/notifier.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { redactSecrets } from '../../domain/render/redact.ts';
import type { ClientInstrument } from './clients.ts';

/** How to build the SNS notifier. */
export interface SnsNotifierOptions {
  readonly client: Pick<SNSClient, 'send'>;
  readonly topicArn: string;
}

/** Errors that mean the topic, its key or our permissions are wrong: a person has to fix the setup. */
const MISCONFIGURED = new Set([
  'AuthorizationErrorException', 'NotFoundException', 'InvalidSecurityException', 'KMSAccessDeniedException', 'KMSDisabledException',
  'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired', 'EndpointDisabledException', 'PlatformApplicationDisabledException',
  'AccessDeniedException', 'UnrecognizedClientException', 'ExpiredTokenException',
]);
/** Errors about the message itself. */
const REJECTED = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'ValidationException']);
/** Throttling left over after the SDK's own retries. */
const THROTTLED = new Set(['ThrottledException', 'ThrottlingException', 'KMSThrottlingException', 'TooManyRequestsException']);

function failureOf(error: unknown): DeliveryFailure {
  const name = error instanceof Error ? error.name : 'Error';
  const message = redactSecrets(`SNS Publish failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
  if (MISCONFIGURED.has(name)) return { kind: 'misconfigured', message };
  if (REJECTED.has(name)) return { kind: 'rejected', message };
  if (THROTTLED.has(name)) return { kind: 'throttled', message };
  return { kind: 'unreachable', message };
}

/** Builds the SNS notifier. SNS has no threads, so no thread is returned. */
export function createSnsNotifier(options: SnsNotifierOptions): Notifier {
  return {
    channel: 'sns',
    async deliver(notification: Notification, _thread: NotificationThread | null): Promise<Result<{ readonly thread: NotificationThread | null }, DeliveryFailure>> {
      if (notification.channel !== 'sns') return err({ kind: 'misconfigured', message: `the SNS notifier cannot send a ${notification.channel} notification` });
      const attributes: Record<string, MessageAttributeValue> = Object.fromEntries(
        Object.entries(notification.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      );
      try {
        await options.client.send(new PublishCommand({ TopicArn: options.topicArn, Subject: notification.subject, Message: notification.message, MessageAttributes: attributes }));
        return ok({ thread: null });
      } catch (error: unknown) {
        return err(failureOf(error));
      }
    },
  };
}

/** A client for the notifier: adaptive retries (DESIGN.md conventions), optionally traced. */
export function createSnsClient(region: string, instrument?: ClientInstrument): SNSClient {
  const client = new SNSClient({ region, retryMode: 'adaptive' });
  return instrument === undefined ? client : instrument(client);
}
