/**
 * End to end for HTTP APIs (API Gateway v2): the CLI diagnoses the recorded account of an HTTP API re-created
 * under a new id (`--api-id` finds it is HTTP), replays the HTTP API `5xx` alarm (dimension ApiId) against it,
 * and `--api-id` diagnoses a REST API exactly as `--rest-api-id` does.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECORDING = join(ROOT, 'events', 'accounts', 'http-api-recreated.json');
const API = 'h7tq2xk9wb';
const OLD_API = 'q3m8v5k1zd';

interface CheckJson {
  readonly id: string;
  readonly status: string;
  readonly message: string;
  readonly fix: { readonly cli: string; readonly requests: readonly { readonly operation: string; readonly input: Readonly<Record<string, unknown>> }[] } | null;
}

interface DiagnosisJson {
  readonly api: Readonly<Record<string, unknown>>;
  readonly checks: readonly CheckJson[];
  readonly causes: readonly { readonly cause: string; readonly confidence: number }[];
  readonly findings: readonly { readonly cause: string; readonly status: number | null }[];
  readonly logSource: string | null;
  readonly notes: readonly string[];
}

describe('diagnose --api-id on an HTTP API', () => {
  it('http-api-recreated: the permission still names the old id; the fix grants the new id for each route', async () => {
    // Act
    const run = await runCli(['diagnose', '--api-id', API, '--stage', '$default', '--recording', RECORDING, '--json']);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as DiagnosisJson;
    expect(out.api).toEqual({ id: API, name: 'orders-http-api', stage: '$default', region: 'us-east-1', account: '123456789012', type: 'HTTP' });
    expect(out.causes[0]?.cause).toBe('missing_invoke_permission');
    expect(out.findings.map((f) => [f.cause, f.status])).toEqual([['missing_invoke_permission', 500], ['missing_invoke_permission', 500], ['missing_invoke_permission', 500]]);
    expect(out.logSource).toBe('/aws/http-api/orders-http-api (access log, 3 rows)');
    const failing = out.checks.filter((c) => c.status === 'fail');
    expect(failing.map((c) => c.id)).toEqual(['invoke-permission', 'invoke-permission']);
    for (const check of failing) expect(check.message).toContain(`allows API ${OLD_API}, not ${API}`);
    expect(failing.map((c) => c.fix?.requests[0]?.input['SourceArn']).sort()).toEqual([
      `arn:aws:execute-api:us-east-1:123456789012:${API}/*/$default`,
      `arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/orders`,
    ]);
    expect(out.checks.filter((c) => c.status === 'skip').map((c) => c.id).sort()).toEqual(['account-cloudwatch-role', 'binary-media-types', 'data-trace', 'execution-logging']);
    expect(out.checks.some((c) => c.message.includes('no record for'))).toBe(false);
    expect(out.notes.some((n) => n.includes('no record for'))).toBe(false);
  });

  it('--rest-api-id stays REST only: an HTTP API id is "no REST API", exit 2', async () => {
    // Act
    const run = await runCli(['diagnose', '--rest-api-id', API, '--stage', '$default', '--recording', RECORDING]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no REST API with id ${API}`);
  });

  it('refuses both id flags at once, and documents --api-id in --help', async () => {
    // Act
    const both = await runCli(['diagnose', '--api-id', API, '--rest-api-id', API, '--stage', '$default', '--recording', RECORDING]);
    const help = await runCli(['diagnose', '--help']);

    // Assess
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give one of --api-id and --rest-api-id, not both');
    expect(help.stdout).toContain('--api-id ID');
    expect(help.stdout).toContain('HTTP APIs have no execution logs');
  });

  it('--api-id on a REST API gives exactly what --rest-api-id gives', async () => {
    // Prepare
    const rest = join(ROOT, 'events', 'accounts', 'permission-lost-after-recreate.json');

    // Act
    const byApiId = await runCli(['diagnose', '--api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', rest, '--json']);
    const byRestId = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', rest, '--json']);

    // Assess
    expect(byApiId.code).toBe(byRestId.code);
    expect(JSON.parse(byApiId.stdout)).toEqual(JSON.parse(byRestId.stdout));
  });
});

describe('replay of the HTTP API 5xx alarm (dimension ApiId)', () => {
  it('diagnoses the HTTP API the alarm names and opens its incidents', async () => {
    // Act
    const run = await runCli(['replay', join(ROOT, 'events', 'alarm-http-api-5xx.json'), '--recording', RECORDING, '--json']);

    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { diagnoses: readonly DiagnosisJson[]; incidents: readonly { key: string; plan: readonly { action: string | null; mode: string }[] }[] };
    expect(out.diagnoses.map((d) => [d.api['id'], d.api['type'], d.causes[0]?.cause])).toEqual([[API, 'HTTP', 'missing_invoke_permission']]);
    expect(out.incidents.map((i) => i.key)).toEqual([
      `123456789012|us-east-1|${API}|$default|missing_invoke_permission|GET /orders`,
      `123456789012|us-east-1|${API}|$default|missing_invoke_permission|POST /checkout`,
    ]);
    expect(out.incidents[0]?.plan.map((s) => [s.action, s.mode])).toEqual([['add-invoke-permission', 'dry-run'], ['add-invoke-permission', 'dry-run']]);
  });
});
