/**
 * Types of the event-parsing stage: what a raw Lambda event turned into (signals, or reasons it was
 * ignored) and the typed errors for input that is not what it claims to be.
 */

export type { EventKind, IgnoredEvent, ParsedEvent } from '../domain/model.ts';

/** Why an event could not be read. `message` is one line, safe to log, with no stack trace. */
export interface EventParseError {
  readonly code: 'not-json' | 'bad-base64' | 'bad-gzip' | 'bad-shape' | 'too-large';
  readonly message: string;
}

/** One event of a decoded CloudWatch Logs subscription batch. */
export interface DecodedLogEvent {
  readonly id: string;
  /** Milliseconds since the epoch, as CloudWatch Logs ingested it. */
  readonly timestamp: number;
  readonly message: string;
}

/** The decoded `awslogs.data` payload of a CloudWatch Logs subscription event. */
export interface DecodedLogBatch {
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  /** `DATA_MESSAGE`, or `CONTROL_MESSAGE` for CloudWatch Logs' reachability checks. */
  readonly messageType: string;
  readonly logEvents: readonly DecodedLogEvent[];
}

/** Caps that keep a hostile or broken subscription payload from exhausting the function's memory. */
export interface DecodeLimits {
  /** Longest accepted base64 text, in characters. */
  readonly maxEncodedChars: number;
  /** Largest accepted decompressed payload, in bytes (enforced by zlib itself, not after the fact). */
  readonly maxDecompressedBytes: number;
  /** Most log events accepted in one batch. */
  readonly maxLogEvents: number;
}

/**
 * Default caps. A Lambda invocation payload is at most 6 MB and a CloudWatch Logs batch holds far fewer
 * than 50,000 events, so real traffic never reaches them; a gzip bomb does.
 */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxEncodedChars: 16 * 1024 * 1024,
  maxDecompressedBytes: 10 * 1024 * 1024,
  maxLogEvents: 50_000,
};

/** Longest event text `parseEventText` accepts, in characters (well above Lambda's 6 MB payload limit). */
export const MAX_EVENT_TEXT_CHARS = 16 * 1024 * 1024;
