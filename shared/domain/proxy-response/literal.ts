/**
 * Reads a response object as people paste it when it is not JSON: a Python dict as `print()` shows it
 * (`{'statusCode': 200, 'isBase64Encoded': False}`) or a JavaScript object as `console.log` shows it
 * (`{ statusCode: 200, body: 'ok' }`). Both are what a function *logged*, not what Lambda sent: the
 * managed runtimes serialize a returned dict/object to JSON (`json.dumps`, `JSON.stringify`), so the
 * literal is converted to that JSON. Source code with expressions (`body: JSON.stringify(x)`) has no
 * value to convert, and says which expression stopped the conversion. Only an object with at least
 * one entry is read (a proxy response is an object). Pure; never throws.
 */

/** Which printed form the text is in; `either` = only single-quoted strings, numbers and containers. */
export type LiteralLanguage = 'python' | 'javascript' | 'either';

/** The outcome of reading a printed object. */
export type LiteralRead =
  /** `json` is what the runtime would send for this value. */
  | { readonly kind: 'converted'; readonly language: LiteralLanguage; readonly json: string; readonly droppedUndefined: boolean }
  /** The text is code: `expression` is the first part that is not a literal value. */
  | { readonly kind: 'source'; readonly language: LiteralLanguage; readonly expression: string }
  | { readonly kind: 'not-a-literal' };

const NOT_A_LITERAL: LiteralRead = { kind: 'not-a-literal' };

/** Containers nested deeper than this are not a printed response (and would cost stack). */
const MAX_DEPTH = 64;

/** A converted value: its JSON text, or `undefined` (JavaScript), which JSON.stringify leaves out. */
type Value = { readonly json: string } | { readonly undefinedValue: true };

class NotALiteral extends Error {}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class LiteralParser {
  private pos = 0;
  private depth = 0;
  readonly python = new Set<string>();
  readonly javascript = new Set<string>();
  droppedUndefined = false;

  constructor(private readonly text: string) {}

  /** The first expression met (the text is code, not a printed value), or null. */
  expression: string | null = null;
  private entries = 0;

  parseRoot(): string {
    this.skipSpace();
    // A proxy response is an object: only `{ key: value, ... }` with at least one entry is read, so
    // arbitrary bracketed text is never taken for a printed value or for code.
    if (this.text.charAt(this.pos) !== '{') throw new NotALiteral();
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.text.length || this.entries === 0) throw new NotALiteral();
    if ('undefinedValue' in value) throw new NotALiteral();
    return value.json;
  }

  private value(): Value {
    this.skipSpace();
    const c = this.text.charAt(this.pos);
    if (c === '{') return this.nested(() => this.object());
    if (c === '[') return this.nested(() => this.list(']'));
    if (c === '(') {
      this.python.add('tuple');
      return this.nested(() => this.list(')'));
    }
    if (c === "'" || c === '"' || c === '`') return { json: JSON.stringify(this.concatenatedString()) };
    if ((c === 'u' || c === 'U') && (this.text.charAt(this.pos + 1) === "'" || this.text.charAt(this.pos + 1) === '"')) {
      this.python.add("u''");
      this.pos += 1;
      return { json: JSON.stringify(this.concatenatedString()) };
    }
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      this.pos += number[0].length;
      // `1e999` is Infinity: neither runtime sends it as a number JSON can hold.
      const parsed = Number(number[0]);
      if (!Number.isFinite(parsed)) {
        this.expression ??= number[0];
        return { json: 'null' };
      }
      return { json: number[0] };
    }
    IDENTIFIER.lastIndex = this.pos;
    const word = IDENTIFIER.exec(this.text)?.[0];
    if (word === undefined) throw new NotALiteral();
    const start = this.pos;
    this.pos += word.length;
    const keyword = KEYWORDS[word];
    if (keyword !== undefined && !this.continuesExpression()) {
      (keyword.language === 'python' ? this.python : this.javascript).add(word);
      return keyword.value;
    }
    return this.expressionValue(start);
  }

  /** Records the expression at `start` and skips it, so the rest of the text is still checked for shape. */
  private expressionValue(start: number): Value {
    const end = this.expressionEnd(start);
    const text = this.text.slice(start, end);
    // The serializers people call in a response literal say which language the code is in.
    if (/^JSON\./.test(text)) this.javascript.add('JSON.');
    if (/^(json\.|str\()/.test(text)) this.python.add('json.');
    this.expression ??= preview(text);
    this.pos = end;
    return { json: 'null' };
  }

  private nested(read: () => Value): Value {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new NotALiteral();
    const value = read();
    this.depth -= 1;
    return value;
  }

  private object(): Value {
    this.pos += 1; // {
    const entries: string[] = [];
    for (;;) {
      this.skipSpace();
      if (this.take('}')) break;
      const key = this.key();
      this.skipSpace();
      if (!this.take(':')) throw new NotALiteral();
      const value = this.value();
      // JSON.stringify leaves out keys whose value is undefined (Python has no undefined).
      this.entries += 1;
      if ('json' in value) entries.push(`${JSON.stringify(key)}:${value.json}`);
      else this.droppedUndefined = true;
      this.skipSpace();
      if (this.take('}')) break;
      if (!this.take(',')) throw new NotALiteral();
    }
    return { json: `{${entries.join(',')}}` };
  }

  private list(close: string): Value {
    this.pos += 1; // [ or (
    const items: string[] = [];
    for (;;) {
      this.skipSpace();
      if (this.take(close)) break;
      const value = this.value();
      // JSON.stringify writes undefined array items as null.
      items.push('json' in value ? value.json : 'null');
      this.skipSpace();
      if (this.take(close)) break;
      if (!this.take(',')) throw new NotALiteral();
    }
    return { json: `[${items.join(',')}]` };
  }

  private key(): string {
    const c = this.text.charAt(this.pos);
    if (c === "'" || c === '"') return this.quoted();
    if (c === '`') throw new NotALiteral();
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      // Both runtimes write numeric keys as strings.
      this.pos += number[0].length;
      return String(Number(number[0]));
    }
    IDENTIFIER.lastIndex = this.pos;
    const word = IDENTIFIER.exec(this.text)?.[0];
    if (word === undefined) throw new NotALiteral();
    this.pos += word.length;
    // `{ statusCode: 200 }`: unquoted keys are JavaScript (in Python they would be variables).
    this.javascript.add('unquoted key');
    return word;
  }

  /** A string literal, joined with the `'...' +` continuations Node prints for long strings. */
  private concatenatedString(): string {
    let value = this.quoted();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      if (!this.take('+')) {
        this.pos = save;
        return value;
      }
      this.skipSpace();
      const c = this.text.charAt(this.pos);
      if (c !== "'" && c !== '"' && c !== '`') {
        const end = this.expressionEnd(this.pos);
        this.expression ??= `${preview(value, 30)} + ${preview(this.text.slice(this.pos, end))}`;
        this.pos = end;
        return value;
      }
      this.javascript.add('+');
      value += this.quoted();
    }
  }

  private quoted(): string {
    const quote = this.text.charAt(this.pos);
    if (quote === '`') this.javascript.add('template');
    const start = this.pos;
    this.pos += 1;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw new NotALiteral();
      const c = this.text.charAt(this.pos);
      if (c === quote) {
        this.pos += 1;
        return out;
      }
      if (quote === '`' && c === '$' && this.text.charAt(this.pos + 1) === '{') {
        const end = this.closing(start);
        this.expression ??= preview(this.text.slice(start, end));
        this.pos = end;
        return out;
      }
      if (c === '\n' && quote !== '`') throw new NotALiteral();
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      out += c;
      this.pos += 1;
    }
  }

  private escape(): string {
    const c = this.text.charAt(this.pos + 1);
    this.pos += 2;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0', '\\': '\\', "'": "'", '"': '"', '`': '`', '\n': '' };
    const mapped = simple[c];
    if (mapped !== undefined) return mapped;
    const hex = (length: number): string => {
      const digits = this.text.slice(this.pos, this.pos + length);
      if (!new RegExp(`^[0-9a-fA-F]{${String(length)}}$`).test(digits)) throw new NotALiteral();
      this.pos += length;
      return String.fromCodePoint(Number.parseInt(digits, 16));
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    if (c === 'U') return hex(8);
    // Python and JavaScript keep an unknown escape's character (Python also keeps the backslash).
    return c;
  }

  /** After a keyword: `.x`, `(…)` or `[…]` make it an expression such as `None.x` or `true()`. */
  private continuesExpression(): boolean {
    const c = this.text.charAt(this.pos);
    return c === '.' || c === '(' || c === '[';
  }

  /** Where the expression starting at `start` ends: a dotted name with calls and indexing. */
  private expressionEnd(start: number): number {
    const word = (at: number): number => {
      IDENTIFIER.lastIndex = at;
      return IDENTIFIER.exec(this.text)?.[0].length ?? 0;
    };
    let end = start + word(start);
    for (;;) {
      const c = this.text.charAt(end);
      if (c === '.') end += 1 + word(end + 1);
      else if (c === '(' || c === '[') end = this.closing(end);
      else break;
    }
    return Math.max(end, start + 1);
  }

  /** The offset after the bracket or template that opens at `open` (or the end of the text). */
  private closing(open: number): number {
    const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}', '`': '`' };
    const stack: string[] = [];
    for (let i = open; i < this.text.length; i += 1) {
      const c = this.text.charAt(i);
      const top = stack[stack.length - 1];
      if (top !== undefined && c === top) {
        stack.pop();
        if (stack.length === 0) return i + 1;
      } else if (pairs[c] !== undefined && top !== '`') {
        stack.push(pairs[c] ?? '');
      }
    }
    return this.text.length;
  }

  private take(c: string): boolean {
    if (this.text.charAt(this.pos) !== c) return false;
    this.pos += 1;
    return true;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos += 1;
  }
}

const KEYWORDS: Readonly<Record<string, { readonly language: 'python' | 'javascript'; readonly value: Value }>> = {
  True: { language: 'python', value: { json: 'true' } },
  False: { language: 'python', value: { json: 'false' } },
  None: { language: 'python', value: { json: 'null' } },
  true: { language: 'javascript', value: { json: 'true' } },
  false: { language: 'javascript', value: { json: 'false' } },
  null: { language: 'javascript', value: { json: 'null' } },
  undefined: { language: 'javascript', value: { undefinedValue: true } },
};

function preview(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function languageOf(parser: LiteralParser): LiteralLanguage | null {
  if (parser.python.size > 0 && parser.javascript.size > 0) return null;
  if (parser.python.size > 0) return 'python';
  return parser.javascript.size > 0 ? 'javascript' : 'either';
}

/**
 * Reads `text` as a printed Python dict/list or JavaScript object/array. Call it only for text that
 * is not JSON: valid JSON is read as JSON.
 */
export function readObjectLiteral(text: string): LiteralRead {
  const parser = new LiteralParser(text);
  let json: string;
  try {
    json = parser.parseRoot();
  } catch (error) {
    if (error instanceof NotALiteral) return NOT_A_LITERAL;
    throw error;
  }
  const language = languageOf(parser);
  if (language === null) return NOT_A_LITERAL;
  if (parser.expression !== null) return { kind: 'source', language, expression: parser.expression };
  return { kind: 'converted', language, json, droppedUndefined: parser.droppedUndefined };
}
