/**
 * Decodes the `awslogs.data` field of a CloudWatch Logs subscription event: base64 → gunzip → JSON →
 * schema. On the hot path of log ingestion, so each step is a single pass with no extra copies.
 */
import { gunzipSync } from 'node:zlib';
import { err, type Result } from '../domain/result.ts';
import { DecodedLogBatchSchema } from './schemas.ts';
import { DEFAULT_DECODE_LIMITS, type DecodedLogBatch, type DecodeLimits, type EventParseError } from './types.ts';
import { oneLine, validate } from './validate.ts';

/**
 * The byte length standard padded base64 of this text decodes to. `Buffer.from(…, 'base64')` silently
 * skips characters it does not know, so a decoded length short of this means the text was not base64;
 * comparing lengths costs nothing, where a regex over the whole payload was the costliest check on the
 * ingest hot path.
 */
function expectedBytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decodes one subscription payload into its log batch. Every failure is a typed value: `bad-base64`,
 * `bad-gzip`, `not-json`, `bad-shape`, or `too-large` when the text, the decompressed bytes or the number
 * of log events exceeds `limits` (zlib stops at the byte cap, so a gzip bomb never fills memory).
 */
export function decodeSubscriptionData(
  data: string,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): Result<DecodedLogBatch, EventParseError> {
  if (typeof data !== 'string') return err({ code: 'bad-base64', message: 'awslogs.data is not a string' });
  if (data.length === 0) return err({ code: 'bad-base64', message: 'awslogs.data is empty' });
  if (data.length > limits.maxEncodedChars) {
    return err({ code: 'too-large', message: `awslogs.data has ${data.length} characters, more than the ${limits.maxEncodedChars} accepted` });
  }
  // Node also decodes base64url ('-', '_'); CloudWatch Logs never writes it, so it is refused (two memchr-fast scans).
  if (data.length % 4 !== 0 || data.includes('-') || data.includes('_')) return err({ code: 'bad-base64', message: 'awslogs.data is not valid base64' });
  const compressed = Buffer.from(data, 'base64');
  const firstPad = data.indexOf('=');
  // Padding only at the very end; any unknown character made the decoded bytes fewer than expected.
  if ((firstPad !== -1 && firstPad < data.length - 2) || compressed.length !== expectedBytes(data)) {
    return err({ code: 'bad-base64', message: 'awslogs.data is not valid base64' });
  }

  let decompressed: Buffer;
  try {
    decompressed = gunzipSync(compressed, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (error: unknown) {
    if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      return err({ code: 'too-large', message: `awslogs.data decompresses to more than ${limits.maxDecompressedBytes} bytes` });
    }
    return err({ code: 'bad-gzip', message: oneLine(`awslogs.data is not gzip data: ${errorMessage(error)}`) });
  }

  let decoded: unknown;
  try {
    decoded = JSON.parse(decompressed.toString('utf8'));
  } catch (error: unknown) {
    return err({ code: 'not-json', message: oneLine(`awslogs.data does not decompress to JSON: ${errorMessage(error)}`, 200) });
  }

  // Counted before validation so an oversized batch is refused before any per-event work.
  if (typeof decoded === 'object' && decoded !== null && 'logEvents' in decoded && Array.isArray(decoded.logEvents)) {
    const count = decoded.logEvents.length;
    if (count > limits.maxLogEvents) {
      return err({ code: 'too-large', message: `log batch has ${count} log events, more than the ${limits.maxLogEvents} accepted` });
    }
  }
  return validate(DecodedLogBatchSchema, decoded, 'decoded log batch');
}
