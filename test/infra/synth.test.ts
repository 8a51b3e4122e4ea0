/**
 * The one test that synthesizes with bundling: `npm run synth` (cdk synth -q through cdk.json's
 * `npx tsx infra/app.ts`) in a clean environment, with no AWS credentials, no AWS configuration and an
 * empty home directory, into a temporary output folder. It must exit 0 with cdk-nag passing, and every
 * function's asset must be the esbuild bundle of its handler.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, '..', '..');

let work: string;
let out: string;
let result: { code: number; stdout: string; stderr: string; ms: number };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'apigw-doctor-synth-'));
  out = join(work, 'cdk.out');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: work,
    // Nowhere to find credentials or a profile: synth must not need them.
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
  const started = Date.now();
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'synth', '--', '-o', out], { cwd: REPO_ROOT, env, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 });
    result = { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    result = { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error), ms: Date.now() - started };
  }
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run synth (offline, no credentials, with bundling)', () => {
  it('exits 0 with cdk-nag passing', () => {
    // Assess
    expect(result.stderr).not.toMatch(/Synthesis finished with errors|AwsSolutions-/);
    expect(result.code, result.stderr).toBe(0);
    const report = join(out, 'validation-report.json');
    if (existsSync(report)) {
      const violations = (JSON.parse(readFileSync(report, 'utf8')) as { pluginReports?: { violations?: unknown[] }[] }).pluginReports?.flatMap((p) => p.violations ?? []) ?? [];
      expect(violations).toEqual([]);
    }
    // Reported, not asserted: speed goals belong in benchmarks.
    process.stdout.write(`npm run synth took ${result.ms} ms\n`);
  });

  it('bundles each of the four handlers into its own ESM asset', () => {
    // Prepare
    const template = JSON.parse(readFileSync(join(out, 'ApigwDoctor.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> };
    const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');

    // Act
    const assets = functions.map(([id, r]) => [id.replace(/Function[0-9A-F]{8}$/, ''), r.Metadata?.['aws:asset:path'] ?? ''] as const);

    // Assess
    expect(assets.map(([name]) => name).sort()).toEqual(['AlarmIngest', 'Coverage', 'LogIngest', 'Worker']);
    for (const [, path] of assets) {
      const files = readdirSync(join(out, path));
      expect(files).toContain('index.mjs');
      const code = readFileSync(join(out, path, 'index.mjs'), 'utf8');
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
      expect(code.startsWith("import { createRequire as __cr } from 'node:module';")).toBe(true);
    }
  });
});
