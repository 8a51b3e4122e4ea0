/**
 * An in-house EventBridge event-pattern matcher for tests: no package matches patterns offline
 * faithfully (toolchain notes: the one installable plugin gets `anything-but {prefix}` and top-level
 * fields wrong). It implements the semantics of the AWS documentation ("Comparison operators for use
 * in event patterns in Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html) for the
 * operators below, and THROWS {@link UnsupportedPatternError} on anything else (cidr, anything-but
 * nested in unknown ways, wildcard escapes...), so a test can never pass on an operator it does not
 * understand. The whole pattern is checked before any event is looked at.
 *
 * Implemented:
 * - exact values (string, number, boolean, null, "" for empty) in a value list (OR within the list,
 *   AND across fields);
 * - `prefix`, `suffix` (plain or `{ "equals-ignore-case": … }`), `equals-ignore-case`, `wildcard` (`*`);
 * - `anything-but` with a scalar, a list, `{prefix}`, `{suffix}`, `{equals-ignore-case}` (string or list),
 *   `{wildcard}` (string or list); like every value rule it needs the field to be present;
 * - `numeric` with one or two comparisons (`=`, `<`, `<=`, `>`, `>=`);
 * - `exists` (true: the field is present as a leaf; false: it is absent);
 * - `$or` (a list of sub-patterns; at least one must match);
 * - arrays in the event: a leaf array matches when any element matches; an array of objects matches a
 *   nested pattern when one element matches all of it (EventBridge's array-consistent matching).
 */

/** Thrown for a pattern this matcher does not implement (or that EventBridge would reject). */
export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Leaf = string | number | boolean | null;

type Rule =
  | { readonly kind: 'exact'; readonly value: Leaf }
  | { readonly kind: 'prefix' | 'suffix'; readonly text: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly text: string }
  | { readonly kind: 'wildcard'; readonly regex: RegExp }
  | { readonly kind: 'anything-but'; readonly not: readonly Rule[] }
  | { readonly kind: 'numeric'; readonly checks: readonly { readonly op: string; readonly n: number }[] }
  | { readonly kind: 'exists'; readonly exists: boolean };

type Compiled =
  | { readonly kind: 'object'; readonly fields: readonly { readonly key: string; readonly node: Compiled }[]; readonly or: readonly Compiled[][] }
  | { readonly kind: 'rules'; readonly rules: readonly Rule[] };

const NUMERIC_OPS = new Set(['=', '<', '<=', '>', '>=']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLeaf(v: unknown): v is Leaf {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function onlyKey(rule: Record<string, unknown>, where: string): [string, unknown] {
  const entries = Object.entries(rule);
  if (entries.length !== 1) throw new UnsupportedPatternError(`${where}: an operator object must have exactly one key (got ${JSON.stringify(rule)})`);
  return entries[0] as [string, unknown];
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new UnsupportedPatternError(`${where}: expected a string (got ${JSON.stringify(v)})`);
  return v;
}

function wildcardRegex(pattern: string, where: string): RegExp {
  if (pattern.includes('\\')) throw new UnsupportedPatternError(`${where}: wildcard escapes are not implemented`);
  if (pattern.includes('**')) throw new UnsupportedPatternError(`${where}: EventBridge rejects consecutive wildcard characters`);
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

function compileAnythingBut(v: unknown, where: string): Rule[] {
  if (isLeaf(v)) return [{ kind: 'exact', value: v }];
  if (Array.isArray(v)) {
    if (!v.every(isLeaf)) throw new UnsupportedPatternError(`${where}: anything-but lists hold values only`);
    return v.map((value) => ({ kind: 'exact', value }));
  }
  if (!isObject(v)) throw new UnsupportedPatternError(`${where}: unsupported anything-but ${JSON.stringify(v)}`);
  const [op, arg] = onlyKey(v, where);
  switch (op) {
    case 'prefix':
    case 'suffix':
      return [{ kind: op, text: text(arg, `${where}.${op}`), ignoreCase: false }];
    case 'equals-ignore-case':
      return (Array.isArray(arg) ? arg : [arg]).map((a) => ({ kind: 'equals-ignore-case', text: text(a, `${where}.${op}`) }));
    case 'wildcard':
      return (Array.isArray(arg) ? arg : [arg]).map((a) => ({ kind: 'wildcard', regex: wildcardRegex(text(a, `${where}.${op}`), where) }));
    default:
      throw new UnsupportedPatternError(`${where}: anything-but {${op}} is not implemented`);
  }
}

function compileRule(rule: unknown, where: string): Rule {
  if (isLeaf(rule)) return { kind: 'exact', value: rule };
  if (!isObject(rule)) throw new UnsupportedPatternError(`${where}: a value list may hold values and operator objects only (got ${JSON.stringify(rule)})`);
  const [op, arg] = onlyKey(rule, where);
  switch (op) {
    case 'prefix':
    case 'suffix': {
      if (isObject(arg)) {
        const [inner, t] = onlyKey(arg, `${where}.${op}`);
        if (inner !== 'equals-ignore-case') throw new UnsupportedPatternError(`${where}: ${op} {${inner}} is not implemented`);
        return { kind: op, text: text(t, where), ignoreCase: true };
      }
      return { kind: op, text: text(arg, where), ignoreCase: false };
    }
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', text: text(arg, where) };
    case 'wildcard':
      return { kind: 'wildcard', regex: wildcardRegex(text(arg, where), where) };
    case 'anything-but':
      return { kind: 'anything-but', not: compileAnythingBut(arg, `${where}.anything-but`) };
    case 'exists':
      if (typeof arg !== 'boolean') throw new UnsupportedPatternError(`${where}: exists takes true or false`);
      return { kind: 'exists', exists: arg };
    case 'numeric': {
      if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) throw new UnsupportedPatternError(`${where}: numeric takes [op, n] or [op, n, op, n]`);
      const checks: { op: string; n: number }[] = [];
      for (let i = 0; i < arg.length; i += 2) {
        const o: unknown = arg[i];
        const n: unknown = arg[i + 1];
        if (typeof o !== 'string' || !NUMERIC_OPS.has(o) || typeof n !== 'number') throw new UnsupportedPatternError(`${where}: bad numeric comparison ${JSON.stringify(arg)}`);
        checks.push({ op: o, n });
      }
      return { kind: 'numeric', checks };
    }
    default:
      throw new UnsupportedPatternError(`${where}: operator ${op} is not implemented`);
  }
}

function compile(pattern: unknown, where: string): Compiled {
  if (!isObject(pattern)) throw new UnsupportedPatternError(`${where}: a pattern level must be an object`);
  const fields: { key: string; node: Compiled }[] = [];
  const or: Compiled[][] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${where}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) throw new UnsupportedPatternError(`${at}: $or takes a list of at least two patterns`);
      or.push(value.map((v, i) => compile(v, `${at}[${i}]`)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new UnsupportedPatternError(`${at}: EventBridge rejects an empty value list`);
      fields.push({ key, node: { kind: 'rules', rules: value.map((r, i) => compileRule(r, `${at}[${i}]`)) } });
    } else if (isObject(value)) {
      fields.push({ key, node: compile(value, at) });
    } else {
      throw new UnsupportedPatternError(`${at}: a field's value must be a list of rules or a nested pattern (got ${JSON.stringify(value)})`);
    }
  }
  return { kind: 'object', fields, or };
}

function ruleMatches(rule: Rule, value: Leaf): boolean {
  switch (rule.kind) {
    case 'exact':
      return value === rule.value;
    case 'prefix':
    case 'suffix': {
      if (typeof value !== 'string') return false;
      const v = rule.ignoreCase ? value.toLowerCase() : value;
      const t = rule.ignoreCase ? rule.text.toLowerCase() : rule.text;
      return rule.kind === 'prefix' ? v.startsWith(t) : v.endsWith(t);
    }
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === rule.text.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && rule.regex.test(value);
    case 'anything-but':
      // Like the other rules, prefix/suffix exclusions apply to strings; other types cannot "begin with".
      return !rule.not.some((r) => ruleMatches(r, value));
    case 'numeric':
      return typeof value === 'number' && rule.checks.every(({ op, n }) => (op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : value >= n));
    case 'exists':
      return rule.exists;
  }
}

function rulesMatch(rules: readonly Rule[], value: Json | undefined): boolean {
  if (value === undefined) return rules.some((r) => r.kind === 'exists' && !r.exists);
  // exists (and every value rule) only applies to leaves: an object is never matched by a value list.
  const leaves = Array.isArray(value) ? value : [value];
  return leaves.some((leaf) => isLeaf(leaf) && rules.some((r) => ruleMatches(r, leaf)));
}

function objectMatches(node: Compiled & { kind: 'object' }, value: Json | undefined): boolean {
  const candidates = Array.isArray(value) ? value : [value];
  // Array-consistent: the whole nested pattern must hold for one element of an array of objects.
  return candidates.some((candidate) => {
    const obj = isObject(candidate) ? (candidate as Record<string, Json>) : undefined;
    if (candidate !== undefined && obj === undefined) return false;
    const fieldsOk = node.fields.every(({ key, node: child }) => {
      const v = obj?.[key];
      return child.kind === 'rules' ? rulesMatch(child.rules, v) : objectMatches(child, v);
    });
    return fieldsOk && node.or.every((alternatives) => alternatives.some((alt) => alt.kind === 'object' && objectMatches(alt, obj)));
  });
}

/** Compiles a pattern once (throwing on any unsupported operator) and returns a predicate over events. */
export function eventPatternMatcher(pattern: unknown): (event: unknown) => boolean {
  const compiled = compile(pattern, 'pattern');
  if (compiled.kind !== 'object') throw new UnsupportedPatternError('pattern: must be an object');
  return (event: unknown) => objectMatches(compiled, event as Json);
}

/** True when `event` matches `pattern` as EventBridge would decide (for the implemented operators). */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return eventPatternMatcher(pattern)(event);
}
