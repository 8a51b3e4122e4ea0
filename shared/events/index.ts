/**
 * Event parsing: raw Lambda events (CloudWatch Logs subscriptions, CloudWatch alarms via EventBridge,
 * SNS or a Lambda alarm action) → `Signal`s. Pure: validation with Powertools parser schemas, decoding
 * with node:zlib in memory, no I/O.
 */
export { decodeSubscriptionData } from './decode-subscription.ts';
export { parseEvent, parseEventText } from './parse-event.ts';
export {
  DEFAULT_DECODE_LIMITS,
  MAX_EVENT_TEXT_CHARS,
  type DecodedLogBatch,
  type DecodedLogEvent,
  type DecodeLimits,
  type EventKind,
  type EventParseError,
  type IgnoredEvent,
  type ParsedEvent,
} from './types.ts';
