/**
 * Turns log text in any of the formats people actually have into `LogEntry` values:
 * execution-log events as a subscription delivers them (`(<requestId>) message`), the console "Test"
 * output (`<Day Mon DD HH:MM:SS UTC YYYY> : message`), console / Logs Insights exports (ISO timestamp,
 * tab or space, message; tab-separated tables), access logs in JSON or CLF shape, bare response bodies a
 * client saw, and, through their own readers, what a client printed (`http-transcript.ts`: curl,
 * headers, WebSocket clients, SDK dumps, test-invoke-method output) and the function's own log
 * (`lambda-log.ts`). Pure and single-pass: this runs on every line of the ingest benchmark, and a
 * line with the execution-log prefix never reaches the other readers.
 */
import type { RawLogEvent } from '../model.ts';
import { readObjectLiteral } from '../proxy-response/literal.ts';
import { readAccessRecord, type AccessRecord } from './access-record.ts';
import { readClientValue, readHttpLine, TranscriptState, type HttpLine } from './http-transcript.ts';
import { readLambdaJson, readLambdaLine, stripLambdaColumns, type LambdaLine } from './lambda-log.ts';

/**
 * What kind of evidence an entry is: the gateway's execution log, an access-log row, a body a client
 * saw, a line of a client's transcript (status line, header, client error), or a line of the
 * function's own log.
 */
export type EntryKind = 'execution' | 'access' | 'client' | 'http' | 'lambda';

/** One log message, prefix stripped, with the request it belongs to when the log says. */
export interface LogEntry {
  readonly kind: EntryKind;
  /** API Gateway request id from the line prefix, the console header or an access-log field. */
  readonly requestId: string | null;
  /** The message text (continuation lines of a multi-line body joined with `\n`). */
  message: string;
  /** For access rows and client bodies: the recognised values. */
  readonly access?: AccessRecord;
  /** 1-based line (or event) number where the entry starts, for messages that point back at input. */
  readonly line: number;
  /** Set when a console header (`Execution log for request <id>`) starts a new request. */
  readonly header?: boolean;
  /** For `http` entries: what the client line says. */
  readonly http?: HttpLine;
  /** For `lambda` entries: what the function log line says. */
  readonly lambda?: LambdaLine;
  /** Set when the entry begins a new request of its own (a client command, a second response). */
  readonly starts?: boolean;
  /** For client bodies: what produced them (`http` transcript, `websocket` frame), when a transcript did. */
  readonly via?: 'http' | 'websocket';
}

/** The result of reading a whole text: entries plus the number of physical lines read. */
export interface ReadResult {
  readonly entries: LogEntry[];
  readonly lines: number;
}

const CLOCK_REQUEST_ID_PREFIX = /^\d{1,2}:\d{2}:\d{2}(?:\.\d+)? +\(([^()\s]{4,80})\) ?/;
const CONSOLE_PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} UTC \d{4} : ?/;
/** `aws logs tail`: ISO timestamp, space, optionally the log stream, space, then the `(id)` line. */
const TAIL_PREFIX = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})? +(?:[^\s(]+ +)?(?=\([^()\s]{4,80}\))/;
const ISO_TAB_PREFIX = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\t+/;
/** An ISO timestamp followed by spaces (a console copy, a Logs Insights table pasted as text). */
const ISO_SPACE_PREFIX = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})? +(?=\S)/;
const CONSOLE_HEADER = /^Execution log for request ([^\s]+)/;
/** A label whose value may continue on the following lines (a JSON or XML body, a header map). */
const BODY_LABEL = /(?:body before transformations|body after transformations|result body before parsing|response body|response headers|request headers): ?([\s\S]*)$/;
const MAX_BLOCK_LINES = 2_000;

/** Bracket balance of a JSON-ish text, ignoring brackets inside strings. 0 = closed. */
function jsonDepth(text: string, start = 0): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth;
}

/** True when a body value that started on a labelled line is still open (needs the next lines). */
function bodyIsOpen(value: string): boolean {
  const v = value.trimStart();
  if (v === '') return true;
  if (v.endsWith('[TRUNCATED]')) return false;
  const first = v.charCodeAt(0);
  if (first === 123 || first === 91) return jsonDepth(v) > 0;
  if (first === 60 /* < */) {
    const root = /^<([A-Za-z_][\w.-]*)/.exec(v);
    return root !== null && !v.includes(`</${root[1]}>`);
  }
  return false;
}

/**
 * `(<requestId>) ` prefix without a regex (hot path): the id is 4–80 characters with no space or
 * parenthesis. Returns the index after the prefix, or -1.
 */
function requestIdPrefixEnd(line: string): number {
  if (line.charCodeAt(0) !== 40 /* ( */) return -1;
  const close = line.indexOf(')', 1);
  if (close < 5 || close > 81) return -1;
  for (let i = 1; i < close; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 40) return -1;
  }
  return line.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
}

/** Strips the execution-log prefixes; returns the request id they carry, if any. */
function stripPrefix(line: string): { readonly requestId: string | null; readonly rest: string; readonly console: boolean } {
  const c0 = line.charCodeAt(0);
  if (c0 === 40 /* ( */) {
    const end = requestIdPrefixEnd(line);
    if (end !== -1) return { requestId: line.slice(1, line.indexOf(')')), rest: line.slice(end), console: false };
  } else if (c0 >= 48 && c0 <= 57) {
    const iso = ISO_TAB_PREFIX.exec(line) ?? TAIL_PREFIX.exec(line) ?? ISO_SPACE_PREFIX.exec(line);
    if (iso) return stripPrefix(line.slice(iso[0].length));
    const clock = CLOCK_REQUEST_ID_PREFIX.exec(line);
    if (clock) return { requestId: clock[1] ?? null, rest: line.slice(clock[0].length), console: false };
  } else if (c0 >= 65 && c0 <= 90) {
    const con = CONSOLE_PREFIX.exec(line);
    if (con) return { requestId: null, rest: line.slice(con[0].length), console: true };
  }
  return { requestId: null, rest: line, console: false };
}

/**
 * Incremental reader: feed it lines (text input) or whole event messages (subscription input).
 * It keeps the little state the formats need: an open multi-line body, a pending JSON block and the
 * current console request id.
 */
export class LogReader {
  readonly entries: LogEntry[] = [];
  lines = 0;
  private open: LogEntry | null = null;
  private block: string[] | null = null;
  private blockLine = 0;
  private blockDepth = 0;
  /** What the pending JSON block is: a body a client received (`via`), a value the function logged (its request id). */
  private blockVia: 'http' | 'websocket' | null = null;
  private blockLambdaId: string | null = null;
  private consoleRequestId: string | null = null;
  /** Where a client's transcript stands (curl, wscat…), for the lines after it. */
  private readonly transcript = new TranscriptState();
  /** True once a status line was read in the current transcript: the next one is another response. */
  private transcriptStatus = false;
  /** True once a Lambda function log line was read: bare exception lines are then the function's. */
  private lambdaContext = false;

  /** Reads one physical line. */
  addLine(raw: string): void {
    this.lines++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lines === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (this.block !== null) {
      this.process(line);
      return;
    }
    const parts = unwrapLine(line);
    if (parts.length === 1 && parts[0] === line) this.process(line);
    // A continuation of an open body keeps its indentation (part of the body), losing only `> ` quote marks.
    else if (this.open !== null && parts.length === 1 && stripPrefix(parts[0] ?? '').rest === parts[0]) this.process(line.replace(/^[ \t]*(?:>[ \t]?)+/, ''));
    else for (const part of parts) this.process(part);
  }

  /** Reads one logical line (already unwrapped from its export format). */
  private process(line: string): void {
    if (this.block !== null && startsNewEntry(line)) {
      // The open JSON value never closed (cut off when pasted): do not let it swallow real log lines.
      this.abandonBlock();
    }
    if (this.block !== null) {
      this.block.push(line);
      this.blockDepth += jsonDepth(line);
      if (this.blockDepth <= 0 || this.block.length >= MAX_BLOCK_LINES) this.flushBlock();
      return;
    }
    const { requestId, rest, console } = stripPrefix(line);
    const prefixed = requestId !== null || console || rest !== line;
    if (!prefixed && this.open !== null) {
      this.open.message += `\n${line}`;
      if (!bodyIsOpen(BODY_LABEL.exec(this.open.message)?.[1] ?? '')) this.open = null;
      return;
    }
    this.open = null;
    if (rest.trim() === '') {
      this.transcript.after(null, true);
      return;
    }
    if (console) {
      if (this.transcript.phase !== 'none') this.transcript.phase = 'none';
      const header = CONSOLE_HEADER.exec(rest);
      if (header) this.consoleRequestId = header[1] ?? null;
    } else if (!prefixed) {
      const header = CONSOLE_HEADER.exec(rest);
      if (header) {
        this.consoleRequestId = header[1] ?? null;
        this.push({ kind: 'execution', requestId: this.consoleRequestId, message: rest, line: this.lines, header: true });
        return;
      }
      const t = rest.trimStart();
      const c = t.charCodeAt(0);
      // curl -v's `{ [5 bytes data]` carries nothing (and is no JSON).
      if ((c === 123 || c === 125) && CURL_DATA.test(t)) return;
      // `[ERROR] …` is a log level (Python), not a JSON array.
      if (c === 123 || (c === 91 && !LEVEL_BRACKET.test(t))) {
        this.startBlock(t, this.bodyVia(), null);
        return;
      }
      if (this.readOther(rest, false)) return;
      if (rest.includes('\t') || CLF.test(rest)) {
        const record = readAccessRecord(rest);
        if (record !== null) {
          this.push({ kind: 'access', requestId: record.requestId, message: rest, access: record, line: this.lines });
          return;
        }
      }
    } else if (requestId !== null) {
      if (this.transcript.phase !== 'none') this.transcript.phase = 'none';
    } else if (this.readOther(rest, true)) {
      return;
    } else if (rest.includes('\t')) {
      // An ISO-timestamped export row that is a tab-separated access-log table row.
      const record = readAccessRecord(rest);
      if (record !== null) {
        this.push({ kind: 'access', requestId: record.requestId, message: rest, access: record, line: this.lines });
        return;
      }
    }
    const id = requestId ?? (console ? this.consoleRequestId : null);
    const entry: LogEntry = { kind: 'execution', requestId: id, message: rest, line: this.lines };
    this.push(entry);
    const body = BODY_LABEL.exec(rest);
    if (body && bodyIsOpen(body[1] ?? '')) this.open = entry;
  }

  /** The client-body `via` for a JSON value starting now, when a transcript expects the body. */
  private bodyVia(): 'http' | 'websocket' | null {
    if (!this.transcript.expectsBody) return null;
    return this.transcript.phase === 'websocket' ? 'websocket' : 'http';
  }

  /**
   * The other readers, for a line without the execution-log prefix (`timestamped`: a timestamp was
   * stripped from it): a client's transcript (http-transcript.ts) and the function's log
   * (lambda-log.ts). True when one of them took the line.
   */
  private readOther(text: string, timestamped: boolean): boolean {
    const t = text.trim();
    const c = t.charCodeAt(0);
    // A frame or body a client printed with curl's / wscat's `< ` marker.
    if (c === 60 /* < */ && /^<\s*[{[]/.test(t)) {
      this.startBlock(t.replace(/^<\s*/, ''), this.transcript.phase === 'websocket' ? 'websocket' : 'http', null);
      return true;
    }
    // Log columns (a timestamp, `[ERROR]`, a request id) around what a client library or the function printed.
    const cols = stripLambdaColumns(t);
    const value = cols.text;
    if (cols.columns && (value.charCodeAt(0) === 123 || value.charCodeAt(0) === 91) && !LEVEL_BRACKET.test(value)) {
      this.startBlock(value, cols.requestId === null ? this.bodyVia() : null, cols.requestId);
      return true;
    }
    // A request-id column, or `[ERROR] Type: message` at the very start of a line (the Python runtime's
    // uncaught exception), is the function's; a timestamped `[ERROR] …` is any Python program's log.
    const functionFirst = cols.requestId !== null || (!timestamped && c === 91 && cols.level === 'ERROR');
    if (!functionFirst) {
      if (this.readHttp(value)) return true;
      if (this.readLambda(t)) return true;
    } else {
      if (this.readLambda(t)) return true;
      if (this.readHttp(value)) return true;
    }
    const phase = this.transcript.phase;
    if ((phase === 'body' || phase === 'request') && !/^(?:\.{2,}|…)$/.test(value)) {
      // A text body (curl without -i prints the body right after the command).
      this.push({ kind: 'client', requestId: null, message: value, access: clientRecord([value], null), line: this.lines, via: 'http' });
      this.transcript.bodyRead();
      return true;
    }
    if (phase === 'request' || phase === 'websocket') return false;
    const fragment = MESSAGE_FRAGMENT.exec(value);
    if (fragment) {
      // `"message": "…",` cut out of a body someone pasted.
      const message = unescapeJsonText(fragment[1] ?? '');
      this.push({ kind: 'client', requestId: null, message: value, access: clientRecord([message], null), line: this.lines });
      return true;
    }
    this.transcript.after(null, false);
    return false;
  }

  private readHttp(text: string): boolean {
    const http = readHttpLine(text, this.transcript.open);
    if (http === null) return false;
    let starts = false;
    if (http.type === 'command') {
      starts = true;
      this.transcriptStatus = false;
    } else if (http.type === 'status' && http.from === 'status-line') {
      // A second final status in one transcript is another response (a 100 Continue is not final).
      starts = this.transcriptStatus;
      this.transcriptStatus = http.status >= 200;
    }
    this.transcript.after(http, false);
    this.push({ kind: 'http', requestId: null, message: text.replace(/^<\s*/, ''), http, line: this.lines, ...(starts ? { starts } : {}) });
    // An SDK error's message is what the service answered: the body rules read it.
    if (http.type === 'sdk-error' && http.message !== '') this.push({ kind: 'client', requestId: null, message: http.message, access: clientRecord([http.message], null), line: this.lines });
    return true;
  }

  private readLambda(text: string): boolean {
    const lambda = readLambdaLine(text, this.lambdaContext);
    if (lambda === null) return false;
    this.lambdaContext = true;
    if (this.transcript.phase !== 'websocket') this.transcript.phase = 'none';
    this.push({ kind: 'lambda', requestId: null, message: lambda.text, lambda, line: this.lines });
    return true;
  }

  /** Reads one CloudWatch Logs event: its message may span several lines (a JSON body). */
  addEvent(event: RawLogEvent): void {
    const message = event.message;
    if (message.indexOf('\n') === -1) {
      // Hot path: a one-line execution-log event is complete in itself; no body can continue past it.
      const end = requestIdPrefixEnd(message);
      if (end !== -1 && this.block === null) {
        this.open = null;
        this.lines++;
        const rest = message.slice(end);
        // Allocation-free emptiness test for the common case (a message starting with a letter).
        if (rest.length > 0 && (rest.charCodeAt(0) > 32 || rest.trim() !== '')) this.push({ kind: 'execution', requestId: message.slice(1, message.indexOf(')')), message: rest, line: this.lines });
        return;
      }
      this.addLine(message);
    } else {
      for (const part of message.split('\n')) this.addLine(part);
    }
    this.end();
  }

  /** Closes whatever is pending (an unterminated JSON block is read line by line). */
  end(): void {
    if (this.block !== null) this.flushBlock();
    this.open = null;
  }

  private push(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** Gives up on an unterminated JSON value: its lines are read again as ordinary log lines. */
  private abandonBlock(): void {
    const lines = this.block ?? [];
    const at = this.blockLine;
    this.block = null;
    this.blockDepth = 0;
    this.readAgain(lines, at);
  }

  private readAgain(lines: readonly string[], at: number): void {
    const [first, ...rest] = lines;
    if (first !== undefined && first.trim() !== '') this.push({ kind: 'execution', requestId: null, message: first, line: at });
    for (const l of rest) this.process(l);
  }

  private startBlock(first: string, via: 'http' | 'websocket' | null, lambdaId: string | null): void {
    this.blockVia = via;
    this.blockLambdaId = lambdaId;
    const depth = jsonDepth(first);
    if (depth <= 0) {
      this.block = [first];
      this.blockLine = this.lines;
      this.blockDepth = depth;
      this.flushBlock();
      return;
    }
    this.block = [first];
    this.blockLine = this.lines;
    this.blockDepth = depth;
  }

  private flushBlock(): void {
    const lines = this.block ?? [];
    const at = this.blockLine;
    this.block = null;
    this.blockDepth = 0;
    const text = lines.join('\n');
    const via = this.blockVia;
    const lambdaId = this.blockLambdaId;
    this.blockVia = null;
    this.blockLambdaId = null;
    const values = parseJsonLenient(text) ?? parseLiteral(text);
    if (values !== undefined) {
      const items = Array.isArray(values) ? values : embeddedEvents(values) ?? [values];
      for (const item of items) {
        const exported = insightsMessage(item);
        if (exported !== null) {
          // A Logs Insights JSON export: each `@message` is a log line of its own.
          for (const part of exported.split('\n')) this.process(part);
          if (this.block !== null) this.flushBlock();
          this.open = null;
          continue;
        }
        const message = items.length > 1 ? JSON.stringify(item) : text;
        if (this.readValue(item, message, at, via, lambdaId)) continue;
        const record = readAccessRecord(item);
        if (record === null) continue;
        // One row of an array is its own evidence, not the whole array.
        this.push({ kind: record.clientBody ? 'client' : 'access', requestId: record.requestId, message, access: record, line: at });
      }
      return;
    }
    // Not JSON after all: the first line as a plain message, the rest read again as log lines.
    if (via !== null) this.transcript.bodyRead();
    this.readAgain(lines, at);
  }

  /**
   * A JSON (or printed) value read by the other readers: a function's error object or JSON log record,
   * test-invoke-method output, an SDK dump, a header map, a WebSocket frame, or the body of a client's
   * transcript. True when one of them took it.
   */
  private readValue(item: unknown, message: string, at: number, via: 'http' | 'websocket' | null, lambdaId: string | null): boolean {
    const lambda = readLambdaJson(item);
    if (lambda !== null) {
      this.lambdaContext = true;
      const withId = lambda.requestId === null && lambdaId !== null ? { ...lambda, requestId: lambdaId } : lambda;
      this.push({ kind: 'lambda', requestId: null, message: lambda.text, lambda: withId, line: at });
      if (via !== null) this.transcript.bodyRead();
      return true;
    }
    const client = readClientValue(item);
    if (client !== null) {
      switch (client.type) {
        case 'test-invoke': {
          // Its `log` field is an execution log in the console's layout.
          for (const part of client.log.split('\n')) this.process(part);
          if (this.block !== null) this.flushBlock();
          this.open = null;
          // Its status and body belong to the request the log names (`Execution log for request <id>`).
          const id = CONSOLE_HEADER.exec(client.log)?.[1] ?? null;
          if (client.status !== null && !/Method completed with status: \d{3}/.test(client.log)) {
            const http: HttpLine = { type: 'status', status: client.status, text: `test-invoke-method status: ${String(client.status)}`, from: 'client' };
            this.push({ kind: 'http', requestId: id, message: http.text, http, line: at });
          }
          if (client.body !== null && client.status !== null && client.status >= 500) {
            this.push({ kind: 'client', requestId: id, message: client.body, access: clientRecord([client.body], id), line: at, via: 'http' });
          }
          return true;
        }
        case 'sdk-response': {
          const http: HttpLine = { type: 'status', status: client.status, text: client.text, from: 'client' };
          this.push({ kind: 'http', requestId: null, message: `status: ${client.text}`, http, line: at, starts: true });
          for (const [name, value] of client.headers) this.push({ kind: 'http', requestId: null, message: `${name}: ${value}`, http: { type: 'header', name, value }, line: at });
          const body = client.body;
          if (body !== null && body !== undefined) {
            const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
            const record = typeof body === 'string' ? null : readAccessRecord(body);
            this.push({ kind: 'client', requestId: null, message: bodyText, access: asClientRecord(record, [bodyText]), line: at, via: 'http' });
          }
          return true;
        }
        case 'headers':
          for (const [name, value] of client.headers) this.push({ kind: 'http', requestId: null, message: `${name}: ${value}`, http: { type: 'header', name, value }, line: at });
          return true;
        case 'websocket-frame':
          this.push({ kind: 'client', requestId: client.requestId, message, access: clientRecord([client.message], client.requestId), line: at, via: 'websocket' });
          return true;
      }
    }
    if (via !== null) {
      // Whatever JSON the client received is the response body.
      this.push({ kind: 'client', requestId: null, message, access: asClientRecord(readAccessRecord(item), []), line: at, via });
      this.transcript.bodyRead();
      return true;
    }
    if (isBareErrorBody(item)) {
      // `{"message": null}`, `{"Code": "InternalServerError", "Message": "…"}`: a body, not an access row.
      this.push({ kind: 'client', requestId: null, message, access: asClientRecord(readAccessRecord(item), []), line: at });
      return true;
    }
    return false;
  }
}

/** curl -v's data markers: `{ [5 bytes data]`, `} [1234 bytes data]`. */
const CURL_DATA = /^[{}] \[\d+ bytes data\]\s*$/;
/** `[ERROR]`, `[INFO]`…: a log level at the start of a line, not a JSON array. */
const LEVEL_BRACKET = /^\[(?:ERROR|WARN(?:ING)?|INFO|DEBUG|CRITICAL|FATAL|TRACE)\]/;
/** `"message": "…",` (or `"Message"`) on a line of its own: a fragment of a body someone pasted. */
const MESSAGE_FRAGMENT = /^"(?:message|Message)"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,?\s*$/;

function unescapeJsonText(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/** The access record of a body a client saw, made from its texts. */
function clientRecord(texts: readonly string[], requestId: string | null): AccessRecord {
  return {
    requestId, status: null, responseType: null, method: null, path: null, apiId: null, stage: null, integrationStatus: null, latencyMs: null,
    integrationLatencyMs: null, texts, count: 1, clientBody: true, accessRow: false,
  };
}

/** A record read from a body, re-marked as what a client saw (never an access row, never a status of its own). */
function asClientRecord(record: AccessRecord | null, fallback: readonly string[]): AccessRecord {
  if (record === null) return clientRecord(fallback, null);
  return { ...record, status: null, clientBody: true, accessRow: false };
}

/** `{"message": null}` and `{"Code", "Message"}` bodies (Chalice, other frameworks): error bodies, not access rows. */
function isBareErrorBody(item: unknown): boolean {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  const entries = Object.entries(item as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 3) return false;
  const keys = entries.map(([k]) => k.toLowerCase());
  if (!keys.includes('message')) return false;
  if (entries.length === 1) return (item as Record<string, unknown>)['message'] === null || (item as Record<string, unknown>)['Message'] === null;
  // `{"code": "502", "message": …}` is an access row whose status field is named `code`: the access reader's.
  if (entries.some(([k, v]) => k.toLowerCase() === 'code' && (typeof v !== 'string' || /^\d+$/.test(v)))) return false;
  return keys.every((k) => k === 'message' || k === 'code' || k === 'type' || k === '__type' || k === 'logref');
}

/** A Python dict or JavaScript object as printed (`{'Content-Type': …}`, `{ status: 500, … }`), as a value. */
function parseLiteral(text: string): unknown {
  const t = text.trim();
  if (t.charCodeAt(0) !== 123 || t.length > 200_000) return undefined;
  const read = readObjectLiteral(t);
  if (read.kind !== 'converted') return undefined;
  try {
    return JSON.parse(read.json) as unknown;
  } catch {
    return undefined;
  }
}

const CLF = /^\S+ \S+ \S+ \[[^\]]+\] "[A-Z]+ [^"]*" \d{3} /;

/**
 * The log events inside a JSON document that carries them: `aws logs filter-log-events` output
 * (`{"events":[{"message"}]}`) or a decoded subscription payload (`{"logEvents":[...]}`).
 */
function embeddedEvents(value: unknown): unknown[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const events = Array.isArray(record['events']) ? record['events'] : Array.isArray(record['logEvents']) ? record['logEvents'] : null;
  if (events === null || !events.every((e) => e !== null && typeof e === 'object' && typeof (e as Record<string, unknown>)['message'] === 'string')) return null;
  return events.map((e) => ({ '@message': (e as Record<string, unknown>)['message'] }));
}

/** True when a line clearly starts a log entry of its own (so it cannot continue a JSON value). */
function startsNewEntry(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 40 /* ( */) return requestIdPrefixEnd(line) !== -1;
  if (c >= 48 && c <= 57) return ISO_TAB_PREFIX.test(line) || TAIL_PREFIX.test(line) || ISO_SPACE_PREFIX.test(line) || CLOCK_REQUEST_ID_PREFIX.test(line);
  if (c >= 65 && c <= 90) return CONSOLE_PREFIX.test(line) || line.startsWith('Execution log for request');
  return false;
}

/** `@message` of a Logs Insights JSON export item (`{"@timestamp": ..., "@message": "..."}`), else null. */
function insightsMessage(item: unknown): string | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const message = (item as Record<string, unknown>)['@message'];
  return typeof message === 'string' ? message : null;
}

const MARKDOWN_TABLE_RULE = /^\|[\s:|-]+\|$/;
const TIMESTAMPISH = /^(?:\d{4}-\d{2}-\d{2}[T ][\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?|\d{10,13})$/;
const CSV_HEADER_FIELD = /^@?(?:timestamp|message|logStreamName|log|ingestionTime|eventId|ptr)$/i;
const CSV_UNQUOTED_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?),(?=")/;
const TAB_BEFORE_REQUEST = /\t(?=\([^()\s]{4,80}\) )/;

/** Splits one CSV row with quoted fields (`""` is a quote); null when the line is not such a row. */
function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) !== 34 /* " */) return null;
    let value = '';
    i++;
    for (;;) {
      const q = line.indexOf('"', i);
      if (q === -1) return null;
      value += line.slice(i, q);
      if (line.charCodeAt(q + 1) === 34) {
        value += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    fields.push(value);
    if (i === line.length) return fields;
    if (line.charCodeAt(i) !== 44 /* , */) return null;
    i++;
  }
  return fields;
}

/**
 * Unwraps one pasted line from the container people copy logs in, into the log line(s) it holds:
 * markdown indentation, `> ` quotes and `| table |` rows; `aws logs filter-log-events --output text`
 * rows (`EVENTS<TAB>id<TAB>ingested<TAB>stream<TAB>message<TAB>timestamp`); CSV exports
 * (`"timestamp","message"`); and several messages joined by tabs (`--query 'events[].message'`).
 */
export function unwrapLine(line: string): string[] {
  let text = line;
  const c0 = text.charCodeAt(0);
  if (c0 === 32 || c0 === 9 || c0 === 62 /* > */) {
    text = text.replace(/^[ \t]*(?:>[ \t]?)*/, '');
  }
  if (text.charCodeAt(0) === 124 /* | */ && text.trimEnd().endsWith('|')) {
    const row = text.trim();
    if (MARKDOWN_TABLE_RULE.test(row)) return [];
    text = row.slice(1, -1).split('|').map((c) => c.trim()).join('\t');
  }
  if (text.startsWith('EVENTS\t')) {
    const fields = text.split('\t');
    if (fields.length >= 6) return [fields.slice(4, -1).join('\t')];
  }
  // Some exports leave the timestamp column unquoted: `2026-11-20 14:02:11.395,"(id) message"`.
  const unquotedTime = CSV_UNQUOTED_TIME.exec(text);
  if (unquotedTime !== null) text = `"${unquotedTime[1] ?? ''}",${text.slice(unquotedTime[0].length)}`;
  if (text.charCodeAt(0) === 34 /* " */ && text.includes('","')) {
    const fields = csvFields(text.trimEnd());
    if (fields !== null && fields.length >= 2) {
      if (fields.every((f) => CSV_HEADER_FIELD.test(f))) return [];
      const messages = fields.filter((f) => !TIMESTAMPISH.test(f.trim()) && f.trim() !== '');
      const message = messages.reduce((a, b) => (b.length > a.length ? b : a), '');
      return message === '' ? [] : [message];
    }
  }
  if (text.charCodeAt(0) === 40 /* ( */ && text.includes('\t(')) {
    const parts = text.split(TAB_BEFORE_REQUEST);
    if (parts.length > 1) return parts;
  }
  return [text];
}

/** JSON.parse, tolerating the trailing commas people leave when they paste a record. */
function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')) as unknown;
    } catch {
      // What pastes add: zsh's `%` after output without a final newline, and redaction placeholders
      // written where a value was (`"connectionId": <hidden>`, `"token": ***`).
      const repaired = text
        .replace(/([}\]])%\s*$/, '$1')
        .replace(/(:\s*)(<[^<>"\n]{1,40}>|\*{3,}|\.{3})(?=\s*[,}\]\n])/g, '$1"$2"')
        .replace(/,(\s*[}\]])/g, '$1');
      if (repaired === text) return undefined;
      try {
        return JSON.parse(repaired) as unknown;
      } catch {
        return undefined;
      }
    }
  }
}

/** Reads log text (any mix of the supported formats). */
export function readLogText(text: string): ReadResult {
  const reader = new LogReader();
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (!(nl === -1 && start === text.length)) reader.addLine(text.slice(start, end));
    if (nl === -1) break;
    start = nl + 1;
  }
  reader.end();
  return { entries: reader.entries, lines: reader.lines };
}

/** Reads CloudWatch Logs events (as a subscription delivers them). */
export function readLogEvents(events: readonly RawLogEvent[]): ReadResult {
  const reader = new LogReader();
  for (const event of events) reader.addEvent(event);
  reader.end();
  return { entries: reader.entries, lines: reader.lines };
}
