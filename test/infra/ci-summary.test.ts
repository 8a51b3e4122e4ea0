/**
 * The CI summariser (.ci/summary.mjs): the closing "N passed, N failed" line must count a test file
 * that failed to load, whatever else failed, and the script's exit status must say so.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const SUMMARY_SCRIPT = join(REPO_ROOT, '.ci', 'summary.mjs');

/** What `summarise` returns (the module is plain JavaScript, so its type is stated here). */
interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly lines: readonly string[];
}
type Summarise = (report: unknown, options?: { readonly cwd?: string; readonly exitStatus?: number }) => Summary;

const { summarise } = (await import(pathToFileURL(SUMMARY_SCRIPT).href)) as { summarise: Summarise };

/** One file entry of vitest's JSON report, with only the fields the summariser reads. */
function file(name: string, status: 'passed' | 'failed', message: string, tests: readonly ('passed' | 'failed' | 'skipped')[]) {
  return { name: join(REPO_ROOT, name), status, message, assertionResults: tests.map((s, i) => ({ title: `t${i}`, status: s })) };
}

/** A report shaped like vitest 4's: a file that threw at import, a file with one failing test, passes. */
const MIXED_REPORT = {
  numPassedTests: 3,
  numFailedTests: 1,
  numFailedTestSuites: 2,
  success: false,
  testResults: [
    file('test/unit/a.test.ts', 'failed', "Cannot find module './gone.ts'\n    at import (a.test.ts:1:1)", []),
    file('test/unit/b.test.ts', 'failed', '', ['passed', 'failed']),
    file('test/unit/c.test.ts', 'passed', '', ['passed', 'passed']),
  ],
};

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-summary-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('summarise', () => {
  it('counts a file that failed to load even when a test failed too, and names it before the closing line', () => {
    // Prepare
    const report = structuredClone(MIXED_REPORT);

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT });

    // Assess
    expect(summary.failed).toBe(2);
    expect(summary.lines).toStrictEqual(["failed to load or set up: test/unit/a.test.ts: Cannot find module './gone.ts'", '3 passed, 2 failed']);
  });

  it('counts a load failure when it is the only failure', () => {
    // Prepare
    const report = {
      numPassedTests: 2,
      numFailedTests: 0,
      success: false,
      testResults: [file('test/unit/a.test.ts', 'failed', 'boom at load', []), file('test/unit/c.test.ts', 'passed', '', ['passed', 'passed'])],
    };

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT });

    // Assess
    expect(summary.lines).toStrictEqual(['failed to load or set up: test/unit/a.test.ts: boom at load', '2 passed, 1 failed']);
  });

  it('counts a file whose beforeAll threw (its tests skipped) as one failure', () => {
    // Prepare
    const report = { numPassedTests: 0, numFailedTests: 0, success: false, testResults: [file('test/unit/h.test.ts', 'failed', 'hook broke', ['skipped', 'skipped'])] };

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT });

    // Assess
    expect([summary.failed, summary.lines.at(-1)]).toStrictEqual([1, '0 passed, 1 failed']);
  });

  it('does not count a file twice when its failure is a failing test', () => {
    // Prepare
    const report = { numPassedTests: 1, numFailedTests: 2, success: false, testResults: [file('test/unit/b.test.ts', 'failed', '', ['passed', 'failed', 'failed'])] };

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT });

    // Assess
    expect(summary.lines).toStrictEqual(['1 passed, 2 failed']);
  });

  it('closes a green run with "N passed, 0 failed" and nothing else', () => {
    // Prepare
    const report = { numPassedTests: 4, numFailedTests: 0, success: true, testResults: [file('test/unit/c.test.ts', 'passed', '', ['passed', 'passed', 'passed', 'passed'])] };

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT, exitStatus: 0 });

    // Assess
    expect(summary).toStrictEqual({ passed: 4, failed: 0, lines: ['4 passed, 0 failed'] });
  });

  it.each([
    ['success is false', { success: false }, {}],
    ['vitest exited non-zero', { success: true }, { exitStatus: 1 }],
  ])('never says "0 failed" when %s although no file failed', (_title, extra, options) => {
    // Prepare
    const report = { numPassedTests: 1, numFailedTests: 0, ...extra, testResults: [file('test/unit/c.test.ts', 'passed', '', ['passed'])] };

    // Act
    const summary = summarise(report, { cwd: REPO_ROOT, ...options });

    // Assess
    expect(summary.failed).toBe(1);
    expect(summary.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('reports a report without counts as a failure', () => {
    // Act
    const summary = summarise({ testResults: [] });

    // Assess
    expect(summary.lines).toStrictEqual(['the vitest report holds no test counts', '0 passed, 1 failed']);
  });
});

describe('node .ci/summary.mjs', () => {
  it('prints the load failure, then the closing line last, and exits 1', async () => {
    // Prepare
    const dir = await tempDir();
    const reportPath = join(dir, 'report.json');
    await writeFile(reportPath, JSON.stringify(MIXED_REPORT));

    // Act
    const result = await run(process.execPath, [SUMMARY_SCRIPT, reportPath, '1'], { cwd: REPO_ROOT }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

    // Assess
    expect(result).toStrictEqual({ code: 1, stdout: "failed to load or set up: test/unit/a.test.ts: Cannot find module './gone.ts'\n3 passed, 2 failed\n" });
  });

  it('exits 0 on a green report', async () => {
    // Prepare
    const dir = await tempDir();
    const reportPath = join(dir, 'report.json');
    await writeFile(reportPath, JSON.stringify({ numPassedTests: 2, numFailedTests: 0, success: true, testResults: [] }));

    // Act
    const { stdout } = await run(process.execPath, [SUMMARY_SCRIPT, reportPath, '0'], { cwd: REPO_ROOT });

    // Assess
    expect(stdout).toBe('2 passed, 0 failed\n');
  });

  it('treats a missing report as one failure', async () => {
    // Prepare
    const dir = await tempDir();

    // Act
    const result = await run(process.execPath, [SUMMARY_SCRIPT, join(dir, 'none.json')]).then(
      () => ({ code: 0, last: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, last: error.stdout.trimEnd().split('\n').at(-1) }),
    );

    // Assess
    expect(result).toStrictEqual({ code: 1, last: '0 passed, 1 failed' });
  });

  it('reads a real vitest report: a file that throws at import and a failing test are both counted', async () => {
    // Prepare: a throw-away project in a temp folder, run by this repository's vitest.
    const dir = await tempDir();
    await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.mjs'] } };\n");
    await writeFile(join(dir, 'load.test.mjs'), "import { it } from 'vitest';\nthrow new Error('broken at import');\nit('never runs', () => {});\n");
    await writeFile(join(dir, 'mixed.test.mjs'), "import { expect, it } from 'vitest';\nit('passes', () => expect(1).toBe(1));\nit('fails', () => expect(1).toBe(2));\n");
    const reportPath = join(dir, 'report.json');
    // The nested run must not think it is a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
    const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const status = await run(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile.json=${reportPath}`], { cwd: dir, env }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );

    // Act
    const result = await run(process.execPath, [SUMMARY_SCRIPT, reportPath, String(status)], { cwd: dir }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

    // Assess
    expect(status).not.toBe(0);
    expect(result).toStrictEqual({ code: 1, stdout: 'failed to load or set up: load.test.mjs: broken at import\n1 passed, 2 failed\n' });
  });
});
