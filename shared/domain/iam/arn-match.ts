/**
 * IAM wildcard matching (StringLike / ArnLike / policy Resource and Action elements) and the
 * execute-api ARNs API Gateway presents as `aws:SourceArn` when it invokes a Lambda function.
 */

/**
 * IAM StringLike matching: `*` matches any run of characters (including none), `?` exactly one,
 * everything else literally; case-sensitive; the whole value must match.
 * Iterative two-pointer glob with single backtrack point, so hostile patterns (`*a*a*a*...b`) stay linear-ish
 * instead of blowing up a regex engine.
 */
export function stringLike(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  let pi = 0;
  let vi = 0;
  let starPi = -1;
  let starVi = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== '*' && (pc === '?' || pc === v[vi])) {
      pi += 1;
      vi += 1;
    } else if (pc === '*') {
      starPi = pi;
      starVi = vi;
      pi += 1;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      starVi += 1;
      vi = starVi;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi += 1;
  return pi === p.length;
}

/** ARNs have six colon-separated components; the sixth (resource) keeps any further colons. */
const ARN_COMPONENTS = 6;

/**
 * Splits an ARN into its six components (`arn`, partition, service, region, account, resource),
 * the resource keeping its own colons (`function:name:alias`). null when there are fewer than six.
 */
export function splitArn(arn: string): readonly string[] | null {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < ARN_COMPONENTS - 1; i += 1) {
    const colon = rest.indexOf(':');
    if (colon < 0) return null;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * IAM ArnLike (and ArnEquals, which IAM evaluates identically): case-sensitive, and each of the six
 * colon-delimited components is matched separately, so a wildcard never spans a `:` between components
 * (it may inside the resource component, which is the rest of the ARN). A pattern or value with fewer than
 * six components matches nothing, except the pattern `*` on its own, which policies use to mean "any ARN".
 */
export function arnLike(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const patternParts = splitArn(pattern);
  const valueParts = splitArn(value);
  if (patternParts === null || valueParts === null) return false;
  return patternParts.every((part, i) => stringLike(part, valueParts[i] ?? ''));
}

/**
 * Matches an IAM Action pattern (`lambda:Invoke*`, `*`) against an action. Action names are
 * case-insensitive in IAM, unlike ARNs and condition values.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return stringLike(pattern.toLowerCase(), action.toLowerCase());
}

/** What identifies one method invocation of a REST API, as API Gateway writes it into `aws:SourceArn`. */
export interface ExecuteApiArnParts {
  /** Defaults to `aws`. */
  readonly partition?: string;
  readonly region: string;
  readonly account: string;
  readonly apiId: string;
  readonly stage: string;
  readonly method: string;
  /** The resource path, with its leading slash (`/`, `/items/{id}`) or without. */
  readonly resourcePath: string;
}

function withoutLeadingSlash(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path;
}

/**
 * `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path without leading slash>`: the ARN of
 * one method on one stage. For the root resource the path part is empty (`.../prod/GET/`), which is what the
 * gateway sends. The path is used as given: pass the concrete request path when asking "is this request allowed".
 */
export function executeApiArn(parts: ExecuteApiArnParts): string {
  const partition = parts.partition ?? 'aws';
  return `arn:${partition}:execute-api:${parts.region}:${parts.account}:${parts.apiId}/${parts.stage}/${parts.method.toUpperCase()}/${withoutLeadingSlash(parts.resourcePath)}`;
}

/** A path parameter segment: `{id}` or the greedy `{proxy+}`. */
const PATH_PARAMETER = /\{[^{}]*\}/g;

/**
 * The SourceArn a fix grants: `arn:aws:execute-api:<region>:<account>:<apiId>/*\/<METHOD>/<path>`.
 * Any stage (`*`) so the console's `test-invoke-stage` and future stages work too; `ANY` becomes `*`;
 * path parameters become `*` because the gateway puts the concrete request path into the SourceArn, so a literal
 * `{id}` would never match (aws/serverless-application-model#110).
 */
export function scopedSourceArn(parts: Omit<ExecuteApiArnParts, 'stage'>): string {
  const partition = parts.partition ?? 'aws';
  const method = parts.method.toUpperCase() === 'ANY' ? '*' : parts.method.toUpperCase();
  const path = withoutLeadingSlash(parts.resourcePath).replace(PATH_PARAMETER, '*');
  return `arn:${partition}:execute-api:${parts.region}:${parts.account}:${parts.apiId}/*/${method}/${path}`;
}

/** The parts of an execute-api ARN (or ARN pattern) a message needs; null when it is not one. */
export interface ParsedExecuteApiArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly apiId: string;
  /** `stage/METHOD/path`, or whatever follows the api id (may be empty or contain wildcards). */
  readonly rest: string;
}

/** Parses an execute-api ARN or ARN pattern; used to explain which API a permission was granted to. */
export function parseExecuteApiArn(arn: string): ParsedExecuteApiArn | null {
  const parts = splitArn(arn);
  if (parts === null || parts[0] !== 'arn' || parts[2] !== 'execute-api') return null;
  const resource = parts[5] ?? '';
  const slash = resource.indexOf('/');
  return {
    partition: parts[1] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    apiId: slash < 0 ? resource : resource.slice(0, slash),
    rest: slash < 0 ? '' : resource.slice(slash + 1),
  };
}
