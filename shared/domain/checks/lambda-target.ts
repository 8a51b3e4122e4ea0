/**
 * Which Lambda function an integration (or authorizer) URI invokes, for one stage.
 * The gateway substitutes stage variables at request time, so the same URI can name a different
 * function (or nothing at all) on each stage; every Lambda-related check starts from this.
 */

/** The Lambda function an integration (or authorizer) URI points at, with stage variables resolved for one stage. */
export interface LambdaTarget {
  /** The integration uri as configured. */
  readonly uri: string;
  /**
   * Resolved, qualified if a qualifier is present: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
   * When the uri names the function without an account (a bare name), the ARN cannot be built and this
   * is `<name>[:<qualifier>]`, which Lambda's APIs accept as a FunctionName just the same.
   */
  readonly functionArn: string;
  /** Bare name (no qualifier); empty when a stage variable that was the whole name has no value. */
  readonly functionName: string;
  /** Alias or version, resolved; null when none (or when it resolved to nothing). */
  readonly qualifier: string | null;
  readonly region: string | null;
  readonly account: string | null;
  /** Names of the stage variables the uri uses, in order of first use. */
  readonly stageVariables: readonly string[];
  /** Names used but with no value on this stage (the function then resolves to nothing). */
  readonly unresolved: readonly string[];
}

/** `arn:<partition>:apigateway:<region>:lambda:path/<api-version>/functions/<function>/invocations`. */
const APIGATEWAY_LAMBDA_URI =
  /^arn:(aws[a-z-]*):apigateway:([^:]*):lambda:path\/[^/]+\/functions\/(.*)\/invocations(?:[?#].*)?$/;

/** The URL the gateway logs in `Sending request to ...`. */
const LAMBDA_INVOKE_URL =
  /^https?:\/\/lambda\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[^/]+\/functions\/(.*)\/invocations(?:[?#].*)?$/;

/** Both spellings people use: `${stageVariables.x}` and the CloudFormation-escaped `$\{stageVariables.x}`. */
const STAGE_VARIABLE = /\$\\?\{stageVariables\.([A-Za-z0-9_.:-]*)\}/g;

/**
 * A bare FunctionName as Lambda accepts it (`name`, `name:qualifier`, `account:function:name[:qualifier]`), with
 * stage-variable references already replaced by a placeholder; used only to decide whether a string that is
 * neither an ARN nor an invocation path names a function at all.
 */
const BARE_FUNCTION_NAME = /^(?:[A-Za-z0-9_#-]+:function:)?[A-Za-z0-9_-]+(?::(?:\$LATEST|[A-Za-z0-9_-]+))?$/;

interface Location {
  readonly functionPart: string;
  readonly partition: string | null;
  readonly region: string | null;
  /** True when the uri is unmistakably a Lambda invocation, so even an empty function part is a target. */
  readonly isLambdaPath: boolean;
}

function locate(uri: string): Location {
  const gateway = APIGATEWAY_LAMBDA_URI.exec(uri);
  if (gateway) {
    return { functionPart: gateway[3] ?? '', partition: gateway[1] ?? null, region: nonEmpty(gateway[2]), isLambdaPath: true };
  }
  const url = LAMBDA_INVOKE_URL.exec(uri);
  if (url) {
    return {
      functionPart: decodePath(url[3] ?? ''),
      partition: url[2] ? 'aws-cn' : 'aws',
      region: nonEmpty(url[1]),
      isLambdaPath: true,
    };
  }
  return { functionPart: uri, partition: null, region: null, isLambdaPath: false };
}

/** A logged URL may percent-encode the ARN's colons; a malformed escape is left as written. */
function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

interface FunctionRef {
  readonly partition: string | null;
  readonly region: string | null;
  readonly account: string | null;
  readonly name: string;
  readonly qualifier: string | null;
}

/**
 * Splits the forms Lambda accepts as a FunctionName: full ARN, partial ARN (`account:function:name`),
 * and `name`, each optionally with `:qualifier`. Returns null for anything that is not one of them.
 */
function parseFunctionRef(value: string): FunctionRef | null {
  const parts = value.split(':');
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts.length > 8 || parts[2] !== 'lambda' || parts[5] !== 'function') return null;
    return {
      partition: nonEmpty(parts[1]),
      region: nonEmpty(parts[3]),
      account: nonEmpty(parts[4]),
      name: parts[6] ?? '',
      qualifier: nonEmpty(parts[7]),
    };
  }
  if ((parts.length === 3 || parts.length === 4) && parts[1] === 'function') {
    return { partition: null, region: null, account: nonEmpty(parts[0]), name: parts[2] ?? '', qualifier: nonEmpty(parts[3]) };
  }
  if (parts.length === 1 || parts.length === 2) {
    return { partition: null, region: null, account: null, name: parts[0] ?? '', qualifier: nonEmpty(parts[1]) };
  }
  return null;
}

/**
 * Parses `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function-arn-or-name>/invocations` (also a bare
 * function ARN/name, e.g. from `Sending request to https://lambda.<region>.amazonaws.com/2015-03-31/functions/<arn>/invocations`);
 * `${stageVariables.x}` / `$\{stageVariables.x}` anywhere in the function part is resolved from `variables`.
 * A variable with no value resolves to the empty string, as the gateway does, and is listed in `unresolved`.
 * Returns null when the uri is not a Lambda uri (an HTTP backend, another AWS service, an unparsable value).
 */
export function lambdaTargetFromUri(uri: string, variables?: Readonly<Record<string, string>>): LambdaTarget | null {
  const location = locate(uri.trim());
  // A bare string is only a function when it looks like one; otherwise every HTTP URL or random text
  // would "parse" as a function name.
  if (!location.isLambdaPath && !location.functionPart.startsWith('arn:')) {
    if (!BARE_FUNCTION_NAME.test(location.functionPart.replace(STAGE_VARIABLE, 'x'))) return null;
  }
  const used: string[] = [];
  const unresolved: string[] = [];
  const resolved = location.functionPart.replace(STAGE_VARIABLE, (_match, name: string) => {
    if (!used.includes(name)) used.push(name);
    const value = variables !== undefined && Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined || value === '') {
      if (!unresolved.includes(name)) unresolved.push(name);
      return '';
    }
    return value;
  });

  const ref = parseFunctionRef(resolved);
  if (ref === null) return null;

  const region = ref.region ?? location.region;
  const partition = ref.partition ?? location.partition ?? 'aws';
  const qualified = ref.qualifier === null ? ref.name : `${ref.name}:${ref.qualifier}`;
  const functionArn =
    region !== null && ref.account !== null ? `arn:${partition}:lambda:${region}:${ref.account}:function:${qualified}` : qualified;

  return {
    uri,
    functionArn,
    functionName: ref.name,
    qualifier: ref.qualifier,
    region,
    account: ref.account,
    stageVariables: used,
    unresolved,
  };
}
