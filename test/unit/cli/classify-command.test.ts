import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli.ts';
import { loadCorpus } from '../../support/corpus.ts';

const RID = '8a699106-8d59-11e8-905d-b3747276ed60';
const TIMEOUT_LOG = `(${RID}) Execution failed due to a timeout error\n(${RID}) Method completed with status: 504\n`;

/** Temp folders the tests made, removed after each test. */
const tempDirs: string[] = [];
function tempDir(): string {
  const made = mkdtempSync(join(tmpdir(), 'apigw-doctor-'));
  tempDirs.push(made);
  return made;
}
afterEach(() => {
  for (const made of tempDirs.splice(0)) rmSync(made, { recursive: true, force: true });
});

describe('apigw-doctor classify', () => {
  it('prints the exact JSON contract and exits 1 on findings', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '-', '--json'], TIMEOUT_LOG);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(Object.keys(out)).toEqual(['findings', 'summary']);
    expect(Object.keys(out.findings[0] ?? {})).toEqual(['cause', 'requestId', 'status', 'evidence', 'details']);
    expect(out.findings[0]).toMatchObject({ cause: 'integration_timeout', requestId: RID, status: 504, evidence: ['Execution failed due to a timeout error', 'Method completed with status: 504'] });
    expect(out.summary).toEqual({ lines: 2, requests: 1 });
    expect(run.stderr).toBe('');
  });

  it('carries the proxyResponse analysis in the details of a malformed-response finding', async () => {
    // Prepare
    const log = [
      `(${RID}) Endpoint response body before transformations: {"statusCode":200,"body":{"ok":true}}`,
      `(${RID}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${RID}) Method completed with status: 502`,
    ].join('\n');

    // Act
    const run = await runCli(['classify', '-', '--json'], log);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { findings: Array<{ cause: string; details: { proxyResponse?: { status: number; violations: Array<{ rule: string }> } } }> };
    expect(out.findings[0]?.cause).toBe('malformed_proxy_response');
    expect(out.findings[0]?.details.proxyResponse?.status).toBe(502);
    expect(out.findings[0]?.details.proxyResponse?.violations.map((v) => v.rule)).toEqual(['body-not-string']);
  });

  it('prints "findings": [] and exits 0 when nothing failed', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '--json', '-'], `(${RID}) Method completed with status: 200\n`);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ findings: [], summary: { lines: 1, requests: 1 } });
  });

  it('writes a report for people: cause in plain words, evidence, what to do', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '-'], TIMEOUT_LOG);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The integration did not answer within the integration timeout [integration_timeout]');
    expect(run.stdout).toContain('| Execution failed due to a timeout error');
    expect(run.stdout).toContain('What to do:');
  });

  it('reads a FILE and classifies every corpus case with the expected top cause', async () => {
    // Prepare
    const dir = tempDir();
    for (const c of loadCorpus()) {
      const file = join(dir, `${c.id}.log`);
      writeFileSync(file, `${c.lines.join('\n')}\n`);

      // Act
      const run = await runCli(['classify', file, '--json']);

      // Assess
      const out = JSON.parse(run.stdout) as { findings: Array<{ cause: string }> };
      const top = out.findings[0]?.cause ?? 'none';
      expect(c.expected, c.id).toContain(top);
      expect(run.code, c.id).toBe(top === 'none' ? 0 : 1);
    }
  });

  it('exits 2 with one line on stderr for a missing file, an unknown flag or no input', async () => {
    // Prepare / Act
    const missing = await runCli(['classify', '/nonexistent/x.log']);
    const badFlag = await runCli(['classify', '--jsn'], '');
    const noInput = await runCli(['classify']);
    const unknown = await runCli(['clasify']);

    // Assess
    for (const run of [missing, badFlag, noInput, unknown]) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
    expect(missing.stderr).toBe('apigw-doctor: /nonexistent/x.log: no such file\n');
    expect(badFlag.stderr).toContain("Unknown option '--jsn'");
    expect(noInput.stderr).toContain('no input');
    expect(unknown.stderr).toContain("unknown command 'clasify'");
  });

  it('answers --help for the command and for the tool', async () => {
    // Prepare / Act
    const command = await runCli(['classify', '--help']);
    const tool = await runCli(['--help']);

    // Assess
    expect(command.code).toBe(0);
    expect(command.stdout).toContain('apigw-doctor classify [FILE|-] [--json]');
    expect(command.stdout).toContain('Exit codes: 0 no failing request, 1 findings, 2 usage or input error.');
    expect(command.stdout).toContain('summary.unreadable');
    for (const text of ['Input (any mix, in any order, from FILE or stdin):', 'JSON (any field names)', '{"findings":[{"cause","requestId","status","evidence":[...],"details":{...}}],"summary":{"lines","requests"}}', 'Examples:']) {
      expect(command.stdout).toContain(text);
    }
    expect(tool.code).toBe(0);
    expect(tool.stdout).toContain('check-response');
  });
});

describe('apigw-doctor check-response', () => {
  it('prints the exact JSON contract for an invalid REST response and exits 1', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], '{"statusCode": 200, "body": {"hey": "dude"}}\n');

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as Record<string, unknown> & { violations: Array<Record<string, unknown>> };
    expect(Object.keys(out)).toEqual(['status', 'valid', 'violations', 'clientBody']);
    expect(out).toMatchObject({ status: 502, valid: false, clientBody: '{"message": "Internal server error"}' });
    expect(out.violations.map((v) => [v['path'], v['rule']])).toEqual([['body', 'body-not-string']]);
    expect(Object.keys(out.violations[0] ?? {})).toEqual(['path', 'rule', 'message', 'fix']);
  });

  it('accepts what AWS accepts: statusCode "201" is a 201', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], '{"statusCode": "201", "body": "created"}');

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 201, valid: true, violations: [], clientBody: 'created' });
  });

  it('infers the 2.0 format for HTTP APIs', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--api', 'http', '--payload-format', '2.0', '--json'], '{"message": "Hello from Lambda!"}');

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 200, valid: true, clientBody: '{"message": "Hello from Lambda!"}' });
  });

  it("gives the README's example output for its example input", async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], '{"statusCode":200,"body":{"ok":true}}\n');

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { status: number; valid: boolean; violations: Array<{ path: string; rule: string }>; clientBody: string };
    expect(out).toMatchObject({ status: 502, valid: false, clientBody: '{"message": "Internal server error"}' });
    expect(out.violations.map((v) => [v.path, v.rule])).toEqual([['body', 'body-not-string']]);
  });

  it('reads the execution-log line itself (text after "Endpoint response body before transformations:") like the bare value', async () => {
    // Prepare
    const value = '{"statusCode":200,"body":{"ok":true}}';
    const line = `(${RID}) Endpoint response body before transformations: ${value}\n`;

    // Act
    const [raw, logged] = [await runCli(['check-response', '-', '--json'], value), await runCli(['check-response', '-', '--json'], line)];

    // Assess
    expect(logged.code).toBe(raw.code);
    expect(logged.stdout).toBe(raw.stdout);
  });

  it('--binary-media-types decides whether isBase64Encoded bodies are decoded or sent as base64 text', async () => {
    // Prepare
    const response = '{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"aGVsbG8=","isBase64Encoded":true}';

    // Act
    const none = await runCli(['check-response', '-', '--json', '--binary-media-types', ''], response);
    const binary = await runCli(['check-response', '-', '--json', '--binary-media-types', 'image/png,application/pdf'], response);

    // Assess
    expect(none.code).toBe(0);
    expect((JSON.parse(none.stdout) as { clientBody: string }).clientBody).toBe('aGVsbG8=');
    expect(binary.code).toBe(0);
    expect((JSON.parse(binary.stdout) as { clientBody: string }).clientBody).toBe('hello');
  });

  it('answers --help with its input, flags, JSON shape and an example', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '--help']);

    // Assess
    expect(run.code).toBe(0);
    for (const text of ['Endpoint response body before transformations:', '--api rest|http', '--payload-format 1.0|2.0', '--binary-media-types LIST', '{"status","valid","violations":[{"path","rule","message","fix"}],"clientBody"}', 'Example:']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('rejects bad flag values with exit 2', async () => {
    // Prepare / Act
    const api = await runCli(['check-response', '-', '--api', 'graphql'], '{}');
    const format = await runCli(['check-response', '-', '--payload-format', '2.0'], '{}');

    // Assess
    expect(api.code).toBe(2);
    expect(api.stderr).toBe("apigw-doctor: --api must be one of rest, http (got 'graphql')\n");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--payload-format applies to HTTP APIs only');
  });
});

describe('apigw-doctor classify on input it cannot read', () => {
  it('reads a UTF-16 file (PowerShell redirect) like its UTF-8 twin', async () => {
    // Prepare
    const dir = tempDir();
    const le = join(dir, 'le.log');
    const be = join(dir, 'be.log');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TIMEOUT_LOG, 'utf16le')]));
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TIMEOUT_LOG, 'utf16le').swap16()]));

    // Act
    const runs = [await runCli(['classify', le, '--json']), await runCli(['classify', be, '--json'])];

    // Assess
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect((JSON.parse(run.stdout) as { findings: Array<{ cause: string; requestId: string }> }).findings.map((f) => [f.cause, f.requestId])).toEqual([['integration_timeout', RID]]);
    }
  });

  it('exits 2 instead of giving an all-clear for input that is not API Gateway logs', async () => {
    // Prepare
    const junk = 'hello world\nthis is not a log\n\u0001\u0002 binary junk\n';

    // Act
    const run = await runCli(['classify', '-'], junk);
    const empty = await runCli(['classify', '-'], '');

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^apigw-doctor: nothing in the input looks like API Gateway logs \(3 lines read\)/);
    expect(run.stdout).toBe('');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('apigw-doctor: the input is empty: nothing to classify\n');
  });
});

describe('apigw-doctor classify on access logs with renamed fields', () => {
  const OTHER = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';

  it('finds the failing request whatever the status and id fields are called, and exits 1', async () => {
    // Prepare
    const rows = `${JSON.stringify({ rid: RID, code: '502', lat: '15' })}\n${JSON.stringify({ rid: OTHER, code: '200', lat: '9' })}\n`;

    // Act
    const run = await runCli(['classify', '-', '--json'], rows);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { findings: Array<{ requestId: string; status: number }>; summary: Record<string, number> };
    expect(out.findings.map((f) => [f.requestId, f.status])).toEqual([[RID, 502]]);
    expect(out.summary).toEqual({ lines: 2, requests: 2 });
    expect(run.stderr).toBe('');
  });

  it('exits 2, not 0, when nothing failed but a row has no status that can be read, and says so in one line', async () => {
    // Prepare
    const rows = `${JSON.stringify({ rid: RID, lat: '15' })}\n${JSON.stringify({ rid: OTHER, code: '200' })}\n`;

    // Act
    const json = await runCli(['classify', '-', '--json'], rows);
    const text = await runCli(['classify', '-'], rows);

    // Assess
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ findings: [], summary: { lines: 2, requests: 2, unreadable: 1 } });
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    expect(json.stderr).toMatch(/^apigw-doctor: 1 access-log row \(line 1\) has no status that could be read, so it is not counted as healthy/);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('1 access-log row (line 1) has no status that could be read');
  });

  it('still exits 1 on findings when other rows are unreadable, and counts them', async () => {
    // Prepare
    const rows = `${JSON.stringify({ rid: RID, code: '504', e: 'Endpoint request timed out' })}\n${JSON.stringify({ rid: OTHER, method: 'GET' })}\n`;

    // Act
    const run = await runCli(['classify', '-', '--json'], rows);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { findings: Array<{ cause: string }>; summary: Record<string, number> };
    expect(out.findings.map((f) => f.cause)).toEqual(['integration_timeout']);
    expect(out.summary).toEqual({ lines: 2, requests: 2, unreadable: 1 });
    expect(run.stderr).toContain('(line 2)');
  });

  it('exits 2 for JSON that carries no access-log mark at all', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '-'], '{"foo": "bar", "n": 502}\n');

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^apigw-doctor: nothing in the input looks like API Gateway logs/);
  });
});

describe('apigw-doctor classify on what else an on-call engineer pastes', () => {
  const REQUEST = '68c4fad4-ca27-49cb-a46d-9603999d8ea2';

  it('a curl -i 4xx: exit 0, and the all-clear says what it read', async () => {
    // Prepare
    const transcript = ['$ curl -i https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/abc', 'HTTP/2 404', `x-amzn-requestid: ${REQUEST}`, 'x-amzn-errortype: MissingAuthenticationTokenException', ''].join('\n');

    // Act
    const run = await runCli(['classify', '-'], transcript);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No 5xx failure found in 4 lines (1 request): 1 request, below 500 (404).\n');
  });

  it('a function log with a timeout: exit 1, the timeout-specific advice, the function log named as the source', async () => {
    // Prepare
    const log = `2020-06-03T07:18:30.907Z ${REQUEST} Task timed out after 6.01 seconds\n`;

    // Act
    const text = await runCli(['classify', '-'], log);
    const json = await runCli(['classify', '-', '--json'], log);

    // Assess
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('The Lambda function hit its own timeout [lambda_function_error]');
    expect(text.stdout).toContain('read from: lambda-log');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [{ cause: 'lambda_function_error', requestId: null, details: { lambdaRequestId: REQUEST, lambdaTimedOutAfterSeconds: 6.01, confidence: 'medium' } }], summary: { lines: 1, requests: 1 } });
  });

  it('bare response headers naming the authorizer: exit 1 instead of "nothing looks like API Gateway logs"', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '-', '--json'], 'x-amzn-ErrorType: AuthorizerConfigurationException\n');

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [{ cause: 'authorizer_error', details: { gatewayErrorType: 'AuthorizerConfigurationException', confidence: 'medium' } }] });
  });

  it('names every new input format in --help', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '--help']);

    // Assess
    for (const text of ['curl -v / curl -i / httpie', 'x-amzn-ErrorType', 'wscat', "the Lambda function's own log", 'Task timed out after N seconds', 'Runtime.ImportModuleError', 'test-invoke-method', 'AxiosError', '{"message": null}', '<TAB or space>', 'An all-clear says what it read']) {
      expect(run.stdout).toContain(text);
    }
  });
});
