/**
 * `apigw-doctor check-response` on the inputs that are not a clean JSON value: what it answers and
 * with which exit code (0 valid, 1 invalid, 2 cannot judge), and that it never says "valid" for a
 * response it could not see whole.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

const LOG_PREFIX = '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: ';

interface VerdictJson {
  status: number;
  valid: boolean;
  violations: Array<{ path: string; rule: string }>;
  clientBody: string | null;
  converted?: string;
}

describe('apigw-doctor check-response: statusCode 0', () => {
  it('says the client gets 502 (REST) or 500 (HTTP API), not 0, and exits 1', async () => {
    // Prepare / Act
    const rest = await runCli(['check-response', '-', '--json'], '{"statusCode":0}');
    const http = await runCli(['check-response', '-', '--api', 'http', '--json'], '{"statusCode":0}');

    // Assess
    expect(rest.code).toBe(1);
    expect(JSON.parse(rest.stdout)).toMatchObject({ status: 502, valid: false, violations: [{ path: 'statusCode', rule: 'status-code-out-of-range' }] });
    expect(http.code).toBe(1);
    expect(JSON.parse(http.stdout)).toMatchObject({ status: 500, valid: false });
  });
});

describe('apigw-doctor check-response: printed Python dicts and JavaScript objects', () => {
  it('checks a Python dict as the JSON the runtime sends and says so, in the text report', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-'], "{'statusCode': 200, 'body': 'x', 'isBase64Encoded': False}\n");

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('the client gets 200 with body x');
    expect(run.stdout).toContain('note: python-dict: The input is a Python dict as print() shows it');
    expect(run.stderr).toBe('');
  });

  it('adds "converted" to the JSON output only when the input was converted', async () => {
    // Prepare / Act
    const printed = await runCli(['check-response', '-', '--json'], '{statusCode: 200, body: "ok"}');
    const json = await runCli(['check-response', '-', '--json'], '{"statusCode": 200, "body": "ok"}');

    // Assess
    const out = JSON.parse(printed.stdout) as VerdictJson;
    expect(printed.code).toBe(0);
    expect(Object.keys(out)).toEqual(['status', 'valid', 'violations', 'clientBody', 'converted']);
    expect(out).toMatchObject({ status: 200, valid: true, clientBody: 'ok' });
    expect(out.converted).toMatch(/^javascript-object: /);
    expect(Object.keys(JSON.parse(json.stdout) as VerdictJson)).toEqual(['status', 'valid', 'violations', 'clientBody']);
  });

  it('finds the broken rule inside a converted Python dict and exits 1', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], "{'statusCode': 200, 'body': {'hey': 'dude'}}");

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as VerdictJson;
    expect(out.violations.map((v) => v.rule)).toEqual(['body-not-string']);
    // Only single-quoted strings: Python or JavaScript, either way the runtime sends the same JSON.
    expect(out.converted).toMatch(/^printed-object: /);
  });

  it('treats a printed dict in an execution-log line as what API Gateway got: not JSON, 502, exit 1', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], `${LOG_PREFIX}{'statusCode': 200, 'body': 'x'}`);

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 502, violations: [{ rule: 'not-json' }] });
  });
});

describe('apigw-doctor check-response: cannot judge', () => {
  it.each([
    ['JavaScript source', '{ statusCode: 200, body: JSON.stringify(x) }', 'JSON.stringify(x)'],
    ['a cut log line whose visible part is clean', `${LOG_PREFIX}{"statusCode":200,"body":"{\\"items\\":[1,2, [TRUNCATED]`, '[TRUNCATED]'],
  ])('%s: exit 2 with one line giving the reason, nothing on stdout, with or without --json', async (_what, input, reason) => {
    // Prepare / Act
    const runs = [await runCli(['check-response', '-'], input), await runCli(['check-response', '-', '--json'], input)];

    // Assess
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^apigw-doctor: cannot judge this response: /);
      expect(run.stderr).toContain(reason);
      expect(run.stderr).not.toContain('API Gateway accepts');
    }
  });

  it('still judges a cut line whose visible part is already wrong: exit 1', async () => {
    // Prepare / Act
    const run = await runCli(['check-response', '-', '--json'], `${LOG_PREFIX}{"statusCode":200,"body":{"message":"long [TRUNCATED]`);

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 502, valid: false, violations: [{ rule: 'body-not-string' }] });
  });
});
