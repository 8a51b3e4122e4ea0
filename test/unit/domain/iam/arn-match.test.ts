import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  arnLike,
  executeApiArn,
  parseExecuteApiArn,
  scopedSourceArn,
  splitArn,
  stringLike,
} from '../../../../shared/domain/iam/arn-match.ts';

/** Reference from IAM's documented semantics: `*` = `.*`, `?` = `.`, the rest literal, whole string. */
function referenceLike(pattern: string, value: string): boolean {
  const source = Array.from(pattern)
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(value);
}

/** Reference ArnLike: six colon-separated components (the last keeps its colons), each matched on its own. */
function referenceArnLike(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const split = (s: string): string[] | null => {
    const parts = s.split(':');
    if (parts.length < 6) return null;
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  if (p === null || v === null) return false;
  return p.every((segment, i) => referenceLike(segment, v[i] ?? ''));
}

const ALPHABET = ['a', 'b', ':', '/', '*', '?', '.'];
const text = (maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((chars) => chars.join(''));
const literal = (maxLength: number) =>
  fc.array(fc.constantFrom('a', 'b', ':', '/', '.'), { maxLength }).map((chars) => chars.join(''));

describe('stringLike', () => {
  it('matches * as any run, ? as one character, case-sensitively', () => {
    // Prepare
    const cases: [string, string, boolean][] = [
      ['*', '', true],
      ['a*', 'a', true],
      ['a*c', 'abbbc', true],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['abc', 'ABC', false],
      ['*/GET/*', 'prod/GET/items/1', true],
      ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ];

    // Act
    const results = cases.map(([p, v]) => stringLike(p, v));

    // Assess
    expect(results).toEqual(cases.map(([, , want]) => want));
  });

  it('agrees with a regex translation of the pattern, on matches and non-matches alike', () => {
    // Prepare
    const outcomes = { match: 0, miss: 0 };

    // Act
    fc.assert(
      fc.property(text(8), literal(10), (pattern, value) => {
        const got = stringLike(pattern, value);
        outcomes[got ? 'match' : 'miss']++;
        // Assess (per run)
        return got === referenceLike(pattern, value);
      }),
      { numRuns: 2000 },
    );

    // Assess: the generators reach both answers, so agreement is not only on "no match"
    expect(outcomes.match).toBeGreaterThan(50);
    expect(outcomes.miss).toBeGreaterThan(50);
  });

  it('a pattern always matches the literal value it was made from', () => {
    // Prepare / Act / Assess
    fc.assert(fc.property(literal(12), (value) => stringLike(value, value)));
  });

  it('a copy of a value with characters turned into ? and runs into * matches it; changing a literal character does not', () => {
    // Prepare: per character of the value, keep it, make it ?, or fold it into a *
    const wildcarded = fc
      .array(fc.tuple(fc.constantFrom('a', 'b', ':', '/', '.'), fc.constantFrom('keep', '?', '*')), { minLength: 1, maxLength: 12 })
      .map((chars) => ({
        value: chars.map(([c]) => c).join(''),
        pattern: chars.map(([c, how]) => (how === 'keep' ? c : how)).join('').replace(/\*+/g, '*'),
        literalAt: chars.findIndex(([, how]) => how === 'keep'),
      }));

    // Act / Assess
    fc.assert(
      fc.property(wildcarded, ({ value, pattern }) => {
        expect(stringLike(pattern, value)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(wildcarded, ({ value, literalAt }) => {
        fc.pre(literalAt !== -1);
        // Only `keep` characters: change one of them and the pattern must stop matching.
        const exact = value.split('');
        const changed = [...exact];
        changed[literalAt] = exact[literalAt] === 'a' ? 'b' : 'a';
        expect(stringLike(exact.join(''), changed.join(''))).toBe(false);
      }),
    );
  });
});

describe('arnLike', () => {
  it('does not let a wildcard span ARN components', () => {
    // Prepare
    const value = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/items';

    // Act
    const spanning = arnLike('arn:aws:execute-api:*:abc/*', value);
    const perSegment = arnLike('arn:aws:execute-api:*:*:abc/*', value);

    // Assess
    expect(spanning).toBe(false);
    expect(perSegment).toBe(true);
  });

  it('lets the resource component wildcard cover colons inside it', () => {
    // Prepare
    const value = 'arn:aws:lambda:us-east-1:123456789012:function:orders:live';

    // Act
    const matched = arnLike('arn:aws:lambda:us-east-1:123456789012:function:*', value);

    // Assess
    expect(matched).toBe(true);
  });

  it('treats a lone * as any ARN and rejects short values or patterns', () => {
    // Prepare
    const value = 'arn:aws:sns:us-east-1:1:topic';

    // Act
    const results = [arnLike('*', value), arnLike('arn:aws:sns:*', value), arnLike('arn:*:*:*:*:*', 'not-an-arn')];

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('is case-sensitive', () => {
    // Prepare
    const value = 'arn:aws:execute-api:us-east-1:1:ABC/prod/GET/';

    // Act
    const matched = arnLike('arn:aws:execute-api:us-east-1:1:abc/*', value);

    // Assess
    expect(matched).toBe(false);
  });

  it('agrees with a per-component regex reference', () => {
    // Prepare
    const arnish = (seg: fc.Arbitrary<string>) =>
      fc.tuple(seg, seg, seg, seg, seg, seg).map((parts) => `arn:${parts.slice(1).join(':')}`);

    // Independent pairs rarely match, so half the pairs are a value and a copy of it with characters
    // turned into ? or * (colons mostly kept, so most of these match and some do not).
    const derived = arnish(literal(3)).chain((value) =>
      fc
        .array(fc.constantFrom('keep', 'keep', '?', '*'), { minLength: value.length, maxLength: value.length })
        .map((hows): [string, string] => [hows.map((how, i) => (how === 'keep' || (value[i] === ':' && i % 3 !== 0) ? value[i] ?? '' : how)).join(''), value]),
    );
    const pairs = fc.oneof(fc.tuple(fc.oneof(arnish(text(3)), text(14)), fc.oneof(arnish(literal(3)), literal(14))), derived);
    const outcomes = { match: 0, miss: 0 };

    // Act
    fc.assert(
      fc.property(pairs, ([pattern, value]) => {
        const got = arnLike(pattern, value);
        outcomes[got ? 'match' : 'miss']++;
        // Assess (per run)
        return got === referenceArnLike(pattern, value);
      }),
      { numRuns: 2000 },
    );

    // Assess: both answers occur, so the agreement is not only on "no match"
    expect(outcomes.match).toBeGreaterThan(100);
    expect(outcomes.miss).toBeGreaterThan(100);
  });
});

describe('splitArn', () => {
  it('keeps the colons of the resource component', () => {
    // Prepare
    const arn = 'arn:aws:lambda:us-east-1:1:function:f:alias';

    // Act
    const parts = splitArn(arn);

    // Assess
    expect(parts).toEqual(['arn', 'aws', 'lambda', 'us-east-1', '1', 'function:f:alias']);
  });
});

describe('actionMatches', () => {
  it('matches action names case-insensitively with wildcards', () => {
    // Prepare
    const patterns = ['lambda:InvokeFunction', 'LAMBDA:invokefunction', 'lambda:*', '*', 'lambda:Invoke*', 'lambda:Get*', 's3:*'];

    // Act
    const results = patterns.map((p) => actionMatches(p, 'lambda:InvokeFunction'));

    // Assess
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });
});

describe('execute-api ARNs', () => {
  const where = { region: 'us-east-1', account: '123456789012', apiId: 'abc123' };

  it('builds the ARN of one method on one stage', () => {
    // Prepare
    const parts = { ...where, stage: 'prod', method: 'get', resourcePath: '/items/42' };

    // Act
    const arn = executeApiArn(parts);

    // Assess
    expect(arn).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/items/42');
  });

  it('writes the root resource as an empty path after the verb', () => {
    // Prepare
    const parts = { ...where, stage: 'prod', method: 'GET', resourcePath: '/' };

    // Act
    const [arn, scoped] = [executeApiArn(parts), scopedSourceArn(parts)];

    // Assess
    expect(arn).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/');
    expect(scoped).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/');
  });

  it('scopes the fix SourceArn to any stage, ANY as *, path parameters as *', () => {
    // Prepare
    const inputs = [
      { ...where, method: 'ANY', resourcePath: '/items/{id}' },
      { ...where, method: 'post', resourcePath: '/files/{proxy+}' },
      { ...where, method: 'GET', resourcePath: '/a/{x}/b/{y}' },
    ];

    // Act
    const arns = inputs.map(scopedSourceArn);

    // Assess
    expect(arns).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/items/*',
      'arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/files/*',
      'arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/a/*/b/*',
    ]);
  });

  it('the scoped SourceArn covers every stage, including the console test stage, and concrete paths', () => {
    // Prepare
    const scoped = scopedSourceArn({ ...where, method: 'GET', resourcePath: '/files/{proxy+}' });
    const requests = ['prod', 'test-invoke-stage'].map((stage) =>
      executeApiArn({ ...where, stage, method: 'GET', resourcePath: '/files/a/b/c.txt' }),
    );

    // Act
    const matched = requests.map((arn) => arnLike(scoped, arn));

    // Assess
    expect(matched).toEqual([true, true]);
  });

  it('parses an execute-api ARN pattern into its api id and the rest', () => {
    // Prepare
    const arns = ['arn:aws:execute-api:us-east-1:123456789012:old999/*/GET/items', 'arn:aws:execute-api:us-east-1:1:abc', 'arn:aws:lambda:us-east-1:1:function:f'];

    // Act
    const parsed = arns.map(parseExecuteApiArn);

    // Assess
    expect(parsed).toEqual([
      { partition: 'aws', region: 'us-east-1', account: '123456789012', apiId: 'old999', rest: '*/GET/items' },
      { partition: 'aws', region: 'us-east-1', account: '1', apiId: 'abc', rest: '' },
      null,
    ]);
  });
});
