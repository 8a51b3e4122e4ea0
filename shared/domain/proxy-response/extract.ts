/**
 * Turns what a user pastes (an execution-log line, several log lines, or a file holding the raw
 * function output) into the function's output text.
 */

/** The execution-log line that carries the function's raw output (REST APIs; docs/facts.md (d)). */
export const RESPONSE_BODY_MARKER = 'Endpoint response body before transformations:';

/** API Gateway appends this to execution-log lines it cut (long bodies are the common case). */
const TRUNCATED_SUFFIX = /\s*\[TRUNCATED\]\s*$/;

/**
 * A line that starts a new execution-log entry: `(<request id>) ` in CloudWatch, or the console test's
 * `Fri Jun 09 20:04:12 UTC 2023 : `, optionally after an ISO timestamp added by exports. Lines that do
 * not start like this belong to the previous entry (bodies may span lines, e.g. pretty-printed JSON).
 */
const LOG_ENTRY_START =
  /^(?:\d{4}-\d{2}-\d{2}T[\d:.]+Z?\s+)?(?:\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)\s|[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : )/i;

/** The function's output as far as the input shows it. */
export interface ExtractedResponse {
  /** The output text, trimmed, without the log prefix and without the truncation marker. */
  readonly text: string;
  /** True when the input ended with API Gateway's ` [TRUNCATED]` marker: `text` is only a prefix. */
  readonly truncated: boolean;
  /** True when the text came from an `Endpoint response body before transformations` log line. */
  readonly fromLogLine: boolean;
}

/**
 * Finds the function's output in `input`. If the input holds the
 * `Endpoint response body before transformations:` line, the text after it is used, up to the next
 * log entry; otherwise the whole input is taken as the raw output (e.g. a file).
 */
export function extractResponseText(input: string): ExtractedResponse {
  const withoutBom = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const markerAt = withoutBom.indexOf(RESPONSE_BODY_MARKER);
  const fromLogLine = markerAt >= 0;
  const raw = fromLogLine ? untilNextLogEntry(withoutBom.slice(markerAt + RESPONSE_BODY_MARKER.length)) : withoutBom;
  const truncated = TRUNCATED_SUFFIX.test(raw);
  const text = (truncated ? raw.replace(TRUNCATED_SUFFIX, '') : raw).trim();
  return { text, truncated, fromLogLine };
}

function untilNextLogEntry(rest: string): string {
  const lines = rest.split(/\r?\n/);
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (index > 0 && LOG_ENTRY_START.test(line)) break;
    kept.push(line);
  }
  return kept.join('\n');
}
