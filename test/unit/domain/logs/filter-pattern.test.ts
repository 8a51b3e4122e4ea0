/**
 * CloudWatch Logs filter patterns as AWS documents them. Every documented example form has a case
 * here, written with our own events; the doc each one comes from is named above its block:
 * - UNSTRUCTURED: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *   ("Match terms in unstructured log events")
 * - REGEX: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html
 * - JSON: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
 * - AWS_DOC_SOURCE (the published source of the same guide, with the space-delimited, OR and JSON
 *   compound examples): https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/blob/master/doc_source/FilterAndPatternSyntax.md
 */
import { describe, expect, it } from 'vitest';
import { GATEWAY_LOG_TARGETS, RULES } from '../../../../shared/domain/classify/rules.ts';
import { ACCESS_FAILURE_PATTERN, EXECUTION_FAILURE_PATTERN } from '../../../../shared/domain/logs/failure-patterns.ts';
import {
  MAX_FILTER_PATTERN_LENGTH,
  describeFilterPatternError,
  filterPatternMatcher,
  matchesFilterPattern,
  parseFilterPattern,
  splitDelimitedFields,
  type FilterPattern,
  type FilterPatternError,
} from '../../../../shared/domain/logs/filter-pattern.ts';

function parsed(text: string): FilterPattern {
  const result = parseFilterPattern(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
  return result.value;
}

/** The events of `messages` the pattern selects, in order. */
function selected(text: string, messages: readonly string[]): string[] {
  const pattern = parsed(text);
  return messages.filter((m) => matchesFilterPattern(pattern, m));
}

function failure(text: string): FilterPatternError {
  const result = parseFilterPattern(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected, got ${result.value.kind}`);
  return result.error;
}

// Our own events in the shape of the unstructured examples (bracketed level and code, then words).
const E503 = '[ERROR 503] SERVICE UNAVAILABLE';
const E422 = '[ERROR 422] MISSING FIELDS';
const E413 = '[ERROR 413] FIELDS TOO LARGE';
const W429 = '[WARN 429] SLOW DOWN';
const I200 = '[INFO 200] ALL FIELDS PRESENT';
const EVENTS = [E503, E422, E413, W429, I200];

describe('parseFilterPattern / matchesFilterPattern: unstructured terms (UNSTRUCTURED, AWS_DOC_SOURCE)', () => {
  it('matches every event with an empty pattern, a blank pattern, or a blank quoted phrase', () => {
    // Prepare / Act / Assess
    for (const text of ['', '   ', '" "']) expect(selected(text, EVENTS), JSON.stringify(text)).toEqual(EVENTS);
    expect(parsed('').kind).toBe('everything');
  });

  it('matches a single term anywhere in the message, also inside a longer word', () => {
    // Prepare / Act / Assess
    expect(selected('ERROR', EVENTS)).toEqual([E503, E422, E413]);
    // The guide's own example: ERROR also selects "… ERRORCODE: -1".
    expect(selected('ERROR', ['Shutting down, ERRORCODE: 7', 'all good'])).toEqual(['Shutting down, ERRORCODE: 7']);
  });

  it('requires every one of several terms, in any order', () => {
    // Prepare / Act / Assess
    expect(selected('ERROR FIELDS', EVENTS)).toEqual([E422, E413]);
    expect(selected('Could not save the order', ['[WARN] Could not save the order', '[ERROR] Retry 3: Could not save the order', '[ERROR] the order could not be saved'])).toEqual([
      '[WARN] Could not save the order',
      '[ERROR] Retry 3: Could not save the order',
    ]);
  });

  it('matches any ?-term, and shows how plain, ?- and --terms differ on the same three events', () => {
    // Prepare
    const lines = ['ERROR WARN message', 'ERROR message', 'WARN message'].map((l) => l.replace('message', 'from the cart service'));

    // Act / Assess
    expect(selected('?ERROR ?WARN', lines)).toEqual(lines);
    expect(selected('ERROR', lines)).toEqual([lines[0], lines[1]]);
    expect(selected('ERROR WARN', lines)).toEqual([lines[0]]);
    expect(selected('ERROR -WARN', lines)).toEqual([lines[1]]);
    expect(selected('?ERROR ?FIELDS', EVENTS)).toEqual([E503, E422, E413, I200]);
  });

  it('matches a quoted phrase as a whole, not its words in any order', () => {
    // Prepare / Act / Assess
    expect(selected('"FIELDS TOO"', EVENTS)).toEqual([E413]);
    expect(selected('"TOO FIELDS"', EVENTS)).toEqual([]);
    expect(selected('?"SLOW DOWN" ?"ALL FIELDS"', EVENTS)).toEqual([W429, I200]);
  });

  it('excludes events with a --term, with or without terms to include', () => {
    // Prepare / Act / Assess
    expect(selected('ERROR -FIELDS', EVENTS)).toEqual([E503]);
    expect(selected('-ERROR', EVENTS)).toEqual([W429, I200]);
    expect(selected('FIELDS -"TOO LARGE"', EVENTS)).toEqual([E422, I200]);
  });

  it('is case-sensitive', () => {
    // Prepare / Act / Assess
    expect(selected('error', EVENTS)).toEqual([]);
    expect(selected('?Error ?warn', EVENTS)).toEqual([]);
    expect(selected('"service unavailable"', EVENTS)).toEqual([]);
  });

  it('accepts bare terms of letters, digits and _ only: anything else must be quoted', () => {
    // Prepare / Act
    const bare = failure('Method completed with status: 5');
    const quoted = selected('"status: 5"', ['Method completed with status: 502', 'Method completed with status: 200']);

    // Assess
    expect(bare).toStrictEqual({ kind: 'invalid', message: 'term "status:" has characters other than letters, digits and _: put it in double quotes', position: 28 });
    expect(quoted).toEqual(['Method completed with status: 502']);
    expect(selected('order_id 42', ['order_id=42', 'order 42'])).toEqual(['order_id=42']);
    expect(failure('?x-ray').message).toContain('"x-ray"');
    expect(failure('?"a"b').message).toBe('a quoted term must be followed by a space, found "b"');
  });

  it('rejects what AWS does not document instead of guessing (never a pattern that matches everything)', () => {
    // Prepare / Act / Assess
    expect(failure('ERROR ?WARN')).toMatchObject({ kind: 'unsupported', position: 0 });
    expect(failure('?ERROR -WARN')).toMatchObject({ kind: 'unsupported', position: 7 });
    expect(failure('"unterminated')).toMatchObject({ kind: 'invalid', message: 'unterminated quoted term (a closing " is missing)' });
    expect(failure('? ERROR')).toMatchObject({ kind: 'invalid', message: '"?" must be followed directly by the term it applies to' });
    expect(failure('- ERROR')).toMatchObject({ kind: 'invalid' });
    expect(failure('"say \\"hi\\""')).toMatchObject({ kind: 'unsupported' });
    expect(failure('-" "')).toMatchObject({ kind: 'unsupported' });
  });

  it('rejects a pattern longer than CloudWatch accepts', () => {
    // Prepare
    const long = Array.from({ length: 200 }, (_, i) => `?term${i}`).join(' ');

    // Act
    const error = failure(long);

    // Assess
    expect(long.length).toBeGreaterThan(MAX_FILTER_PATTERN_LENGTH);
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('at most 1024');
  });
});

describe('parseFilterPattern / matchesFilterPattern: regular expressions (REGEX)', () => {
  it('matches a %regex% anywhere in the message, case-sensitively', () => {
    // Prepare
    const lines = ['[DENY 403] UNAUTHORIZED CALLER', '[OK 200] AUTHORIZED CALLER', '[OK 200] authorized caller'];

    // Act / Assess
    expect(selected('%AUTHORIZED%', lines)).toEqual([lines[0], lines[1]]);
    expect(selected('%[Ee]rror|[Ff]ail%', ['Disk error on sda', 'Error: no space', 'Failed to mount', 'all fine'])).toEqual(['Disk error on sda', 'Error: no space', 'Failed to mount']);
    expect(selected('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', ['from 198.51.100.24 port 22', 'from localhost'])).toEqual(['from 198.51.100.24 port 22']);
    expect(selected('%^\\[OK%', lines)).toEqual([lines[1], lines[2]]);
  });

  it('rejects characters outside the documented set, parentheses, multi-byte characters and mixed forms', () => {
    // Prepare / Act / Assess
    expect(failure('%timeout!%')).toStrictEqual({ kind: 'invalid', message: '"!" is not a character CloudWatch allows in a regex', position: 8 });
    expect(failure('%(a|b)c%')).toMatchObject({ kind: 'invalid', message: 'parentheses are not supported in CloudWatch regexes' });
    expect(failure('%café%')).toMatchObject({ kind: 'invalid' });
    expect(failure('%ERROR% WARN')).toMatchObject({ kind: 'unsupported' });
    expect(failure('%ERROR')).toMatchObject({ kind: 'invalid', message: 'unterminated regex (a closing % is missing)' });
    expect(failure('%[a-z%')).toMatchObject({ kind: 'invalid' });
  });
});

/** Our own JSON event, shaped like the guide's examples (strings, arrays, objects, null, booleans, numbers). */
const JSON_EVENT = JSON.stringify({
  eventName: 'PutBucketPolicy',
  clientIp: '203.0.113.9',
  tags: ['blue', 'green team'],
  targets: [{ name: 'alpha', rank: 7 }, { name: 'beta', rank: 8 }],
  deletedAt: null,
  retried: true,
  dryRun: false,
  latencyMs: 412,
  ratio: 0.004,
  owner: { id: 5, email: 'ops.lead@example.org' },
  members: [{ id: 6, email: 'dev.one@example.org' }, { id: 9, email: 'dev.two@example.org' }],
  verbs: ['HEAD', 'PATCH', 'OPTIONS'],
  grid: [[3, 4, 5], [6, 7, 8]],
});

function jsonMatches(text: string, message = JSON_EVENT): boolean {
  return matchesFilterPattern(parsed(text), message);
}

describe('parseFilterPattern / matchesFilterPattern: JSON events (JSON, AWS_DOC_SOURCE)', () => {
  it.each<[string, boolean]>([
    ['{ $.eventName = "PutBucketPolicy" }', true],
    ['{ $.eventName = "PutBucket" }', false],
    ['{$.eventName = PutBucketPolicy}', true],
    ['{ $.clientIp != 198.51.* }', true],
    ['{ $.clientIp != 203.0.* }', false],
    ['{ $.tags[0] = "blue" }', true],
    ['{ $.tags[1] = "green team" }', true],
    ['{ $.targets[1].rank = 8 }', true],
    ['{ $.targets[1].rank = 7 }', false],
    ['{ $.deletedAt IS NULL }', true],
    ['{ $.eventName IS NULL }', false],
    ['{ $.archivedAt NOT EXISTS }', true],
    ['{ $.deletedAt NOT EXISTS }', false],
    ['{ $.retried IS TRUE }', true],
    ['{ $.dryRun IS FALSE }', true],
    ['{ $.dryRun IS TRUE }', false],
  ])('selects on one field: %s → %s', (text, expected) => {
    // Prepare / Act / Assess
    expect(jsonMatches(text)).toBe(expected);
  });

  it('uses * as a wildcard only at the start or end of a value (in the middle it is a literal *)', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ $.eventName = *Policy }')).toBe(true);
    expect(jsonMatches('{ $.eventName = PutBucket* }')).toBe(true);
    expect(jsonMatches('{ $.eventName = *Bucket* }')).toBe(true);
    expect(jsonMatches('{ $.eventName = Put*Policy }')).toBe(false);
    expect(jsonMatches('{ $.eventName = Put*Policy }', '{"eventName":"Put*Policy"}')).toBe(true);
    // `= *` selects events where the field holds any value, numbers included (the guide's `{ $.latency = * }`).
    expect(jsonMatches('{ $.latencyMs = * }')).toBe(true);
    expect(jsonMatches('{ $.missing = * }')).toBe(false);
  });

  it('joins conditions with && and ||, && binding tighter, and honours parentheses', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ ($.owner.id = 5) && ($.members[0].email = "dev.one@example.org") }')).toBe(true);
    expect(jsonMatches('{ ($.owner.id = 6 && $.members[0].email = "nobody") || $.verbs[2] = "HEAD" }')).toBe(false);
    expect(jsonMatches('{ $.owner.email = "ops.lead@example.org" || $.grid[0][1] = nomatch && $.verbs[2] = nomatch }')).toBe(true);
    expect(jsonMatches('{ ($.owner.email = "ops.lead@example.org" || $.grid[0][1] = nomatch) && $.verbs[2] = nomatch }')).toBe(false);
    expect(selected('{ $.colour = red || $.colour = teal }', ['{"colour": "red"}', '{"colour": "teal"}', '{"colour": "grey"}'])).toEqual(['{"colour": "red"}', '{"colour": "teal"}']);
  });

  it('compares numbers with = != < > <= >=, signs and scientific notation included', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ $.latencyMs >= 412 }')).toBe(true);
    expect(jsonMatches('{ $.latencyMs > +500 }')).toBe(false);
    expect(jsonMatches('{ $.latencyMs < 10e2 }')).toBe(true);
    expect(jsonMatches('{ $.ratio < 10e-3 }')).toBe(true);
    expect(jsonMatches('{ $.ratio <= -1.5 }')).toBe(false);
    expect(jsonMatches('{ $.grid[1][2] = 8 }')).toBe(true);
    expect(jsonMatches('{ $.owner.id != 5 }')).toBe(false);
    expect(jsonMatches('{ $.owner.id != 6 }')).toBe(true);
    // A number is not the string of its digits.
    expect(jsonMatches('{ $.code = 500 }', '{"code":"500"}')).toBe(false);
  });

  it('applies neither = nor != when the selector points at an array or an object', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ $.verbs = 1 }')).toBe(false);
    expect(jsonMatches('{ $.verbs != 1 }')).toBe(false);
    expect(jsonMatches('{ $.owner != "x" }')).toBe(false);
    expect(jsonMatches('{ $.tags[5] = "blue" }')).toBe(false);
  });

  it('matches regexes in values', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ $.eventName = %^Put% }')).toBe(true);
    expect(jsonMatches('{ $.eventName != %Bucket% }')).toBe(false);
    expect(failure('{ $.a = %x% || $.b = %y% || $.c = %z% }')).toMatchObject({ kind: 'invalid', message: 'CloudWatch allows at most 2 regexes in a JSON or space-delimited pattern' });
  });

  it('never matches an event that is not a JSON object', () => {
    // Prepare / Act / Assess
    expect(jsonMatches('{ $.archivedAt NOT EXISTS }', 'plain text line')).toBe(false);
    expect(jsonMatches('{ $.archivedAt NOT EXISTS }', '[1, 2]')).toBe(false);
  });

  it('rejects what AWS does not document, naming it', () => {
    // Prepare / Act / Assess
    expect(failure('{ $.a EXISTS }')).toMatchObject({ kind: 'unsupported', position: 6 });
    expect(failure('{ $.a IS MISSING }')).toMatchObject({ kind: 'unsupported', message: '"IS MISSING" is not documented (IS NULL, IS TRUE, IS FALSE and NOT EXISTS are)' });
    expect(failure('{ $.items[*].id = 1 }')).toMatchObject({ kind: 'unsupported' });
    expect(failure('{ $.* = 1 }')).toMatchObject({ kind: 'unsupported' });
    expect(failure('{ $[0] = 1 }')).toMatchObject({ kind: 'invalid' });
    expect(failure('{ $.a > abc }')).toMatchObject({ kind: 'invalid', message: '">" compares numbers; found a text value' });
    expect(failure('{ $.mail = ops@example.org }')).toMatchObject({ kind: 'invalid' });
    expect(failure('{ $.a = 1')).toMatchObject({ kind: 'invalid', message: 'a JSON pattern must end with "}"' });
    expect(failure('{ $.a = 1 $.b = 2 }')).toMatchObject({ kind: 'invalid' });
    expect(failure('{ }')).toMatchObject({ kind: 'invalid' });
    expect(failure('{ ($.a = 1 }')).toMatchObject({ kind: 'invalid', message: 'expected ")"' });
  });
});

// Our own access-log lines in the guide's space-delimited layout: ip, identity, user, [time], "request", status, bytes.
const OK_HTML = '192.0.2.10 - maria [21/Nov/2026:09:14:02 +0000] "GET /shop/index.html HTTP/1.1" 200 5120';
const MISSING = '192.0.2.11 - li [21/Nov/2026:09:14:05 +0000] "GET /shop/gone.html HTTP/1.1" 404 210';
const FORBIDDEN = '192.0.2.12 - sam [21/Nov/2026:09:14:09 +0000] "POST /shop/cart HTTP/1.1" 403 1800';
const BROKEN = '192.0.2.13 - ana [21/Nov/2026:09:14:11 +0000] "GET /shop/api/items HTTP/1.1" 502 97';
const ACCESS = [OK_HTML, MISSING, FORBIDDEN, BROKEN];

describe('parseFilterPattern / matchesFilterPattern: space-delimited events (AWS_DOC_SOURCE)', () => {
  it('splits fields at spaces, keeping [bracketed] and "quoted" text as one field', () => {
    // Prepare / Act / Assess
    expect(splitDelimitedFields(OK_HTML)).toEqual(['192.0.2.10', '-', 'maria', '21/Nov/2026:09:14:02 +0000', 'GET /shop/index.html HTTP/1.1', '200', '5120']);
    expect(splitDelimitedFields('a "never closed')).toBeNull();
  });

  it('names every field, or skips any number of them with ...', () => {
    // Prepare / Act / Assess
    expect(selected('[ip, identity, user, time, request, status_code, bytes]', ACCESS)).toEqual(ACCESS);
    expect(selected('[..., status_code, bytes]', ACCESS)).toEqual(ACCESS);
    expect(selected('[ip, identity, ..., status_code, bytes]', ACCESS)).toEqual(ACCESS);
    expect(selected('[ip, identity, ...]', ACCESS)).toEqual(ACCESS);
    // Without "..." the number of fields must be exact.
    expect(selected('[ip, identity, user, time, request, status_code]', ACCESS)).toEqual([]);
  });

  it('adds numeric and string (wildcard) conditions to fields', () => {
    // Prepare / Act / Assess
    expect(selected('[ip, identity, user, time, request, status_code, bytes > 1000]', ACCESS)).toEqual([OK_HTML, FORBIDDEN]);
    expect(selected('[ip, identity, user, time, request, status_code = 200, bytes]', ACCESS)).toEqual([OK_HTML]);
    expect(selected('[ip, identity, user, time, request, status_code = 4*, bytes]', ACCESS)).toEqual([MISSING, FORBIDDEN]);
    expect(selected('[ip, identity, user, time, request = *html*, status_code = 4*, bytes]', ACCESS)).toEqual([MISSING]);
    expect(selected('[ip, identity, user != maria, ...]', ACCESS)).toEqual([MISSING, FORBIDDEN, BROKEN]);
  });

  it('joins conditions of a field with && and ||', () => {
    // Prepare / Act / Assess
    expect(selected('[ip, identity, user, time, request, status_code = 4* && status_code != 403, bytes]', ACCESS)).toEqual([MISSING]);
    expect(selected('[ip, identity, user, time, request, status_code = 403 || status_code = 502, bytes]', ACCESS)).toEqual([FORBIDDEN, BROKEN]);
  });

  it('treats an empty slot (a trailing comma) as one unnamed field', () => {
    // Prepare / Act / Assess
    expect(selected('[..., request = *.html*, status_code = 4*,]', ACCESS)).toEqual([MISSING]);
    expect(selected('[..., request = *.html*, status_code = 4*]', ACCESS)).toEqual([]);
  });

  it('matches w1 = the first word: exactly as many words as fields', () => {
    // Prepare
    const lines = ['ERROR WARN queue full', 'ERROR queue', 'WARN queue', 'INFO queue'];

    // Act / Assess
    expect(selected('[w1=ERROR, w2]', lines)).toEqual(['ERROR queue']);
    expect(selected('[w1=ERROR || w1=WARN, w2]', lines)).toEqual(['ERROR queue', 'WARN queue']);
    // The guide says this selects its three-word line; with exactly two fields (as its other two
    // examples show) it selects the two-word lines whose first word is neither.
    expect(selected('[w1!=ERROR&&w1!=WARN, w2]', lines)).toEqual(['INFO queue']);
  });

  it('matches regexes in fields', () => {
    // Prepare / Act / Assess
    expect(selected('[..., request = %^POST%, status_code, bytes]', ACCESS)).toEqual([FORBIDDEN]);
  });

  it('rejects conditions on fields the pattern does not name, parentheses, repeated names and stray tokens', () => {
    // Prepare / Act / Assess
    // The guide prints `[…, status_code = 4* && bytes > 1000]` with no bytes field; there is no sound meaning to give it.
    expect(failure('[ip, identity, user, time, request, status_code = 4* && bytes > 1000]')).toMatchObject({ kind: 'invalid', message: 'condition on "bytes", which is not a field of the pattern' });
    expect(failure('[a, b = 1 && (b = 2 || b = 3)]')).toMatchObject({ kind: 'unsupported', message: 'parentheses are only documented in JSON patterns' });
    expect(failure('[a, a]')).toMatchObject({ kind: 'invalid', message: 'field name "a" is used twice' });
    expect(failure('[w1=!ERROR, w2]')).toMatchObject({ kind: 'invalid' });
    expect(failure('[a b]')).toMatchObject({ kind: 'invalid' });
    expect(failure('[a, b')).toMatchObject({ kind: 'invalid', message: 'a space-delimited pattern must end with "]"' });
    expect(failure('[]')).toMatchObject({ kind: 'invalid' });
    expect(failure('[..., b = 1 && $.x = 2]')).toMatchObject({ kind: 'invalid' });
  });
});

describe('filterPatternMatcher / describeFilterPatternError', () => {
  it('parses once and returns a predicate, or the error', () => {
    // Prepare / Act
    const good = filterPatternMatcher('?ERROR ?WARN');
    const bad = filterPatternMatcher('{ $.a EXISTS }');

    // Assess
    expect(good.ok && [good.value(E503), good.value(I200)]).toEqual([true, false]);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(describeFilterPatternError('{ $.a EXISTS }', bad.error)).toBe('filter pattern "{ $.a EXISTS }" at 6: unsupported: "EXISTS" is not documented (NOT EXISTS is; for "exists" compare with = *)');
  });
});

/** Lines of healthy requests, in API Gateway's INFO-level execution-log wording. */
const HEALTHY_EXECUTION_LINES = [
  'Extended Request Id: Xy7Qk1mNoPqRsT=',
  'Starting execution for request: 7d3f9a2e-1b4c-4e8a-9f0d-2c6b8e1a4f70',
  'HTTP Method: GET, Resource Path: /orders/{id}',
  'Method request path: {id=ord_1}',
  'Method request query string: {}',
  'Method request headers: {Accept=application/json, Host=k7m2p9q4rx.execute-api.us-east-1.amazonaws.com, X-Forwarded-For=198.51.100.24}',
  'Method request body before transformations: ',
  'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
  'Endpoint request headers: {x-amzn-lambda-integration-tag=7d3f9a2e, Authorization=****a1b2c3, X-Amz-Date=20261120T140500Z, X-Amz-Source-Arn=arn:aws:execute-api:us-east-1:123456789012:k7m2p9q4rx/prod/GET/orders/{id}}',
  'Endpoint request body after transformations: {"resource":"/orders/{id}","path":"/orders/ord_1","httpMethod":"GET"}',
  'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
  'Received response. Status: 200, Integration latency: 15 ms',
  'Endpoint response headers: {Date=Fri, 20 Nov 2026 14:05:00 GMT, Content-Type=application/json, Content-Length=87, Connection=keep-alive, x-amzn-RequestId=0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10}',
  'Endpoint response body before transformations: {"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\\"id\\":\\"ord_1\\",\\"status\\":\\"ready\\"}"}',
  'Method response body after transformations: {"id":"ord_1","status":"ready"}',
  'Method response headers: {Content-Type=application/json}',
  'Successfully completed execution',
  'Method completed with status: 200',
  'Method completed with status: 404',
  'Method completed with status: 429',
  'AWS Integration Endpoint RequestId : 0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10',
  'X-ray Tracing ID : 1-6763c1a4-2f8e1b9d0c7a6e5f4d3c2b1a',
];

describe('the diagnosis patterns (failure-patterns.ts)', () => {
  const execution = parsed(EXECUTION_FAILURE_PATTERN);
  const access = parsed(ACCESS_FAILURE_PATTERN);
  const RID = '(7d3f9a2e-1b4c-4e8a-9f0d-2c6b8e1a4f70) ';

  it('are patterns CloudWatch accepts: "any of" terms, within the length limit', () => {
    // Prepare / Act / Assess
    expect(execution.kind).toBe('any-term');
    expect(access.kind).toBe('any-term');
    expect(EXECUTION_FAILURE_PATTERN.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
  });

  it.each(RULES.filter((r) => r.on !== 'response-type' && GATEWAY_LOG_TARGETS.has(r.on)).map((r) => [r.id, r.example] as const))(
    'the execution-log pattern selects the wording of rule %s',
    (_id, example) => {
      // Prepare / Act / Assess
      expect(matchesFilterPattern(execution, example)).toBe(true);
      expect(matchesFilterPattern(execution, `${RID}${example}`)).toBe(true);
    },
  );

  it.each(RULES.filter((r) => r.on === 'response-type').map((r) => [r.id, r.example] as const))(
    'the access-log pattern selects the response type of rule %s',
    (_id, example) => {
      // Prepare / Act / Assess
      expect(matchesFilterPattern(access, example)).toBe(true);
      expect(matchesFilterPattern(access, JSON.stringify({ requestId: 'r1', status: '502', responseType: example }))).toBe(true);
    },
  );

  it('the access-log pattern selects rows whose format logs only the error text, not the response type', () => {
    // Prepare
    const rows = [
      { requestId: 'r1', status: '502', integrationError: "Lambda Customer Function Error:'ORDERS_TABLE'" },
      { requestId: 'r2', status: '504', errorMessage: 'Endpoint request timed out' },
    ].map((r) => JSON.stringify(r));

    // Act / Assess
    expect(rows.filter((r) => matchesFilterPattern(access, r))).toEqual(rows);
  });

  it.each(HEALTHY_EXECUTION_LINES)('neither pattern selects the healthy line %s', (line) => {
    // Prepare / Act / Assess
    expect(matchesFilterPattern(execution, `${RID}${line}`)).toBe(false);
    expect(matchesFilterPattern(access, `${RID}${line}`)).toBe(false);
  });

  it('the access-log pattern does not select a healthy row', () => {
    // Prepare
    const row = JSON.stringify({ requestId: 'r3', status: '200', responseType: '-', integrationError: '-', errorMessage: '-' });

    // Act / Assess
    expect(matchesFilterPattern(access, row)).toBe(false);
  });
});
