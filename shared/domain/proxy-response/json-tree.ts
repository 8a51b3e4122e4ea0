/**
 * A JSON value as far as it is visible. Complete text is parsed with `JSON.parse`; a log line that API
 * Gateway truncated is parsed by a tolerant prefix parser so the rules can still judge what is visible
 * (e.g. `"body":{` proves a non-string body even when the line was cut later).
 */
import { err, ok, type Result } from '../result.ts';

/** One visible JSON value. `complete: false` = the text ended inside it. */
export type JsonNode =
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[]; readonly complete: boolean }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[]; readonly complete: boolean }
  | { readonly kind: 'string'; readonly value: string; readonly complete: boolean }
  | { readonly kind: 'number'; readonly value: number; readonly complete: boolean }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** The text ended before this value's type could be seen. */
  | { readonly kind: 'cut' };

/** A key with its value, in source order. */
export type JsonEntry = readonly [key: string, value: JsonNode];

/** Why the visible text is not JSON. */
export interface JsonSyntaxError {
  /** Offset of the first character that cannot be part of a JSON value. */
  readonly offset: number;
  readonly reason: string;
}

/**
 * The rules never look deeper than `cookies[i]` / `multiValueHeaders.X[i]` (depth 3); below this depth
 * containers are kept as empty shells so hostile nesting cannot exhaust the stack.
 */
const MAX_DEPTH = 8;

const CUT: JsonNode = { kind: 'cut' };

/** The value of `key` in an object node (the last one wins, as with `JSON.parse`). */
export function member(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const [k, v] of node.entries) if (k === key) found = v;
  return found;
}

/**
 * Parses `text` as one JSON value. With `truncated`, the text may stop anywhere: open strings,
 * containers and numbers are returned with `complete: false` instead of failing.
 */
export function parseJsonTree(text: string, truncated: boolean): Result<JsonNode, JsonSyntaxError> {
  if (!truncated) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // SyntaxError for non-JSON; RangeError only for absurd nesting. Either way the gateway cannot read it.
      return err(locateSyntaxError(text, error));
    }
    return ok(fromValue(value, 0));
  }
  const parser = new PrefixParser(text);
  const node = parser.value(0);
  if (parser.error) return err(parser.error);
  parser.skipWhitespace();
  if (!parser.atEnd()) return err({ offset: parser.pos, reason: 'unexpected text after the JSON value' });
  return ok(node);
}

function locateSyntaxError(text: string, error: unknown): JsonSyntaxError {
  // Reuse the prefix parser only to find where the text stops being JSON; V8's wording varies by version.
  const parser = new PrefixParser(text);
  parser.value(0);
  if (parser.error) return parser.error;
  parser.skipWhitespace();
  if (!parser.atEnd()) return { offset: parser.pos, reason: 'unexpected text after the JSON value' };
  if (text.trim() === '') return { offset: 0, reason: 'the text is empty' };
  if (error instanceof RangeError) return { offset: 0, reason: 'the value is nested too deeply' };
  return { offset: text.length, reason: 'the text ends before the JSON value does' };
}

function fromValue(value: unknown, depth: number): JsonNode {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value, complete: true };
  if (typeof value === 'number') return { kind: 'number', value, complete: true };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (Array.isArray(value)) {
    const items = depth >= MAX_DEPTH ? [] : value.map((item: unknown) => fromValue(item, depth + 1));
    return { kind: 'array', items, complete: true };
  }
  if (typeof value === 'object') {
    const entries: JsonEntry[] =
      depth >= MAX_DEPTH ? [] : Object.entries(value).map(([k, v]): JsonEntry => [k, fromValue(v, depth + 1)]);
    return { kind: 'object', entries, complete: true };
  }
  return CUT;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Recursive-descent JSON parser that treats end of text as "cut here", not as an error. */
class PrefixParser {
  pos = 0;
  error: JsonSyntaxError | null = null;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): void {
    while (!this.atEnd() && ' \t\n\r'.includes(this.text.charAt(this.pos))) this.pos += 1;
  }

  private fail(reason: string): JsonNode {
    this.error ??= { offset: this.pos, reason };
    return CUT;
  }

  value(depth: number): JsonNode {
    this.skipWhitespace();
    if (this.atEnd()) return CUT;
    const c = this.text.charAt(this.pos);
    if (c === '{') return depth >= MAX_DEPTH ? this.skipContainer('object') : this.object(depth);
    if (c === '[') return depth >= MAX_DEPTH ? this.skipContainer('array') : this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true', { kind: 'boolean', value: true });
    if (c === 'f') return this.literal('false', { kind: 'boolean', value: false });
    if (c === 'n') return this.literal('null', { kind: 'null' });
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private object(depth: number): JsonNode {
    this.pos += 1;
    const entries: JsonEntry[] = [];
    const partial = (): JsonNode => ({ kind: 'object', entries, complete: false });
    this.skipWhitespace();
    if (this.atEnd()) return partial();
    if (this.text.charAt(this.pos) === '}') {
      this.pos += 1;
      return { kind: 'object', entries, complete: true };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) return partial();
      if (this.text.charAt(this.pos) !== '"') return this.fail('expected a property name');
      const key = this.string();
      if (this.error) return CUT;
      // A cut key could be the prefix of any key, so it proves nothing.
      if (key.kind !== 'string' || !key.complete) return partial();
      this.skipWhitespace();
      if (this.atEnd()) {
        entries.push([key.value, CUT]);
        return partial();
      }
      if (this.text.charAt(this.pos) !== ':') return this.fail('expected ":"');
      this.pos += 1;
      const value = this.value(depth + 1);
      if (this.error) return CUT;
      entries.push([key.value, value]);
      if (!isComplete(value)) return partial();
      this.skipWhitespace();
      if (this.atEnd()) return partial();
      const next = this.text.charAt(this.pos);
      this.pos += 1;
      if (next === '}') return { kind: 'object', entries, complete: true };
      if (next !== ',') {
        this.pos -= 1;
        return this.fail('expected "," or "}"');
      }
    }
  }

  private array(depth: number): JsonNode {
    this.pos += 1;
    const items: JsonNode[] = [];
    const partial = (): JsonNode => ({ kind: 'array', items, complete: false });
    this.skipWhitespace();
    if (this.atEnd()) return partial();
    if (this.text.charAt(this.pos) === ']') {
      this.pos += 1;
      return { kind: 'array', items, complete: true };
    }
    for (;;) {
      const item = this.value(depth + 1);
      if (this.error) return CUT;
      if (item.kind !== 'cut') items.push(item);
      if (!isComplete(item)) return partial();
      this.skipWhitespace();
      if (this.atEnd()) return partial();
      const next = this.text.charAt(this.pos);
      this.pos += 1;
      if (next === ']') return { kind: 'array', items, complete: true };
      if (next !== ',') {
        this.pos -= 1;
        return this.fail('expected "," or "]"');
      }
    }
  }

  /** Skips a container too deep to matter, iteratively, honouring strings. */
  private skipContainer(kind: 'object' | 'array'): JsonNode {
    let level = 0;
    let inString = false;
    while (!this.atEnd()) {
      const c = this.text.charAt(this.pos);
      this.pos += 1;
      if (inString) {
        if (c === '\\') this.pos += 1;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') level += 1;
      else if (c === '}' || c === ']') {
        level -= 1;
        if (level === 0) return kind === 'object' ? { kind, entries: [], complete: true } : { kind, items: [], complete: true };
      }
    }
    return kind === 'object' ? { kind, entries: [], complete: false } : { kind, items: [], complete: false };
  }

  private string(): JsonNode {
    this.pos += 1;
    let value = '';
    while (!this.atEnd()) {
      const c = this.text.charAt(this.pos);
      if (c === '"') {
        this.pos += 1;
        return { kind: 'string', value, complete: true };
      }
      if (c < ' ') return this.fail('control character inside a string');
      if (c !== '\\') {
        value += c;
        this.pos += 1;
        continue;
      }
      const e = this.text.charAt(this.pos + 1);
      if (e === '') break;
      if (e === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return this.fail('invalid \\u escape');
        if (hex.length < 4) break;
        value += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      const decoded = ESCAPES[e];
      if (decoded === undefined) return this.fail(`invalid escape \\${e}`);
      value += decoded;
      this.pos += 2;
    }
    this.pos = this.text.length;
    return { kind: 'string', value, complete: false };
  }

  private number(): JsonNode {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) {
      // A lone "-" at the very end is a number that was cut before its first digit.
      if (this.pos + 1 >= this.text.length) {
        this.pos = this.text.length;
        return CUT;
      }
      return this.fail('invalid number');
    }
    this.pos += match[0].length;
    // Digits running up to the cut may continue, so the visible value is not the real one.
    return { kind: 'number', value: Number(match[0]), complete: !this.atEnd() };
  }

  private literal(word: string, node: JsonNode): JsonNode {
    const visible = this.text.slice(this.pos, this.pos + word.length);
    if (visible === word) {
      this.pos += word.length;
      return node;
    }
    if (this.pos + visible.length >= this.text.length && word.startsWith(visible)) {
      this.pos = this.text.length;
      return CUT;
    }
    return this.fail(`unexpected text ${JSON.stringify(visible)}`);
  }
}

/** True when nothing of `node` was cut off. */
export function isComplete(node: JsonNode): boolean {
  switch (node.kind) {
    case 'cut':
      return false;
    case 'object':
    case 'array':
    case 'string':
    case 'number':
      return node.complete;
    default:
      return true;
  }
}
