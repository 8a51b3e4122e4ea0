/**
 * CloudWatch Logs filter patterns, parsed and evaluated the way AWS documents them
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html), so that
 * everything that answers `FilterLogEvents` without AWS (recorded accounts, test fakes, benchmarks,
 * the recorded-account generator) selects the same events CloudWatch would for the patterns the
 * diagnosis sends.
 *
 * Forms:
 * - empty pattern: every event;
 * - terms: `ERROR`, `ERROR Exception` (all), `?ERROR ?WARN` (any), `ERROR -Exiting` (exclude),
 *   `"exact phrase"`; case-sensitive substring matches; a term with anything but letters, digits and
 *   `_` must be quoted;
 * - regex: `%[Ee]rror%` (the documented subset: no parentheses, no multi-byte characters);
 * - JSON: `{ $.a.b[0] = "x*" && ($.n >= 10 || $.c IS NULL) }`, with `=`/`!=` on strings (a leading
 *   and/or trailing `*` is a wildcard), numeric `= != < > <= >=`, `IS NULL`, `IS TRUE`, `IS FALSE`,
 *   `NOT EXISTS`;
 * - space-delimited: `[ip, user, ..., status_code = 5* || status_code = 429, bytes > 1000]`.
 *
 * Anything else is an error value that names the problem: never a pattern that silently matches all.
 */
import { err, ok, type Result } from '../result.ts';

/** CloudWatch rejects longer patterns (`filterPattern` length constraint: 0..1024). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
/** CloudWatch allows at most this many regexes inside one JSON or space-delimited pattern. */
const MAX_EMBEDDED_REGEXES = 2;

/** Why a text is not a pattern this module can evaluate. */
export interface FilterPatternError {
  /**
   * `invalid`: CloudWatch documents this as not allowed (or it is not a pattern at all);
   * `unsupported`: syntax AWS does not document, so its meaning cannot be reproduced faithfully.
   */
  readonly kind: 'invalid' | 'unsupported';
  /** One line naming what is wrong, e.g. `term "status:" has characters other than letters, digits and _: put it in double quotes`. */
  readonly message: string;
  /** 0-based index in the pattern text where the problem starts. */
  readonly position: number;
}

/** The comparison operators of JSON and space-delimited conditions. */
export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** The right-hand side of a comparison. */
export type ValuePattern =
  | { readonly kind: 'number'; readonly value: number }
  /** Literal text; `leading`/`trailing` mean a `*` wildcard stood there. */
  | { readonly kind: 'text'; readonly text: string; readonly leading: boolean; readonly trailing: boolean }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** A boolean combination of leaf conditions (`&&` binds tighter than `||`). */
export type Condition<Leaf> =
  | { readonly kind: 'and' | 'or'; readonly left: Condition<Leaf>; readonly right: Condition<Leaf> }
  | { readonly kind: 'leaf'; readonly leaf: Leaf };

/** One step of a JSON selector: a property name or an array index. */
export type JsonStep = string | number;

/** A leaf of a JSON pattern. */
export type JsonLeaf =
  | { readonly kind: 'compare'; readonly path: readonly JsonStep[]; readonly operator: ComparisonOperator; readonly value: ValuePattern }
  | { readonly kind: 'is'; readonly path: readonly JsonStep[]; readonly is: null | boolean }
  | { readonly kind: 'not-exists'; readonly path: readonly JsonStep[] };

/** A leaf of a space-delimited condition: a named field compared with a value. */
export interface DelimitedLeaf {
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: ValuePattern;
}

/** One slot of a space-delimited pattern: a (possibly anonymous) field, or `...` (any number of fields). */
export type DelimitedSlot = { readonly kind: 'field'; readonly name: string | null } | { readonly kind: 'ellipsis' };

/** A parsed filter pattern. */
export type FilterPattern =
  | { readonly kind: 'everything' }
  /** Every `include` term occurs and no `exclude` term does. */
  | { readonly kind: 'all-terms'; readonly include: readonly string[]; readonly exclude: readonly string[] }
  /** At least one term occurs (`?a ?b`). */
  | { readonly kind: 'any-term'; readonly terms: readonly string[] }
  | { readonly kind: 'regex'; readonly regex: RegExp }
  | { readonly kind: 'json'; readonly condition: Condition<JsonLeaf> }
  | { readonly kind: 'delimited'; readonly slots: readonly DelimitedSlot[]; readonly conditions: readonly Condition<DelimitedLeaf>[] };

function invalid(message: string, position: number): FilterPatternError {
  return { kind: 'invalid', message, position };
}

function unsupported(message: string, position: number): FilterPatternError {
  return { kind: 'unsupported', message, position };
}

const WHITESPACE = /\s/;
const WORD = /^[A-Za-z0-9_]+$/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Parses a filter pattern. Every expected problem comes back as a {@link FilterPatternError} value. */
export function parseFilterPattern(text: string): Result<FilterPattern, FilterPatternError> {
  if (text.length > MAX_FILTER_PATTERN_LENGTH) {
    return err(invalid(`the pattern has ${text.length} characters; CloudWatch accepts at most ${MAX_FILTER_PATTERN_LENGTH}`, MAX_FILTER_PATTERN_LENGTH));
  }
  const start = text.search(/\S/);
  if (start === -1) return ok({ kind: 'everything' });
  const end = text.trimEnd().length;
  const first = text[start];
  if (first === '{') return parseJson(text, start, end);
  if (first === '[') return parseDelimited(text, start, end);
  if (first === '%') {
    const regex = parseRegex(text, start, end);
    return regex.ok ? ok({ kind: 'regex', regex: regex.value }) : regex;
  }
  return parseTerms(text);
}

/** Whether a log event's message matches a parsed pattern (as CloudWatch Logs would decide). */
export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  switch (pattern.kind) {
    case 'everything':
      return true;
    case 'all-terms':
      return pattern.include.every((t) => message.includes(t)) && !pattern.exclude.some((t) => message.includes(t));
    case 'any-term':
      return pattern.terms.some((t) => message.includes(t));
    case 'regex':
      return pattern.regex.test(message);
    case 'json':
      return matchesJson(pattern.condition, message);
    case 'delimited':
      return matchesDelimited(pattern, message);
  }
}

/**
 * Parses once and returns a predicate over messages, for callers that filter many events with one
 * pattern (replayed log queries, generated recordings).
 */
export function filterPatternMatcher(text: string): Result<(message: string) => boolean, FilterPatternError> {
  const parsed = parseFilterPattern(text);
  if (!parsed.ok) return parsed;
  const pattern = parsed.value;
  return ok((message: string) => matchesFilterPattern(pattern, message));
}

/** `"<pattern>" at <n>: <message>`, one line, for error messages that quote the pattern. */
export function describeFilterPatternError(text: string, error: FilterPatternError): string {
  const quoted = text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}…` : JSON.stringify(text);
  return `filter pattern ${quoted} at ${error.position}: ${error.kind === 'unsupported' ? 'unsupported: ' : ''}${error.message}`;
}

// ---- terms ------------------------------------------------------------------------------------

interface TermToken {
  readonly prefix: '?' | '-' | null;
  readonly value: string;
  readonly quoted: boolean;
  readonly position: number;
}

function parseTerms(text: string): Result<FilterPattern, FilterPatternError> {
  const tokens: TermToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (WHITESPACE.test(c)) {
      i += 1;
      continue;
    }
    const position = i;
    let prefix: TermToken['prefix'] = null;
    if (c === '?' || c === '-') {
      prefix = c;
      i += 1;
      if (i >= text.length || WHITESPACE.test(text[i] ?? '')) return err(invalid(`"${c}" must be followed directly by the term it applies to`, position));
    }
    const term = readTerm(text, i);
    if (!term.ok) return term;
    tokens.push({ prefix, value: term.value.value, quoted: term.value.quoted, position });
    i = term.value.end;
  }
  const optional = tokens.filter((t) => t.prefix === '?');
  if (optional.length > 0) {
    const other = tokens.find((t) => t.prefix !== '?');
    // AWS documents `?a ?b` and `a b -c`, never a mix, so a mix has no meaning to reproduce.
    if (other !== undefined) return err(unsupported('mixing ?-terms with plain or -terms is not documented; use only ?-terms (any of) or no ?-terms (all of)', other.position));
    const terms = optional.map((t) => t.value);
    return ok(terms.some(isBlank) ? { kind: 'everything' } : { kind: 'any-term', terms });
  }
  // A blank quoted phrase is AWS's documented way to match everything (`" "`), so it constrains nothing.
  const include = tokens.filter((t) => t.prefix === null && !isBlank(t.value)).map((t) => t.value);
  const exclude = tokens.filter((t) => t.prefix === '-').map((t) => t.value);
  if (exclude.some(isBlank)) {
    const blank = tokens.find((t) => t.prefix === '-' && isBlank(t.value));
    return err(unsupported('excluding a blank phrase is not documented (it would exclude everything)', blank?.position ?? 0));
  }
  if (include.length === 0 && exclude.length === 0) return ok({ kind: 'everything' });
  return ok({ kind: 'all-terms', include, exclude });
}

function isBlank(value: string): boolean {
  return value.trim() === '';
}

function readTerm(text: string, start: number): Result<{ value: string; quoted: boolean; end: number }, FilterPatternError> {
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    if (close === -1) return err(invalid('unterminated quoted term (a closing " is missing)', start));
    const value = text.slice(start + 1, close);
    const backslash = value.indexOf('\\');
    if (backslash !== -1) return err(unsupported('backslash escapes inside quoted terms are not documented', start + 1 + backslash));
    const after = text[close + 1];
    if (after !== undefined && !WHITESPACE.test(after)) return err(invalid(`a quoted term must be followed by a space, found "${after}"`, close + 1));
    return ok({ value, quoted: true, end: close + 1 });
  }
  let end = start;
  while (end < text.length && !WHITESPACE.test(text[end] ?? '')) end += 1;
  const value = text.slice(start, end);
  if (!WORD.test(value)) {
    const bad = [...value].findIndex((ch) => !/[A-Za-z0-9_]/.test(ch));
    return err(invalid(`term "${value}" has characters other than letters, digits and _: put it in double quotes`, start + Math.max(bad, 0)));
  }
  return ok({ value, quoted: false, end });
}

// ---- regex ------------------------------------------------------------------------------------

/** The characters AWS allows inside `%…%`: alphanumerics, the listed symbols and the listed operators. */
const REGEX_CHARACTER = /[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]/;

function parseRegex(text: string, start: number, end: number): Result<RegExp, FilterPatternError> {
  const close = text.indexOf('%', start + 1);
  if (close === -1 || close >= end) return err(invalid('unterminated regex (a closing % is missing)', start));
  if (close !== end - 1) return err(unsupported('a regex must be the whole pattern or a whole value; combining it with terms is not documented', close + 1));
  const body = text.slice(start + 1, close);
  if (body === '') return err(invalid('empty regex %%', start));
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] ?? '';
    if (ch === '(' || ch === ')') return err(invalid('parentheses are not supported in CloudWatch regexes', start + 1 + i));
    if (ch.charCodeAt(0) > 127) return err(invalid(`multi-byte characters are not supported in CloudWatch regexes ("${ch}")`, start + 1 + i));
    if (!REGEX_CHARACTER.test(ch)) return err(invalid(`"${ch}" is not a character CloudWatch allows in a regex`, start + 1 + i));
  }
  try {
    return ok(new RegExp(body));
  } catch (error: unknown) {
    return err(invalid(`not a valid regex: ${error instanceof Error ? error.message : String(error)}`, start));
  }
}

// ---- expressions shared by JSON and space-delimited patterns ----------------------------------

type Token =
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ',' | '&&' | '||' | '...'; readonly position: number }
  | { readonly kind: 'operator'; readonly text: ComparisonOperator; readonly position: number }
  | { readonly kind: 'selector'; readonly path: readonly JsonStep[]; readonly position: number }
  | { readonly kind: 'string'; readonly text: string; readonly position: number }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly position: number }
  | { readonly kind: 'word'; readonly text: string; readonly position: number };

/** Characters an unquoted value or name may hold (AWS: other characters need double quotes). */
const BARE = /[A-Za-z0-9_.*+-]/;

/** Splits the inside of `{…}` or `[…]` into tokens. `selectors` is true for JSON. */
function tokenize(text: string, from: number, to: number, selectors: boolean): Result<Token[], FilterPatternError> {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i] ?? '';
    const two = text.slice(i, i + 2);
    if (WHITESPACE.test(c)) {
      i += 1;
    } else if (two === '&&' || two === '||') {
      tokens.push({ kind: 'punct', text: two, position: i });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'operator', text: two, position: i });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'operator', text: c, position: i });
      i += 1;
    } else if (text.startsWith('...', i)) {
      tokens.push({ kind: 'punct', text: '...', position: i });
      i += 3;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, position: i });
      i += 1;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1 || close >= to) return err(invalid('unterminated quoted string (a closing " is missing)', i));
      const value = text.slice(i + 1, close);
      const backslash = value.indexOf('\\');
      if (backslash !== -1) return err(unsupported('backslash escapes inside quoted strings are not documented', i + 1 + backslash));
      tokens.push({ kind: 'string', text: value, position: i });
      i = close + 1;
    } else if (c === '%') {
      const close = text.indexOf('%', i + 1);
      if (close === -1 || close >= to) return err(invalid('unterminated regex (a closing % is missing)', i));
      const regex = parseRegex(text, i, close + 1);
      if (!regex.ok) return regex;
      tokens.push({ kind: 'regex', regex: regex.value, position: i });
      i = close + 1;
    } else if (c === '$' && selectors) {
      const selector = readSelector(text, i, to);
      if (!selector.ok) return selector;
      tokens.push({ kind: 'selector', path: selector.value.path, position: i });
      i = selector.value.end;
    } else if (BARE.test(c)) {
      let end = i;
      while (end < to && BARE.test(text[end] ?? '')) end += 1;
      tokens.push({ kind: 'word', text: text.slice(i, end), position: i });
      i = end;
    } else {
      return err(invalid(`unexpected "${c}" (values with characters other than letters, digits, _ . * + - must be in double quotes)`, i));
    }
  }
  return ok(tokens);
}

/** `$.a.b[0][1]`: AWS documents property names of alphanumerics, `-` and `_`, and `[NUMBER]` after a property. */
function readSelector(text: string, start: number, to: number): Result<{ path: JsonStep[]; end: number }, FilterPatternError> {
  const path: JsonStep[] = [];
  let i = start + 1;
  while (i < to) {
    const c = text[i];
    if (c === '.') {
      const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i + 1, to));
      if (m === null) {
        const next = text[i + 1] ?? '';
        return err(next === '*' || next === '[' ? unsupported(`selector step ".${next}" is not documented`, i) : invalid('expected a property name after "." in the selector', i + 1));
      }
      path.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const m = /^\[(\d+)\]/.exec(text.slice(i, to));
      if (m === null) return err(unsupported('only [NUMBER] array indexes are documented in selectors', i));
      if (path.length === 0) return err(invalid('an array index must follow a property (e.g. $.users[0])', i));
      path.push(Number(m[1]));
      i += m[0].length;
    } else {
      break;
    }
  }
  if (path.length === 0) return err(invalid('a selector needs at least one property, e.g. $.eventType', start));
  return ok({ path, end: i });
}

/** Reads tokens as a condition: `leaf (&& leaf)* (|| …)*`, with parentheses when `parens` is set. */
class ConditionParser<Leaf> {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly end: number,
    private readonly readLeaf: (parser: ConditionParser<Leaf>) => Result<Leaf, FilterPatternError>,
    private readonly parens: boolean,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  /** Where the next token starts (or the end of the expression). */
  position(): number {
    return this.peek()?.position ?? this.end;
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  parseOr(): Result<Condition<Leaf>, FilterPatternError> {
    let left = this.parseAnd();
    while (left.ok && isPunct(this.peek(), '||')) {
      this.next();
      const right = this.parseAnd();
      if (!right.ok) return right;
      left = ok({ kind: 'or', left: left.value, right: right.value });
    }
    return left;
  }

  private parseAnd(): Result<Condition<Leaf>, FilterPatternError> {
    let left = this.parseUnary();
    while (left.ok && isPunct(this.peek(), '&&')) {
      this.next();
      const right = this.parseUnary();
      if (!right.ok) return right;
      left = ok({ kind: 'and', left: left.value, right: right.value });
    }
    return left;
  }

  private parseUnary(): Result<Condition<Leaf>, FilterPatternError> {
    const token = this.peek();
    if (isPunct(token, '(')) {
      if (!this.parens) return err(unsupported('parentheses are only documented in JSON patterns', token.position));
      this.next();
      const inner = this.parseOr();
      if (!inner.ok) return inner;
      const close = this.next();
      if (!isPunct(close, ')')) return err(invalid('expected ")"', close?.position ?? this.end));
      return inner;
    }
    const leaf = this.readLeaf(this);
    return leaf.ok ? ok({ kind: 'leaf', leaf: leaf.value }) : leaf;
  }
}

function isPunct(token: Token | undefined, text: string): token is Token & { kind: 'punct' } {
  return token?.kind === 'punct' && token.text === text;
}

function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'the end of the pattern';
  switch (token.kind) {
    case 'punct':
    case 'operator':
    case 'word':
      return `"${token.text}"`;
    case 'string':
      return JSON.stringify(token.text);
    case 'regex':
      return 'a regex';
    case 'selector':
      return 'a selector';
  }
}

/** The value after an operator. Numeric operators need a number; `=`/`!=` take text, wildcards and regexes too. */
function readValue(parser: { next(): Token | undefined; position(): number }, operator: Token & { kind: 'operator' }, regexes: { count: number }): Result<ValuePattern, FilterPatternError> {
  const position = parser.position();
  const token = parser.next();
  let value: ValuePattern;
  if (token?.kind === 'word') {
    value = NUMBER.test(token.text) ? { kind: 'number', value: Number(token.text) } : textPattern(token.text);
  } else if (token?.kind === 'string') {
    value = textPattern(token.text);
  } else if (token?.kind === 'regex') {
    regexes.count += 1;
    if (regexes.count > MAX_EMBEDDED_REGEXES) return err(invalid(`CloudWatch allows at most ${MAX_EMBEDDED_REGEXES} regexes in a JSON or space-delimited pattern`, token.position));
    value = { kind: 'regex', regex: token.regex };
  } else {
    return err(invalid(`expected a value after "${operator.text}", found ${describeToken(token)}`, token?.position ?? position));
  }
  if (value.kind !== 'number' && operator.text !== '=' && operator.text !== '!=') {
    return err(invalid(`"${operator.text}" compares numbers; found a text value`, position));
  }
  return ok(value);
}

/** AWS: `*` matches any text at the start or end of a value; elsewhere it is a literal `*`. */
function textPattern(raw: string): ValuePattern {
  if (raw !== '' && /^\*+$/.test(raw)) return { kind: 'text', text: '', leading: true, trailing: true };
  const leading = raw.startsWith('*');
  const trailing = raw.length > 1 && raw.endsWith('*');
  return { kind: 'text', text: raw.slice(leading ? 1 : 0, trailing ? raw.length - 1 : raw.length), leading, trailing };
}

function textMatches(value: ValuePattern & { kind: 'text' | 'regex' }, actual: string): boolean {
  if (value.kind === 'regex') return value.regex.test(actual);
  if (value.leading && value.trailing) return actual.includes(value.text);
  if (value.leading) return actual.endsWith(value.text);
  if (value.trailing) return actual.startsWith(value.text);
  return actual === value.text;
}

function compareNumbers(operator: ComparisonOperator, actual: number, expected: number): boolean {
  switch (operator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '>':
      return actual > expected;
    case '<=':
      return actual <= expected;
    case '>=':
      return actual >= expected;
  }
}

function evaluate<Leaf>(condition: Condition<Leaf>, leaf: (l: Leaf) => boolean): boolean {
  switch (condition.kind) {
    case 'leaf':
      return leaf(condition.leaf);
    case 'and':
      return evaluate(condition.left, leaf) && evaluate(condition.right, leaf);
    case 'or':
      return evaluate(condition.left, leaf) || evaluate(condition.right, leaf);
  }
}

// ---- JSON -------------------------------------------------------------------------------------

function parseJson(text: string, start: number, end: number): Result<FilterPattern, FilterPatternError> {
  if (text[end - 1] !== '}') return err(invalid('a JSON pattern must end with "}"', end));
  const tokens = tokenize(text, start + 1, end - 1, true);
  if (!tokens.ok) return tokens;
  if (tokens.value.length === 0) return err(invalid('empty JSON pattern {}', start));
  const regexes = { count: 0 };
  const parser = new ConditionParser<JsonLeaf>(tokens.value, end - 1, (p) => readJsonLeaf(p, regexes), true);
  const condition = parser.parseOr();
  if (!condition.ok) return condition;
  if (!parser.done()) return err(invalid(`unexpected ${describeToken(parser.peek())} (conditions are joined with && or ||)`, parser.position()));
  return ok({ kind: 'json', condition: condition.value });
}

function readJsonLeaf(parser: ConditionParser<JsonLeaf>, regexes: { count: number }): Result<JsonLeaf, FilterPatternError> {
  const selector = parser.next();
  if (selector?.kind !== 'selector') return err(invalid(`expected a selector such as $.eventType, found ${describeToken(selector)}`, selector?.position ?? parser.position()));
  const path = selector.path;
  const next = parser.next();
  if (next?.kind === 'operator') {
    const value = readValue(parser, next, regexes);
    return value.ok ? ok({ kind: 'compare', path, operator: next.text, value: value.value }) : value;
  }
  if (next?.kind === 'word' && (next.text === 'IS' || next.text === 'NOT')) {
    const what = parser.next();
    const phrase = `${next.text} ${what?.kind === 'word' ? what.text : ''}`.trim();
    if (phrase === 'IS NULL') return ok({ kind: 'is', path, is: null });
    if (phrase === 'IS TRUE') return ok({ kind: 'is', path, is: true });
    if (phrase === 'IS FALSE') return ok({ kind: 'is', path, is: false });
    if (phrase === 'NOT EXISTS') return ok({ kind: 'not-exists', path });
    return err(unsupported(`"${phrase}" is not documented (IS NULL, IS TRUE, IS FALSE and NOT EXISTS are)`, next.position));
  }
  if (next?.kind === 'word' && next.text === 'EXISTS') return err(unsupported('"EXISTS" is not documented (NOT EXISTS is; for "exists" compare with = *)', next.position));
  return err(invalid(`expected an operator (= != < > <= >=), IS or NOT EXISTS after the selector, found ${describeToken(next)}`, next?.position ?? parser.position()));
}

type Lookup = { readonly found: false } | { readonly found: true; readonly value: unknown };

function lookup(root: unknown, path: readonly JsonStep[]): Lookup {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return { found: false };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

function matchesJson(condition: Condition<JsonLeaf>, message: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(message);
  } catch {
    return false;
  }
  // JSON patterns apply to JSON objects only; any other event does not have the log format they describe.
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return false;
  return evaluate(condition, (leaf) => jsonLeafMatches(leaf, root));
}

function jsonLeafMatches(leaf: JsonLeaf, root: unknown): boolean {
  const found = lookup(root, leaf.path);
  if (leaf.kind === 'not-exists') return !found.found;
  if (!found.found) return false;
  const actual = found.value;
  if (leaf.kind === 'is') return actual === leaf.is;
  // AWS: a selector must point at a value node (string or number); on anything else neither = nor != match.
  if (leaf.value.kind === 'number') return typeof actual === 'number' && compareNumbers(leaf.operator, actual, leaf.value.value);
  let textual: string;
  if (typeof actual === 'string') textual = actual;
  // A number has a text form too: the documented `{ $.latency = * }` selects numeric latencies.
  else if (typeof actual === 'number') textual = String(actual);
  else return false;
  const hit = textMatches(leaf.value, textual);
  return leaf.operator === '=' ? hit : !hit;
}

// ---- space-delimited --------------------------------------------------------------------------

function parseDelimited(text: string, start: number, end: number): Result<FilterPattern, FilterPatternError> {
  if (text[end - 1] !== ']') return err(invalid('a space-delimited pattern must end with "]"', end));
  const tokens = tokenize(text, start + 1, end - 1, false);
  if (!tokens.ok) return tokens;
  // Split at top-level commas: each part is one slot.
  const parts: { tokens: Token[]; position: number }[] = [{ tokens: [], position: start + 1 }];
  for (const token of tokens.value) {
    if (isPunct(token, ',')) parts.push({ tokens: [], position: token.position + 1 });
    else parts[parts.length - 1]?.tokens.push(token);
  }
  if (parts.length === 1 && parts[0]?.tokens.length === 0) return err(invalid('empty space-delimited pattern []', start));
  const slots: DelimitedSlot[] = [];
  const conditions: Condition<DelimitedLeaf>[] = [];
  const regexes = { count: 0 };
  const references: { field: string; position: number }[] = [];
  for (const part of parts) {
    const [first, second] = part.tokens;
    if (first === undefined) {
      // An empty slot (e.g. after a trailing comma) is a field without a name, as AWS's `$7` example shows.
      slots.push({ kind: 'field', name: null });
      continue;
    }
    if (isPunct(first, '...')) {
      if (second !== undefined) return err(invalid(`unexpected ${describeToken(second)} after "..."`, second.position));
      slots.push({ kind: 'ellipsis' });
      continue;
    }
    if (first.kind !== 'word' || !WORD.test(first.text)) return err(invalid(`expected a field name (letters, digits, _), found ${describeToken(first)}`, first.position));
    if (slots.some((s) => s.kind === 'field' && s.name === first.text)) return err(invalid(`field name "${first.text}" is used twice`, first.position));
    slots.push({ kind: 'field', name: first.text });
    if (second === undefined) continue;
    // A condition starts with the slot's own name: `status_code = 4* && status_code != 403`.
    const parser = new ConditionParser<DelimitedLeaf>(part.tokens, part.position, (p) => readDelimitedLeaf(p, regexes, references), false);
    const condition = parser.parseOr();
    if (!condition.ok) return condition;
    if (!parser.done()) return err(invalid(`unexpected ${describeToken(parser.peek())} (fields are separated by commas, conditions joined with && or ||)`, parser.position()));
    conditions.push(condition.value);
  }
  const names = new Set(slots.flatMap((s) => (s.kind === 'field' && s.name !== null ? [s.name] : [])));
  const unknown = references.find((r) => !names.has(r.field));
  if (unknown !== undefined) return err(invalid(`condition on "${unknown.field}", which is not a field of the pattern`, unknown.position));
  return ok({ kind: 'delimited', slots, conditions });
}

function readDelimitedLeaf(
  parser: ConditionParser<DelimitedLeaf>,
  regexes: { count: number },
  references: { field: string; position: number }[],
): Result<DelimitedLeaf, FilterPatternError> {
  const name = parser.next();
  if (name?.kind !== 'word' || !WORD.test(name.text)) return err(invalid(`expected a field name, found ${describeToken(name)}`, name?.position ?? parser.position()));
  references.push({ field: name.text, position: name.position });
  const operator = parser.next();
  if (operator?.kind !== 'operator') return err(invalid(`expected an operator (= != < > <= >=) after "${name.text}", found ${describeToken(operator)}`, operator?.position ?? parser.position()));
  const value = readValue(parser, operator, regexes);
  return value.ok ? ok({ field: name.text, operator: operator.text, value: value.value }) : value;
}

/**
 * The fields of a space-delimited event: runs of whitespace separate them, and the text between
 * `[` and `]` or between two `"` is one field (without the delimiters). Null when a group is unterminated.
 */
export function splitDelimitedFields(message: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i] ?? '';
    if (WHITESPACE.test(c)) {
      i += 1;
      continue;
    }
    let field = '';
    if (c === '[' || c === '"') {
      const close = message.indexOf(c === '[' ? ']' : '"', i + 1);
      if (close === -1) return null;
      field = message.slice(i + 1, close);
      i = close + 1;
    }
    while (i < message.length && !WHITESPACE.test(message[i] ?? '')) {
      field += message[i] ?? '';
      i += 1;
    }
    fields.push(field);
  }
  return fields;
}

function matchesDelimited(pattern: FilterPattern & { kind: 'delimited' }, message: string): boolean {
  const fields = splitDelimitedFields(message);
  if (fields === null) return false;
  const bound = new Map<string, string>();
  const accept = (): boolean => pattern.conditions.every((c) => evaluate(c, (leaf) => delimitedLeafMatches(leaf, bound.get(leaf.field))));
  // Fields map to slots one to one; each `...` takes any number of fields (tried shortest first).
  const align = (slot: number, field: number): boolean => {
    const current = pattern.slots[slot];
    if (current === undefined) return field === fields.length && accept();
    if (current.kind === 'ellipsis') {
      for (let take = 0; field + take <= fields.length; take += 1) if (align(slot + 1, field + take)) return true;
      return false;
    }
    const value = fields[field];
    if (value === undefined) return false;
    if (current.name !== null) bound.set(current.name, value);
    return align(slot + 1, field + 1);
  };
  return align(0, 0);
}

function delimitedLeafMatches(leaf: DelimitedLeaf, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (leaf.value.kind === 'number') return NUMBER.test(actual) && compareNumbers(leaf.operator, Number(actual), leaf.value.value);
  const hit = textMatches(leaf.value, actual);
  return leaf.operator === '=' ? hit : !hit;
}
