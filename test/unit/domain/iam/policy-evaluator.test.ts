import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../../../shared/ports/account-reader.ts';
import type { PolicyRequest } from '../../../../shared/domain/iam/policy-evaluator.ts';
import { evaluatePolicy } from '../../../../shared/domain/iam/policy-evaluator.ts';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const SOURCE = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/items';
const GATEWAY = { Service: 'apigateway.amazonaws.com' };

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    principalService: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    resource: FN,
    context: { 'aws:SourceArn': SOURCE, 'aws:SourceAccount': '123456789012' },
    ...overrides,
  };
}

function allow(extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Sid: 'a', Effect: 'Allow', Principal: GATEWAY, Action: 'lambda:InvokeFunction', Resource: FN, ...extra };
}

function decide(statements: readonly PolicyStatement[], req: PolicyRequest = request()): string {
  return evaluatePolicy({ Version: '2012-10-17', Statement: statements }, req).decision;
}

describe('evaluatePolicy: principals', () => {
  it('accepts "*", {AWS: "*"}, a Service string or list, and a bare service string', () => {
    // Prepare
    const principals: PolicyStatement['Principal'][] = [
      '*',
      { AWS: '*' },
      GATEWAY,
      { Service: ['sns.amazonaws.com', 'apigateway.amazonaws.com'] },
      'apigateway.amazonaws.com',
    ];

    // Act
    const decisions = principals.map((Principal) => decide([allow({ Principal })]));

    // Assess
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'allow', 'allow']);
  });

  it('rejects another service, AWS account principals and a missing Principal', () => {
    // Prepare
    const statements: PolicyStatement[] = [
      allow({ Principal: { Service: 'sns.amazonaws.com' } }),
      allow({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }),
      allow({ Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:role/x'] } }),
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FN },
    ];

    // Act
    const evaluations = statements.map((s) => evaluatePolicy({ Statement: [s] }, request()));

    // Assess
    expect(evaluations.map((e) => e.decision)).toEqual(['implicit-deny', 'implicit-deny', 'implicit-deny', 'implicit-deny']);
    expect(evaluations.map((e) => e.statements[0]?.mismatch)).toEqual(['principal', 'principal', 'principal', 'principal']);
  });

  it('applies NotPrincipal to everyone except the listed principals', () => {
    // Prepare
    const base = { Sid: 'n', Effect: 'Allow' as const, Action: 'lambda:InvokeFunction', Resource: FN };

    // Act
    const excluded = decide([{ ...base, NotPrincipal: GATEWAY }]);
    const other = decide([{ ...base, NotPrincipal: { Service: 'sns.amazonaws.com' } }]);

    // Assess
    expect(excluded).toBe('implicit-deny');
    expect(other).toBe('allow');
  });
});

describe('evaluatePolicy: actions and resources', () => {
  it('matches exact, service-wide, global and wildcard actions case-insensitively', () => {
    // Prepare
    const actions = ['lambda:InvokeFunction', 'lambda:*', '*', 'lambda:Invoke*', 'Lambda:invokefunction', ['s3:GetObject', 'lambda:InvokeFunction']];

    // Act
    const decisions = actions.map((Action) => decide([allow({ Action })]));

    // Assess
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'allow']);
  });

  it('does not match other actions, and NotAction excludes the listed ones', () => {
    // Prepare
    const withoutAction = { Sid: 'x', Effect: 'Allow' as const, Principal: GATEWAY, Resource: FN };

    // Act
    const results = [
      decide([allow({ Action: 'lambda:GetFunction' })]),
      decide([allow({ Action: 'lambda:InvokeAsync' })]),
      decide([{ ...withoutAction, NotAction: 'lambda:InvokeFunction' }]),
      decide([{ ...withoutAction, NotAction: 'lambda:Get*' }]),
      decide([withoutAction]),
    ];

    // Assess
    expect(results).toEqual(['implicit-deny', 'implicit-deny', 'implicit-deny', 'allow', 'implicit-deny']);
  });

  it('does not let a statement on the unqualified function cover an alias', () => {
    // Prepare
    const aliasRequest = request({ resource: `${FN}:live` });

    // Act
    const results = [
      decide([allow({ Resource: FN })], aliasRequest),
      decide([allow({ Resource: `${FN}:live` })], aliasRequest),
      decide([allow({ Resource: `${FN}:*` })], aliasRequest),
      decide([allow({ Resource: `${FN}:live` })], request()),
      decide([allow({ Resource: '*' })], aliasRequest),
    ];

    // Assess
    expect(results).toEqual(['implicit-deny', 'allow', 'allow', 'implicit-deny', 'allow']);
  });

  it('applies NotResource, and a statement without Resource to the policy\'s own resource', () => {
    // Prepare
    const base = { Effect: 'Allow' as const, Principal: GATEWAY, Action: 'lambda:InvokeFunction' };

    // Act
    const results = [
      decide([{ ...base, NotResource: `${FN}:*` }]),
      decide([{ ...base, NotResource: FN }]),
      decide([base]),
      decide([base], request({ resource: undefined })),
      decide([allow()], request({ resource: undefined })),
    ];

    // Assess
    expect(results).toEqual(['allow', 'implicit-deny', 'allow', 'allow', 'implicit-deny']);
  });
});

describe('evaluatePolicy: Deny beats Allow', () => {
  it('returns explicit-deny with the denying Sid when an Allow and a Deny both apply', () => {
    // Prepare
    const statements: PolicyStatement[] = [allow({ Sid: 'allowAll' }), { ...allow({ Sid: 'denyIt' }), Effect: 'Deny' }];

    // Act
    const result = evaluatePolicy({ Statement: statements }, request());

    // Assess
    expect(result.decision).toBe('explicit-deny');
    expect(result.matched).toEqual(['denyIt']);
  });

  it('labels statements without a Sid by their index and lists a reason for each', () => {
    // Prepare
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: '*', Resource: '*' },
      { Effect: 'Allow', Principal: GATEWAY, Action: '*', Resource: '*' },
    ];

    // Act
    const result = evaluatePolicy({ Statement: statements }, request());

    // Assess
    expect(result.matched).toEqual(['#1']);
    expect(result.reasons).toEqual([
      'Allow #0: principal {"Service":"sns.amazonaws.com"} is not apigateway.amazonaws.com',
      'Allow #1: applies',
    ]);
  });

  it('is an implicit deny when nothing applies (and for an empty policy)', () => {
    // Prepare
    const empty: PolicyDocument = { Statement: [] };

    // Act
    const result = evaluatePolicy(empty, request());

    // Assess
    expect(result).toEqual({ decision: 'implicit-deny', matched: [], reasons: [], statements: [] });
  });
});

describe('evaluatePolicy: conditions', () => {
  const withCondition = (Condition: PolicyStatement['Condition'], req: PolicyRequest = request()): string =>
    decide([allow({ Condition })], req);
  const noContext = request({ context: {} });

  it('ArnLike / ArnEquals match per ARN component; ArnNotLike negates', () => {
    // Prepare
    const conditions: PolicyStatement['Condition'][] = [
      { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/*' } },
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/items' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:other/*' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:abc123/*' } },
      { ArnNotLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:other/*' } },
      { ArnNotLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:abc123/*' } },
      { ArnNotEquals: { 'aws:SourceArn': SOURCE } },
    ];

    // Act
    const decisions = conditions.map((c) => withCondition(c));

    // Assess
    expect(decisions).toEqual(['allow', 'allow', 'implicit-deny', 'implicit-deny', 'allow', 'implicit-deny', 'implicit-deny']);
  });

  it('String operators: Equals is exact, Like uses wildcards, Not variants negate, IgnoreCase folds case', () => {
    // Prepare
    const conditions: PolicyStatement['Condition'][] = [
      { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      { StringEquals: { 'aws:SourceAccount': '999999999999' } },
      { StringNotEquals: { 'aws:SourceAccount': '999999999999' } },
      { StringNotEquals: { 'aws:SourceAccount': '123456789012' } },
      { StringLike: { 'aws:SourceArn': '*/prod/*' } },
      { StringLike: { 'aws:SourceArn': '*/dev/*' } },
      { StringNotLike: { 'aws:SourceArn': '*/dev/*' } },
      { StringNotLike: { 'aws:SourceArn': '*/prod/*' } },
      { StringEquals: { 'aws:SourceArn': SOURCE.toUpperCase() } },
      { StringEqualsIgnoreCase: { 'aws:SourceArn': SOURCE.toUpperCase() } },
    ];

    // Act
    const decisions = conditions.map((c) => withCondition(c));

    // Assess
    expect(decisions).toEqual([
      'allow', 'implicit-deny', 'allow', 'implicit-deny', 'allow', 'implicit-deny', 'allow', 'implicit-deny', 'implicit-deny', 'allow',
    ]);
  });

  it('treats condition key names case-insensitively', () => {
    // Prepare
    const keys = ['aws:SourceArn', 'AWS:SourceArn', 'aws:sourcearn', 'AWS:SOURCEARN'];

    // Act
    const decisions = keys.map((key) => withCondition({ ArnLike: { [key]: 'arn:aws:execute-api:us-east-1:123456789012:abc123/*' } }));

    // Assess
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'allow']);
  });

  it('ORs the values of one key and ANDs keys and operators', () => {
    // Prepare
    const good = 'arn:aws:execute-api:us-east-1:123456789012:abc123/*';
    const bad = 'arn:aws:execute-api:us-east-1:123456789012:zzz/*';

    // Act
    const results = [
      withCondition({ ArnLike: { 'aws:SourceArn': [bad, good] } }),
      withCondition({ ArnLike: { 'aws:SourceArn': [bad] } }),
      withCondition({ ArnLike: { 'aws:SourceArn': good }, StringEquals: { 'aws:SourceAccount': '123456789012' } }),
      withCondition({ ArnLike: { 'aws:SourceArn': good }, StringEquals: { 'aws:SourceAccount': '999999999999' } }),
      withCondition({ StringLike: { 'aws:SourceArn': '*abc123*', 'aws:SourceAccount': '9*' } }),
      withCondition({ StringNotEquals: { 'aws:SourceAccount': ['111111111111', '123456789012'] } }),
    ];

    // Assess
    expect(results).toEqual(['allow', 'implicit-deny', 'allow', 'implicit-deny', 'implicit-deny', 'implicit-deny']);
  });

  it('a missing key fails positive operators but satisfies negated ones and IfExists', () => {
    // Prepare
    const conditions: PolicyStatement['Condition'][] = [
      { ArnLike: { 'aws:SourceArn': '*' } },
      { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      { StringLike: { 'aws:SourceAccount': '*' } },
      { ArnNotLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:*' } },
      { StringNotEquals: { 'aws:SourceAccount': '123456789012' } },
      { StringNotLike: { 'aws:SourceAccount': '*' } },
      { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:zzz/*' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': '999999999999' } },
      { ArnEqualsIfExists: { 'aws:SourceArn': 'x' } },
      { StringLikeIfExists: { 'aws:SourceAccount': '9*' } },
    ];

    // Act
    const decisions = conditions.map((c) => withCondition(c, noContext));

    // Assess
    expect(decisions).toEqual([
      'implicit-deny', 'implicit-deny', 'implicit-deny', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow',
    ]);
  });

  it('IfExists still compares a key that is present', () => {
    // Prepare
    const conditions: PolicyStatement['Condition'][] = [
      { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:zzz/*' } },
      { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:abc123/*' } },
      { StringNotEqualsIfExists: { 'aws:SourceAccount': '123456789012' } },
      { StringNotLikeIfExists: { 'aws:SourceArn': '*/dev/*' } },
      { ArnNotLikeIfExists: { 'aws:SourceArn': '*' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } },
    ];

    // Act
    const decisions = conditions.map((c) => withCondition(c));

    // Assess
    expect(decisions).toEqual(['implicit-deny', 'allow', 'implicit-deny', 'allow', 'implicit-deny', 'allow']);
  });

  it('supports Null and Bool, and treats unsupported operators as not holding, saying so', () => {
    // Prepare
    const numeric = evaluatePolicy({ Statement: [allow({ Condition: { NumericLessThan: { 'aws:SourceAccount': '5' } } })] }, request());

    // Act
    const results = [
      withCondition({ Null: { 'aws:SourceArn': 'false' } }),
      withCondition({ Null: { 'aws:SourceArn': 'true' } }),
      withCondition({ Null: { 'aws:SourceArn': 'true' } }, noContext),
      withCondition({ Bool: { 'aws:SecureTransport': 'true' } }, request({ context: { 'aws:SecureTransport': 'TRUE' } })),
    ];

    // Assess
    expect(results).toEqual(['allow', 'implicit-deny', 'allow', 'allow']);
    expect(numeric.decision).toBe('implicit-deny');
    expect(numeric.reasons).toEqual(['Allow a: unsupported condition operator NumericLessThan (treated as not holding)']);
  });

  it('explains a SourceArn mismatch with the pattern and the value', () => {
    // Prepare
    const policy: PolicyDocument = {
      Statement: [allow({ Sid: 'old', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:old999/*' } } })],
    };

    // Act
    const result = evaluatePolicy(policy, request());

    // Assess
    expect(result.statements[0]?.mismatch).toBe('condition');
    expect(result.reasons).toEqual([
      `Allow old: ArnLike AWS:SourceArn "arn:aws:execute-api:us-east-1:123456789012:old999/*" does not hold for ${SOURCE}`,
    ]);
  });
});

// ---- Property tests against a reference evaluator built from labelled vocabulary ------------------------

interface Labelled<T> {
  readonly value: T;
  /** Whether it matches, decided by hand from IAM's documented semantics for the request parameter. */
  readonly matches: (req: RefRequest) => boolean;
}

interface RefRequest {
  readonly qualified: boolean;
  readonly sourceArn: string | undefined;
  readonly sourceAccount: string | undefined;
}

const ARN_A = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/items';
const ARN_B = 'arn:aws:execute-api:us-east-1:123456789012:zzz999/prod/GET/items';
const ARN_TEST = 'arn:aws:execute-api:us-east-1:123456789012:abc123/test-invoke-stage/GET/items';

const PRINCIPALS: readonly Labelled<PolicyStatement['Principal']>[] = [
  { value: '*', matches: () => true },
  { value: { AWS: '*' }, matches: () => true },
  { value: GATEWAY, matches: () => true },
  { value: { Service: ['sns.amazonaws.com', 'apigateway.amazonaws.com'] }, matches: () => true },
  { value: { Service: 'sns.amazonaws.com' }, matches: () => false },
  { value: { AWS: 'arn:aws:iam::123456789012:root' }, matches: () => false },
];

const ACTIONS: readonly Labelled<{ Action?: string | string[]; NotAction?: string | string[] }>[] = [
  { value: { Action: 'lambda:InvokeFunction' }, matches: () => true },
  { value: { Action: 'lambda:*' }, matches: () => true },
  { value: { Action: '*' }, matches: () => true },
  { value: { Action: ['s3:*', 'lambda:Invoke*'] }, matches: () => true },
  { value: { Action: 'lambda:GetPolicy' }, matches: () => false },
  { value: { NotAction: 'lambda:GetPolicy' }, matches: () => true },
  { value: { NotAction: 'lambda:*' }, matches: () => false },
];

const RESOURCES: readonly Labelled<{ Resource?: string | string[] }>[] = [
  { value: { Resource: FN }, matches: (r) => !r.qualified },
  { value: { Resource: `${FN}:live` }, matches: (r) => r.qualified },
  { value: { Resource: `${FN}:*` }, matches: (r) => r.qualified },
  { value: { Resource: `${FN}*` }, matches: () => true },
  { value: { Resource: '*' }, matches: () => true },
  { value: { Resource: [FN, `${FN}:live`] }, matches: () => true },
  { value: { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:other' }, matches: () => false },
];

const isA = (arn: string | undefined): boolean => arn === ARN_A || arn === ARN_TEST;
const CONDITIONS: readonly Labelled<Readonly<Record<string, Readonly<Record<string, string | string[]>>>> | undefined>[] = [
  { value: undefined, matches: () => true },
  { value: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/*' } }, matches: (r) => isA(r.sourceArn) },
  { value: { ArnLike: { 'aws:sourcearn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*' } }, matches: (r) => r.sourceArn === ARN_A },
  { value: { ArnLike: { 'aws:SourceArn': ['arn:aws:execute-api:*:*:zzz999/*', 'arn:aws:execute-api:*:*:abc123/*'] } }, matches: (r) => r.sourceArn !== undefined },
  { value: { ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:abc123/*' } }, matches: () => false },
  { value: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:zzz999/*' } }, matches: (r) => r.sourceArn !== ARN_B },
  { value: { ArnEqualsIfExists: { 'aws:SourceArn': ARN_A } }, matches: (r) => r.sourceArn === undefined || r.sourceArn === ARN_A },
  { value: { StringEquals: { 'aws:SourceAccount': '123456789012' } }, matches: (r) => r.sourceAccount === '123456789012' },
  { value: { StringNotEquals: { 'AWS:SourceAccount': '123456789012' } }, matches: (r) => r.sourceAccount !== '123456789012' },
  { value: { StringLike: { 'aws:SourceArn': '*/test-invoke-stage/*' } }, matches: (r) => r.sourceArn === ARN_TEST },
  { value: { StringNotLike: { 'aws:SourceArn': '*/test-invoke-stage/*' } }, matches: (r) => r.sourceArn !== ARN_TEST },
  { value: { StringLikeIfExists: { 'aws:SourceAccount': '1*' } }, matches: (r) => r.sourceAccount === undefined || r.sourceAccount.startsWith('1') },
  {
    value: { ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:*:*:abc123/*' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
    matches: (r) => isA(r.sourceArn) && r.sourceAccount === '123456789012',
  },
];

interface RefStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly principal: number;
  readonly action: number;
  readonly resource: number;
  readonly condition: number;
}

const refStatement = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
  principal: fc.nat({ max: PRINCIPALS.length - 1 }),
  action: fc.nat({ max: ACTIONS.length - 1 }),
  resource: fc.nat({ max: RESOURCES.length - 1 }),
  condition: fc.nat({ max: CONDITIONS.length - 1 }),
});

const refRequest = fc.record({
  qualified: fc.boolean(),
  sourceArn: fc.constantFrom(ARN_A, ARN_B, ARN_TEST, undefined),
  sourceAccount: fc.constantFrom('123456789012', '999999999999', undefined),
});

function toStatement(s: RefStatement, index: number): PolicyStatement {
  const condition = CONDITIONS[s.condition]?.value;
  return {
    Sid: `s${index}`,
    Effect: s.effect,
    Principal: PRINCIPALS[s.principal]?.value,
    ...ACTIONS[s.action]?.value,
    ...RESOURCES[s.resource]?.value,
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

function toRequest(r: RefRequest): PolicyRequest {
  return {
    principalService: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    resource: r.qualified ? `${FN}:live` : FN,
    context: { 'aws:SourceArn': r.sourceArn, 'aws:SourceAccount': r.sourceAccount },
  };
}

function refApplies(s: RefStatement, r: RefRequest): boolean {
  return [PRINCIPALS[s.principal], ACTIONS[s.action], RESOURCES[s.resource], CONDITIONS[s.condition]].every(
    (labelled) => labelled?.matches(r) === true,
  );
}

function referenceDecision(statements: readonly RefStatement[], r: RefRequest): string {
  const applicable = statements.filter((s) => refApplies(s, r));
  if (applicable.some((s) => s.effect === 'Deny')) return 'explicit-deny';
  return applicable.length > 0 ? 'allow' : 'implicit-deny';
}

const evaluate = (statements: readonly RefStatement[], r: RefRequest) =>
  evaluatePolicy({ Version: '2012-10-17', Statement: statements.map(toStatement) }, toRequest(r));

describe('evaluatePolicy: properties', () => {
  it('agrees with the reference evaluator on random policies, reaching allow, explicit deny and implicit deny', () => {
    // Prepare
    const decisions = new Map<string, number>();

    // Act
    fc.assert(
      fc.property(fc.array(refStatement, { maxLength: 5 }), refRequest, (statements, r) => {
        const decision = evaluate(statements, r).decision;
        decisions.set(decision, (decisions.get(decision) ?? 0) + 1);
        // Assess (per run)
        expect(decision).toBe(referenceDecision(statements, r));
      }),
      { numRuns: 1500 },
    );

    // Assess: every decision is reached often, so agreement is not only on the common answer
    for (const d of ['allow', 'explicit-deny', 'implicit-deny']) expect(decisions.get(d) ?? 0, d).toBeGreaterThan(50);
  });

  it('an applicable Deny always wins, whatever else the policy allows', () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(fc.array(refStatement, { maxLength: 5 }), refStatement, refRequest, fc.nat(), (statements, extra, r, at) => {
        fc.pre(refApplies(extra, r));
        const deny: RefStatement = { ...extra, effect: 'Deny' };
        const withDeny = [...statements];
        withDeny.splice(at % (statements.length + 1), 0, deny);
        expect(evaluate(withDeny, r).decision).toBe('explicit-deny');
      }),
      { numRuns: 500 },
    );
  });

  it('adding an Allow statement never turns allow into a deny (policies without Deny)', () => {
    // Prepare
    const allowOnly = refStatement.map((s): RefStatement => ({ ...s, effect: 'Allow' }));
    let allowedBefore = 0;

    // Act / Assess
    fc.assert(
      fc.property(fc.array(allowOnly, { maxLength: 5 }), allowOnly, refRequest, (statements, extra, r) => {
        const before = evaluate(statements, r).decision;
        const after = evaluate([...statements, extra], r).decision;
        if (before === 'allow') allowedBefore++;
        expect(after).not.toBe('explicit-deny');
        if (before === 'allow') expect(after).toBe('allow');
      }),
      { numRuns: 500 },
    );

    // Assess: the "stays allowed" half was exercised, not only vacuously true
    expect(allowedBefore).toBeGreaterThan(20);
  });
});

describe('evaluatePolicy: loosely typed input', () => {
  it('accepts a single statement object instead of an array and ignores statements without a valid Effect', () => {
    // Prepare
    const single = { Statement: allow() } as unknown as PolicyDocument;
    const junk = { Statement: [{ Effect: 'Maybe', Principal: '*', Action: '*' }, 'text', allow({ Sid: 'ok' })] } as unknown as PolicyDocument;

    // Act
    const [a, b] = [evaluatePolicy(single, request()), evaluatePolicy(junk, request())];

    // Assess
    expect(a.decision).toBe('allow');
    expect(b.matched).toEqual(['ok']);
    expect(b.statements.map((s) => s.index)).toEqual([2]);
  });

  it('reads ForAnyValue: as the base operator and ForAllValues: as vacuously true for a missing key', () => {
    // Prepare
    const anyValue = allow({ Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceAccount': ['1', '123456789012'] } } });
    const allValues = allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:SourceAccount': '1' } } });

    // Act
    const results = [decide([anyValue]), decide([allValues]), decide([allValues], request({ context: {} }))];

    // Assess
    expect(results).toEqual(['allow', 'implicit-deny', 'allow']);
  });
});
