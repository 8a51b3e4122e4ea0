/**
 * Reads the Lambda function's own log, as people paste it next to (or instead of) the gateway's:
 * the platform lines (`START`, `END`, `REPORT`, `INIT_START`, `INIT_REPORT`), `Task timed out after N
 * seconds`, the runtimes' error output (`Runtime.*` error types, `errorType`/`errorMessage` JSON,
 * `Unable to import module`, `[ERROR]` lines, `Runtime exited with error: signal: killed`), the
 * Lambda console's `Calling the invoke API action failed with this message: …`, and Lambda's JSON log
 * format (`platform.report`, `platform.runtimeDone`, `platform.initReport`).
 *
 * Only lines that carry one of these marks are read: a line of another format is `null`, cheaply (the
 * first character decides which marks are even tried), so execution-log batches pay nothing here.
 */

/** What kind of Lambda log line it is. */
export type LambdaLineKind = 'start' | 'end' | 'report' | 'init' | 'timeout' | 'error' | 'stack' | 'log';

/** The figures of a `REPORT` line (or a `platform.report` record). */
export interface LambdaReport {
  readonly durationMs: number | null;
  readonly billedDurationMs: number | null;
  readonly memorySizeMb: number | null;
  readonly maxMemoryUsedMb: number | null;
  readonly initDurationMs: number | null;
  /** `Status: timeout` / `error` (newer runtimes write it on failed invocations only). */
  readonly status: string | null;
  /** `Error Type: Runtime.ExitError`. */
  readonly errorType: string | null;
}

/** One line of a function's log, read. */
export interface LambdaLine {
  readonly kind: LambdaLineKind;
  /** The Lambda request id the line carries (not API Gateway's request id). */
  readonly requestId: string | null;
  /**
   * The message with the timestamp, request-id and level columns removed. Lines logged at level
   * ERROR (or FATAL / CRITICAL) start with `[ERROR] `, whatever the runtime's own layout, so the rules
   * can tell an error line from an informational one.
   */
  readonly text: string;
  readonly report?: LambdaReport;
  /** `Task timed out after N seconds`. */
  readonly timedOutAfterSeconds?: number;
  readonly errorType?: string;
  readonly errorMessage?: string;
}

const UUID = '[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}';
const REQUEST_ID_COLUMN = new RegExp(`^(${UUID}|undefined)[ \\t]+`);
/** `2021-02-12T08:22:17.961Z` (a pasted `016-02-10T…` with a lost first digit too). */
const TIMESTAMP_COLUMN = /^\d{3,4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[ \t]+/;
/** `aws logs tail` on a Lambda log group puts the stream name first: `2024/06/04/[$LATEST]0f3c… `. */
const STREAM_COLUMN = /^\d{4}\/\d{2}\/\d{2}\/\[[^\]]*\][0-9a-f]+[ \t]+/;
/** `up logs` / console clocks: `6:55:25am INFO `. */
const CLOCK_COLUMN = /^\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:am|pm|AM|PM)?[ \t]+(?:(?:INFO|ERROR|WARN|DEBUG)[ \t]+)?/;
/** Python's `[ERROR]\t2024-…Z\t<id>\t` and a pasted `ERROR] ` whose first bracket was lost. */
const BRACKET_LEVEL = /^\[?(ERROR|CRITICAL|FATAL|WARNING|WARN|INFO|DEBUG)\][ \t]+/;
const LEVEL_COLUMN = /^(ERROR|FATAL|WARN|INFO|DEBUG|TRACE)[ \t]+/;

const PLATFORM_START = /^(?:START|END|REPORT|INIT_|RequestId:|Task timed out|EXTENSION|XRAY)/;
const TASK_TIMED_OUT = /Task timed out after ([\d.]+) seconds/;
const REPORT_DURATION = /^REPORT RequestId: \S+\s+Duration: ([\d.]+) ms/;
const ERROR_TYPE_FRAGMENT = /"errorType"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const ERROR_MESSAGE_FRAGMENT = /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)/;
/** Marks that make a line the function runtime's own words, wherever they stand in it. */
const RUNTIME_MARK = /Runtime\.[A-Z]\w+|Task timed out after|Unable to import module|Runtime exited with error|Process exited before completing request|LAMBDA_RUNTIME|Calling the invoke API action failed|Lambda was unable to decrypt the environment variables|Uncaught Exception|Invoke Error|Unhandled Promise Rejection/;
/** A stack frame of Node.js (`at f (file:1:2)`) or Python (`File "/var/task/app.py", line 3, in handler`, `Traceback …`). */
const STACK_FRAME = /^(?:at \S[^\n]*(?:\([^()\n]*:\d+(?::\d+)?\)|:\d+:\d+\)?)|File "[^"\n]+", line \d+(?:, in \S+)?|Traceback \(most recent call last\):)$/;
/** A Node.js or Python exception line (`TypeError: x is not a function`), read as the function's only in a Lambda context. */
const EXCEPTION_LINE = /^(?:[\w$]+\.)*[\w$]*(?:Error|Exception)(?: \[[\w-]+\])?: \S/;

function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function field(text: string, re: RegExp): string | undefined {
  return re.exec(text)?.[1];
}

/** The figures of a `REPORT` line. */
function readReport(text: string): LambdaReport {
  return {
    durationMs: num(field(text, REPORT_DURATION)),
    billedDurationMs: num(field(text, /Billed Duration: ([\d.]+) ms/)),
    memorySizeMb: num(field(text, /Memory Size: (\d+) MB/)),
    maxMemoryUsedMb: num(field(text, /Max Memory Used: (\d+) MB/)),
    initDurationMs: num(field(text, /Init Duration: ([\d.]+) ms/)),
    status: field(text, /Status: (\w+)/) ?? null,
    errorType: field(text, /Error Type: (\S+)/) ?? null,
  };
}

function unescapeJson(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

/** Marks that open a line of the runtime's own words (a bare line is read only when it starts with one). */
const STARTING_MARK = /^(?:Task timed out after|Runtime\.[A-Z]|Unable to import module|Error: Runtime exited|Runtime exited with error|Process exited before completing request|LAMBDA_RUNTIME|Calling the invoke API action failed|Lambda was unable to decrypt the environment variables|Uncaught Exception|Invoke Error|Unhandled Promise Rejection)/;

/**
 * What a message (columns stripped) is, or null when it carries none of a function log's marks.
 * `columns` says the line had a function log's layout (a timestamp, request-id or level column): then a
 * mark anywhere on the line counts; a bare line must start with one, so an execution-log line that
 * quotes the function (`Lambda execution failed … Task timed out after 3.00 seconds`) stays the gateway's.
 */
function readMessage(text: string, requestId: string | null, level: string | null, columns: boolean, lambdaContext: boolean): LambdaLine | null {
  const error = level === 'ERROR';
  const shown = error ? `[ERROR] ${text}` : text;
  switch (text.charCodeAt(0)) {
    case 83 /* S */:
      if (text.startsWith('START RequestId: ')) return { kind: 'start', requestId: /^START RequestId: (\S+)/.exec(text)?.[1] ?? requestId, text };
      break;
    case 69 /* E */:
      if (text.startsWith('END RequestId: ')) return { kind: 'end', requestId: /^END RequestId: (\S+)/.exec(text)?.[1] ?? requestId, text };
      if (text.startsWith('Error Type: ')) return { kind: 'error', requestId, text, errorType: text.slice(12).trim() };
      if (text.startsWith('EXTENSION\t') || text.startsWith('EXTENSION ')) return { kind: 'log', requestId, text };
      break;
    case 82 /* R */:
      if (text.startsWith('REPORT RequestId: ')) {
        const report = readReport(text);
        return { kind: 'report', requestId: /^REPORT RequestId: (\S+)/.exec(text)?.[1] ?? requestId, text, report, ...(report.errorType !== null ? { errorType: report.errorType } : {}) };
      }
      if (text.startsWith('RequestId: ')) {
        // `RequestId: <id> Error: Runtime exited with error: signal: killed`, `… Process exited before completing request`.
        const id = /^RequestId: (\S+)/.exec(text)?.[1] ?? requestId;
        const type = /\b(Runtime\.[A-Z]\w+)/.exec(text)?.[1];
        return { kind: 'error', requestId: id, text, ...(type !== undefined ? { errorType: type } : {}) };
      }
      break;
    case 73 /* I */:
      if (text.startsWith('INIT_START') || text.startsWith('INIT_REPORT') || text.startsWith('INIT_RUNTIME_DONE')) {
        const report = text.startsWith('INIT_REPORT') ? readReport(text) : undefined;
        return { kind: 'init', requestId, text, ...(report ? { report } : {}), ...(report?.errorType ? { errorType: report.errorType } : {}) };
      }
      break;
    case 34 /* " */: {
      // A fragment of an `{"errorType": …, "errorMessage": …}` error object cut out of a paste.
      const type = ERROR_TYPE_FRAGMENT.exec(text)?.[1];
      const message = ERROR_MESSAGE_FRAGMENT.exec(text)?.[1];
      if (type !== undefined || message !== undefined) {
        return { kind: 'error', requestId, text, ...(type !== undefined ? { errorType: unescapeJson(type) } : {}), ...(message !== undefined ? { errorMessage: unescapeJson(message) } : {}) };
      }
      return null;
    }
    default:
      break;
  }
  const anywhere = columns || requestId !== null;
  if (anywhere || STARTING_MARK.test(text)) {
    const timedOut = TASK_TIMED_OUT.exec(text);
    if (timedOut) return { kind: 'timeout', requestId, text: shown, timedOutAfterSeconds: Number(timedOut[1]) };
    if (RUNTIME_MARK.test(text)) {
      const type = /\b(Runtime\.[A-Z]\w+)/.exec(text)?.[1];
      return { kind: 'error', requestId, text: shown, ...(type !== undefined ? { errorType: type } : {}) };
    }
  }
  if (STACK_FRAME.test(text)) return { kind: 'stack', requestId, text };
  // An exception line: the function's only with a Lambda mark on the line (a request-id column, a
  // Python `[ERROR]`) or in a paste that already showed Lambda lines.
  if ((requestId !== null || error || lambdaContext) && EXCEPTION_LINE.test(text)) {
    const colon = text.indexOf(': ');
    return { kind: 'error', requestId, text: shown, errorType: text.slice(0, colon).replace(/ \[[\w-]+\]$/, ''), errorMessage: text.slice(colon + 2) };
  }
  if (requestId !== null || lambdaContext) return error ? { kind: 'error', requestId, text: shown } : requestId !== null ? { kind: 'log', requestId, text: shown } : null;
  return null;
}

/** Quick test on the first character: can `line` be a Lambda log line at all? (hot path guard) */
function mayBeLambda(c: number): boolean {
  // digits (timestamps, request ids), letters (START, REPORT, Task…, TypeError…, `at …`, `undefined`),
  // `[` (Python levels), `"` (error-object fragments).
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 91 || c === 34;
}

/** The columns a function log's lines start with, stripped: the message, its level and request id. */
export interface LambdaColumns {
  readonly text: string;
  readonly level: string | null;
  readonly requestId: string | null;
  /** True when a timestamp, level or request-id column was there. */
  readonly columns: boolean;
}

/**
 * Strips the runtime layouts: `<time>\t<id>\t<LEVEL>\t<msg>` (Node.js), `[LEVEL]\t<time>\t<id>\t<msg>`
 * (Python), `<time> <id> <msg>` (older runtimes), `<stream> <msg>` (`aws logs tail`), `6:55:25am INFO
 * <msg>` (`up logs`), in any order they nest in.
 */
export function stripLambdaColumns(line: string): LambdaColumns {
  let text = line.trim();
  let level: string | null = null;
  let requestId: string | null = null;
  let columns = false;
  for (let round = 0; round < 5; round++) {
    const c = text.charCodeAt(0);
    let m: RegExpExecArray | null = null;
    if (c >= 48 && c <= 57) m = STREAM_COLUMN.exec(text) ?? TIMESTAMP_COLUMN.exec(text) ?? CLOCK_COLUMN.exec(text);
    if (m === null && (c === 91 || c === 69 || c === 67 || c === 70 || c === 87 || c === 73 || c === 68)) {
      const b = BRACKET_LEVEL.exec(text);
      if (b) {
        level = b[1] === 'CRITICAL' || b[1] === 'FATAL' ? 'ERROR' : b[1] === 'WARNING' ? 'WARN' : (b[1] ?? null);
        m = b;
      }
    }
    if (m === null && requestId === null) {
      const id = REQUEST_ID_COLUMN.exec(text);
      if (id) {
        requestId = id[1] === 'undefined' ? null : (id[1] ?? null);
        m = id;
        const rest = text.slice(id[0].length);
        const lv = LEVEL_COLUMN.exec(rest);
        if (lv) {
          level = lv[1] === 'FATAL' ? 'ERROR' : (lv[1] ?? null);
          text = rest.slice(lv[0].length);
          columns = true;
          continue;
        }
      }
    }
    if (m === null) break;
    text = text.slice(m[0].length);
    columns = true;
  }
  return { text: text.trim(), level, requestId, columns };
}

/**
 * Reads one line of a Lambda function's log; null when it is not one. `lambdaContext` says the paste
 * already showed Lambda lines, so a bare exception line (`TypeError: …`) is taken for the function's.
 */
export function readLambdaLine(line: string, lambdaContext = false): LambdaLine | null {
  if (line === '' || !mayBeLambda(line.trimStart().charCodeAt(0))) return null;
  const { text, level, requestId, columns } = stripLambdaColumns(line);
  if (text === '') return columns && requestId !== null ? { kind: 'log', requestId, text: '' } : null;
  // `<uuid>\t502\tINTEGRATION_FAILURE\t…`: a tab-separated export row led by a request id is an access
  // row, not a function's line (those carry a level column, or start with a platform word).
  if (requestId !== null && level === null && text.includes('\t') && !PLATFORM_START.test(text)) return null;
  return readMessage(text, requestId, level, columns, lambdaContext);
}

/** A JSON value's field as a string (or null). */
function str(record: Readonly<Record<string, unknown>>, key: string): string | null {
  const v = record[key];
  return typeof v === 'string' ? v : null;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a JSON value from a function's log: an error object (`{"errorType", "errorMessage",
 * "stack"}`), a record of Lambda's JSON log format (`{"type": "platform.report", "record": …}`,
 * `{"level": "ERROR", "requestId", "message": …}`), or a log shipper's record whose `message` is a
 * Lambda log line. Null when the value is none of these.
 */
export function readLambdaJson(value: unknown): LambdaLine | null {
  if (!isRecord(value)) return null;
  const errorType = str(value, 'errorType');
  const errorMessage = str(value, 'errorMessage');
  if (errorType !== null || (errorMessage !== null && (Array.isArray(value['stack']) || Array.isArray(value['stackTrace']) || Object.keys(value).length <= 3))) {
    return {
      kind: 'error', requestId: str(value, 'requestId'), text: JSON.stringify(value),
      ...(errorType !== null ? { errorType } : {}), ...(errorMessage !== null ? { errorMessage } : {}),
    };
  }
  const type = str(value, 'type');
  const record = value['record'];
  if (type !== null && type.startsWith('platform.') && isRecord(record)) {
    const requestId = str(record, 'requestId');
    const metrics = isRecord(record['metrics']) ? record['metrics'] : {};
    const metric = (k: string): number | null => (typeof metrics[k] === 'number' ? (metrics[k] as number) : null);
    const status = str(record, 'status');
    const recordErrorType = str(record, 'errorType');
    if (type === 'platform.start') return { kind: 'start', requestId, text: `START RequestId: ${requestId ?? '?'}` };
    if (type === 'platform.report' || type === 'platform.initReport' || type === 'platform.runtimeDone') {
      const report: LambdaReport = {
        durationMs: metric('durationMs'), billedDurationMs: metric('billedDurationMs'), memorySizeMb: metric('memorySizeMB'),
        maxMemoryUsedMb: metric('maxMemoryUsedMB'), initDurationMs: metric('initDurationMs'), status: status === 'success' ? null : status, errorType: recordErrorType,
      };
      // The same words as the text format, so the same rules read both.
      const words = type === 'platform.initReport'
        ? `INIT_REPORT Init Duration: ${String(report.durationMs ?? report.initDurationMs ?? 0)} ms\tPhase: ${str(record, 'phase') ?? 'init'}\tStatus: ${status ?? 'success'}`
        : `REPORT RequestId: ${requestId ?? '?'}\tDuration: ${String(report.durationMs ?? 0)} ms\tBilled Duration: ${String(report.billedDurationMs ?? 0)} ms\tMemory Size: ${String(report.memorySizeMb ?? 0)} MB\tMax Memory Used: ${String(report.maxMemoryUsedMb ?? 0)} MB${report.status !== null ? `\tStatus: ${report.status}` : ''}`;
      const text = `${words}${recordErrorType !== null ? `\tError Type: ${recordErrorType}` : ''}`;
      return { kind: type === 'platform.initReport' ? 'init' : 'report', requestId, text, report, ...(recordErrorType !== null ? { errorType: recordErrorType } : {}) };
    }
    return { kind: 'log', requestId, text: type };
  }
  const message = value['message'];
  const level = str(value, 'level');
  if (isRecord(message) && (typeof message['errorType'] === 'string' || typeof message['errorMessage'] === 'string')) {
    const inner = readLambdaJson(message);
    if (inner !== null) return { ...inner, requestId: inner.requestId ?? str(value, 'requestId') };
  }
  if (typeof message === 'string') {
    // A shipper's record (`up logs --format json`, Lambda's JSON format) around one log line.
    const inner = readLambdaLine(message, false);
    const requestId = str(value, 'requestId') ?? str(value, 'AWSRequestId');
    if (inner !== null) return { ...inner, requestId: inner.requestId ?? requestId };
    if (requestId !== null && level !== null) {
      const lv = level.toUpperCase();
      return readMessage(message.trim() || '-', requestId, lv === 'ERROR' || lv === 'FATAL' ? 'ERROR' : lv, true, true) ?? { kind: 'log', requestId, text: message };
    }
  }
  return null;
}
