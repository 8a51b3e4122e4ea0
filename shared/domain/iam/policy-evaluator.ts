/**
 * Evaluates one resource-based policy (a Lambda function policy, a role trust policy) for one request,
 * the way IAM does for a single policy: an applicable Deny wins, otherwise an applicable Allow allows,
 * otherwise the request is implicitly denied.
 *
 * Scope, on purpose:
 * - Only the policy given is evaluated. Lambda keeps a separate policy per qualifier (GetPolicy takes a
 *   Qualifier) and authorises an alias or version invocation against that qualifier's policy alone, so the
 *   caller must pass the policy read for the same qualifier as `resource`. Resource patterns then match the
 *   qualified ARN literally: `...:function:orders` does NOT cover `...:function:orders:live`, while a
 *   wildcard such as `...:function:orders*` does, exactly as IAM's string matching would.
 * - Condition operators: String(Not)Equals, String(Not)EqualsIgnoreCase, String(Not)Like, Arn(Not)Equals,
 *   Arn(Not)Like, Bool, Null, each with `IfExists`, and the `ForAnyValue:`/`ForAllValues:` prefixes over the
 *   single-valued keys a service-principal request carries. Anything else (Numeric*, Date*, IpAddress, policy
 *   variables in values) is reported as unsupported and makes its statement not apply, which is the
 *   conservative reading for Allow statements (we never claim access we cannot prove).
 */
import type { PolicyDocument, PolicyStatement } from '../../ports/account-reader.ts';
import { actionMatches, arnLike, stringLike } from './arn-match.ts';

/** The request to evaluate: one service principal doing one action on one resource. */
export interface PolicyRequest {
  /** The calling service principal, e.g. `apigateway.amazonaws.com`. */
  readonly principalService: string;
  /** e.g. `lambda:InvokeFunction`, `sts:AssumeRole`. */
  readonly action: string;
  /**
   * The resource ARN (for Lambda: the function ARN, qualified when the invocation is). Absent for trust
   * policies, whose statements have no Resource: the resource is the role itself.
   */
  readonly resource?: string;
  /** Condition keys present in the request (`aws:SourceArn`, `aws:SourceAccount`); names are case-insensitive. */
  readonly context: Readonly<Record<string, string | undefined>>;
}

/** Overall outcome, as IAM names it. */
export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** Which element stopped a statement from applying. */
export type StatementMismatch = 'principal' | 'action' | 'resource' | 'condition';

/** How one statement fared; messages are built from these. */
export interface StatementEvaluation {
  /** Position in the Statement array. */
  readonly index: number;
  readonly sid: string | null;
  /** The Sid, or `#<index>` when the statement has none. */
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly applies: boolean;
  /** The first element that did not match; null when the statement applies. */
  readonly mismatch: StatementMismatch | null;
  /** One sentence: why the statement applies or not. */
  readonly reason: string;
}

/** The evaluation of a whole policy. */
export interface PolicyEvaluation {
  readonly decision: PolicyDecision;
  /** Labels (Sid or `#index`) of the statements that decided: the applicable Denies, else the applicable Allows. */
  readonly matched: readonly string[];
  /** One line per statement, in policy order. */
  readonly reasons: readonly string[];
  readonly statements: readonly StatementEvaluation[];
}

type Principal = PolicyStatement['Principal'];

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * Whether a Principal element names the calling service. `"*"` and `{"AWS": "*"}` mean everyone (IAM treats
 * them as equivalent), `{"Service": ...}` must name the service exactly, and `{"AWS": <account/ARN>}` or
 * `{"Federated": ...}` never match a service principal. A bare string other than `*` is not valid IAM, but we
 * read it as a service name rather than reject the policy.
 */
function principalMatches(principal: Principal, service: string): boolean {
  if (principal === undefined) return false;
  if (typeof principal === 'string') return principal === '*' || principal === service;
  for (const [kind, values] of Object.entries(principal)) {
    const list = asList(values);
    if (kind === 'AWS' && list.includes('*')) return true;
    if (kind === 'Service' && list.includes(service)) return true;
  }
  return false;
}

function resourceMatches(pattern: string, resource: string | undefined): boolean {
  if (pattern === '*') return true;
  // Without a request resource only a full wildcard can be proven to cover it.
  if (resource === undefined) return false;
  return arnLike(pattern, resource);
}

function lowerKeys(context: Readonly<Record<string, string | undefined>>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(context)) {
    if (value !== undefined) map.set(key.toLowerCase(), value);
  }
  return map;
}

type Comparator = (policyValue: string, requestValue: string) => boolean;

/** Base operators: the comparison, and whether the operator is a negation (matches when no value compares). */
const OPERATORS: Readonly<Record<string, { readonly compare: Comparator; readonly negated: boolean }>> = {
  stringequals: { compare: (p, v) => p === v, negated: false },
  stringnotequals: { compare: (p, v) => p === v, negated: true },
  stringequalsignorecase: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: true },
  stringlike: { compare: stringLike, negated: false },
  stringnotlike: { compare: stringLike, negated: true },
  arnequals: { compare: arnLike, negated: false },
  arnlike: { compare: arnLike, negated: false },
  arnnotequals: { compare: arnLike, negated: true },
  arnnotlike: { compare: arnLike, negated: true },
  bool: { compare: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
};

interface ConditionOutcome {
  readonly holds: boolean;
  readonly reason: string;
}

/**
 * One operator block: every key must hold (AND); within a key any value may match (OR) for positive operators,
 * none may match for negated ones. A key missing from the request fails positive operators, satisfies negated
 * ones, and satisfies anything with `IfExists` (IAM documents negated operators as matching absent keys).
 */
function evaluateOperator(
  operatorName: string,
  block: Readonly<Record<string, string | readonly string[]>>,
  context: ReadonlyMap<string, string>,
): ConditionOutcome {
  let name = operatorName;
  let setPrefix: 'any' | 'all' | null = null;
  if (name.toLowerCase().startsWith('foranyvalue:')) {
    setPrefix = 'any';
    name = name.slice('ForAnyValue:'.length);
  } else if (name.toLowerCase().startsWith('forallvalues:')) {
    setPrefix = 'all';
    name = name.slice('ForAllValues:'.length);
  }
  let base = name.toLowerCase();
  const ifExists = base.endsWith('ifexists');
  if (ifExists) base = base.slice(0, -'ifexists'.length);

  for (const [key, rawValues] of Object.entries(block)) {
    const values = asList(rawValues);
    const requestValue = context.get(key.toLowerCase());
    if (base === 'null') {
      // Null: "true" asks for the key to be absent, "false" for it to be present.
      const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
      if (wantsAbsent !== (requestValue === undefined)) {
        return { holds: false, reason: `${operatorName} ${key} = ${values.join('|')} does not hold` };
      }
      continue;
    }
    const operator = OPERATORS[base];
    if (operator === undefined) {
      return { holds: false, reason: `unsupported condition operator ${operatorName} (treated as not holding)` };
    }
    if (values.some((v) => v.includes('${'))) {
      return { holds: false, reason: `policy variables in ${operatorName} ${key} are not supported (treated as not holding)` };
    }
    if (requestValue === undefined) {
      // ForAllValues over an empty set is vacuously true, like IfExists and the negated operators.
      if (ifExists || operator.negated || setPrefix === 'all') continue;
      return { holds: false, reason: `${operatorName} needs ${key}, which the request does not carry` };
    }
    const anyMatch = values.some((v) => operator.compare(v, requestValue));
    if (anyMatch === operator.negated) {
      return {
        holds: false,
        reason: `${operatorName} ${key} ${formatValues(values)} does not hold for ${requestValue}`,
      };
    }
  }
  return { holds: true, reason: 'conditions hold' };
}

function formatValues(values: readonly string[]): string {
  return values.length === 1 ? `"${values[0] ?? ''}"` : `[${values.map((v) => `"${v}"`).join(', ')}]`;
}

function evaluateStatement(statement: PolicyStatement, index: number, request: PolicyRequest, context: ReadonlyMap<string, string>): StatementEvaluation {
  const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : null;
  const label = sid ?? `#${index}`;
  const effect = statement.Effect;
  const result = (mismatch: StatementMismatch | null, reason: string): StatementEvaluation => ({
    index,
    sid,
    label,
    effect,
    applies: mismatch === null,
    mismatch,
    reason: `${effect} ${label}: ${reason}`,
  });

  if (statement.Principal !== undefined) {
    if (!principalMatches(statement.Principal, request.principalService)) {
      return result('principal', `principal ${JSON.stringify(statement.Principal)} is not ${request.principalService}`);
    }
  } else if (statement.NotPrincipal !== undefined) {
    if (principalMatches(statement.NotPrincipal, request.principalService)) {
      return result('principal', `NotPrincipal excludes ${request.principalService}`);
    }
  } else {
    return result('principal', 'no Principal, so it names nobody in a resource policy');
  }

  if (statement.Action !== undefined) {
    if (!asList(statement.Action).some((pattern) => actionMatches(pattern, request.action))) {
      return result('action', `action ${formatValues(asList(statement.Action))} does not include ${request.action}`);
    }
  } else if (statement.NotAction !== undefined) {
    if (asList(statement.NotAction).some((pattern) => actionMatches(pattern, request.action))) {
      return result('action', `NotAction excludes ${request.action}`);
    }
  } else {
    return result('action', 'no Action');
  }

  // A statement without Resource/NotResource (trust policies) covers the resource the policy is attached to.
  if (statement.Resource !== undefined) {
    if (!asList(statement.Resource).some((pattern) => resourceMatches(pattern, request.resource))) {
      return result('resource', `resource ${formatValues(asList(statement.Resource))} does not cover ${request.resource ?? '(no resource)'}`);
    }
  } else if (statement.NotResource !== undefined) {
    if (asList(statement.NotResource).some((pattern) => resourceMatches(pattern, request.resource))) {
      return result('resource', `NotResource excludes ${request.resource ?? '(no resource)'}`);
    }
  }

  for (const [operatorName, block] of Object.entries(statement.Condition ?? {})) {
    const outcome = evaluateOperator(operatorName, block, context);
    if (!outcome.holds) return result('condition', outcome.reason);
  }
  return result(null, 'applies');
}

/**
 * Evaluates `policy` for `request`: Deny beats Allow; no applicable statement is an implicit deny.
 * Statements that are not objects with `Effect` `Allow`/`Deny` are ignored (real policies are loosely typed).
 */
export function evaluatePolicy(policy: PolicyDocument, request: PolicyRequest): PolicyEvaluation {
  const context = lowerKeys(request.context);
  // Lambda returns a single statement object rather than an array for hand-written policies now and then.
  const rawStatements: readonly unknown[] = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const statements: StatementEvaluation[] = [];
  rawStatements.forEach((raw, index) => {
    if (!isStatement(raw)) return;
    statements.push(evaluateStatement(raw, index, request, context));
  });
  const denies = statements.filter((s) => s.applies && s.effect === 'Deny');
  const allows = statements.filter((s) => s.applies && s.effect === 'Allow');
  const decision: PolicyDecision = denies.length > 0 ? 'explicit-deny' : allows.length > 0 ? 'allow' : 'implicit-deny';
  const deciding = denies.length > 0 ? denies : allows;
  return {
    decision,
    matched: deciding.map((s) => s.label),
    reasons: statements.map((s) => s.reason),
    statements,
  };
}

function isStatement(value: unknown): value is PolicyStatement {
  if (typeof value !== 'object' || value === null) return false;
  const effect = (value as { readonly Effect?: unknown }).Effect;
  return effect === 'Allow' || effect === 'Deny';
}
