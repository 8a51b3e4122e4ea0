/**
 * The compiled CLI (scripts/cli-build.js, cli/bin.js): the freshness check on synthetic folders, the
 * rebuild-or-refuse behaviour of cli/bin.js in a minimal project of its own, and the real CLI built into
 * a temporary folder. Nothing here writes to the project's own sources or dist/.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cliBuildState, MANIFEST_FILE } from '../../scripts/cli-build.js';
import { runCli } from '../support/cli.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const temps: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Writes `text` to `root/rel` and dates it `ageMs` in the past. */
function writeAged(root: string, rel: string, text: string, ageMs = 60_000): void {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const when = new Date(Date.now() - ageMs);
  utimesSync(file, when, when);
}

/** Sets a file's modification time to `ms` since the epoch. */
function setMtime(file: string, ms: number): void {
  utimesSync(file, new Date(ms), new Date(ms));
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('cliBuildState', () => {
  // A whole second: file times go through utimes() as seconds, and must compare exactly equal below.
  const builtAt = Math.floor((Date.now() - 10_000) / 1_000) * 1_000;
  let root: string;
  let outDir: string;

  /** A project with two sources older than a complete build of them. */
  function project(manifest: unknown = { builtAt, entry: 'main.mjs', inputs: ['cli/main.ts', 'shared/x.ts'] }): void {
    root = tempDir('apigw-doctor-state-');
    outDir = join(root, 'dist', 'cli');
    writeAged(root, 'cli/main.ts', 'export {};\n');
    writeAged(root, 'shared/x.ts', 'export {};\n');
    writeAged(root, 'dist/cli/main.mjs', 'export {};\n');
    writeAged(root, `dist/cli/${MANIFEST_FILE}`, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  }

  it('is fresh when every input is older than the build', () => {
    // Prepare
    project();

    // Act
    const state = cliBuildState({ root, outDir });

    // Assess
    expect(state).toEqual({ fresh: true });
  });

  it('is stale, naming the file, when an input changed after the build started', () => {
    // Prepare
    project();
    setMtime(join(root, 'shared/x.ts'), builtAt + 1_000);

    // Act
    const state = cliBuildState({ root, outDir });

    // Assess
    expect(state).toEqual({ fresh: false, reason: 'shared/x.ts changed since the last CLI build' });
  });

  it('is stale when an input carries the very time the build started (it may have missed the write)', () => {
    // Prepare
    project();
    setMtime(join(root, 'cli/main.ts'), builtAt);

    // Act
    const state = cliBuildState({ root, outDir });

    // Assess
    expect(state).toEqual({ fresh: false, reason: 'cli/main.ts changed since the last CLI build' });
  });

  it('is stale when an input is gone', () => {
    // Prepare
    project();
    unlinkSync(join(root, 'shared/x.ts'));

    // Act
    const state = cliBuildState({ root, outDir });

    // Assess
    expect(state).toEqual({ fresh: false, reason: 'shared/x.ts is gone since the last CLI build' });
  });

  it('says there is no build when the manifest or the entry is missing', () => {
    // Prepare
    project();
    const withoutEntry = { root, outDir };
    unlinkSync(join(outDir, 'main.mjs'));
    const other = tempDir('apigw-doctor-state-');

    // Act
    const noEntry = cliBuildState(withoutEntry);
    const noManifest = cliBuildState({ root: other, outDir: join(other, 'dist', 'cli') });

    // Assess
    expect(noEntry).toEqual({ fresh: false, reason: 'no CLI build yet (dist/cli/main.mjs)' });
    expect(noManifest).toEqual({ fresh: false, reason: 'no CLI build yet (dist/cli)' });
  });

  it.each([
    ['not JSON', '{"builtAt":'],
    ['no inputs', { builtAt, entry: 'main.mjs' }],
    ['a time that is not a number', { builtAt: 'yesterday', entry: 'main.mjs', inputs: [] }],
  ])('does not trust a manifest with %s', (_label, manifest) => {
    // Prepare
    project(manifest);

    // Act
    const state = cliBuildState({ root, outDir });

    // Assess
    expect(state).toEqual({ fresh: false, reason: 'the CLI build manifest is unreadable' });
  });
});

describe('cli/bin.js in a project of its own', () => {
  let root: string;
  const greet = join('cli', 'greet.ts');

  beforeAll(() => {
    // A minimal project with the real bin.js and build script, so that sources can be changed freely.
    root = tempDir('apigw-doctor-bin-');
    mkdirSync(join(root, 'cli'), { recursive: true });
    mkdirSync(join(root, 'scripts'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'cli', 'bin.js'), join(root, 'cli', 'bin.js'));
    copyFileSync(join(REPO_ROOT, 'scripts', 'cli-build.js'), join(root, 'scripts', 'cli-build.js'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeAged(root, 'package.json', '{ "name": "mini", "type": "module" }\n');
    writeAged(root, 'tsconfig.json', '{}\n');
    writeAged(root, join('cli', 'main.ts'), "import { greeting } from './greet.ts';\nexport async function main(argv: readonly string[]): Promise<number> {\n  process.stdout.write(`${greeting} ${argv.join(' ')}\\n`);\n  return 0;\n}\n");
    writeAged(root, greet, "export const greeting: string = 'v1';\n");
    for (const f of ['cli/bin.js', 'scripts/cli-build.js']) setMtime(join(root, f), Date.now() - 60_000);
  });

  /** Runs `node cli/bin.js ...args` in the minimal project; never rejects. */
  async function bin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(root, 'cli', 'bin.js'), ...args], { cwd: root, timeout: 15_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('builds on first use, then runs the build without a word, then rebuilds after a source changes, and refuses to run a build that cannot be renewed', async () => {
    // Prepare: nothing built yet.

    // Act
    const first = await bin('a');
    const second = await bin('b');
    writeFileSync(join(root, greet), "export const greeting: string = 'v2';\n");
    const third = await bin('c');
    writeFileSync(join(root, greet), "export const greeting: string = 'v3'\nexport const = ;\n");
    const broken = await bin('d');

    // Assess
    expect(first).toMatchObject({ code: 0, stdout: 'v1 a\n' });
    expect(first.stderr).toMatch(/^apigw-doctor: no CLI build yet \(dist\/cli\): rebuilt dist\/cli in \d+ ms\n$/u);
    expect(second).toEqual({ code: 0, stdout: 'v1 b\n', stderr: '' });
    expect(third).toMatchObject({ code: 0, stdout: 'v2 c\n' });
    expect(third.stderr).toMatch(/^apigw-doctor: cli\/greet\.ts changed since the last CLI build: rebuilt dist\/cli in \d+ ms\n$/u);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^apigw-doctor: cli\/greet\.ts changed since the last CLI build, and rebuilding the CLI failed: cli\/greet\.ts:2:\d+: [^\n]+\n$/u);
  });
});

describe('the real CLI, built into a temporary folder', () => {
  let outDir: string;
  let built: Awaited<ReturnType<typeof buildCli>>;

  beforeAll(async () => {
    // Under the OS temp folder, where neither @aws-sdk/* nor zod can be resolved: a command that
    // imported them at start would fail here.
    outDir = join(tempDir('apigw-doctor-cli-'), 'dist', 'cli');
    built = await buildCli({ root: REPO_ROOT, outDir, logLevel: 'error' });
  }, 30_000);

  /** Runs the compiled entry directly (cli/main.ts runs `main` when it is the entry module). */
  async function compiled(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [built.file, ...args], { cwd: dirname(outDir), timeout: 15_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('writes main.mjs and a manifest of its project inputs (sources and config, no node_modules)', () => {
    // Prepare
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as { builtAt: number; entry: string; inputs: string[] };

    // Act
    const state = cliBuildState({ root: REPO_ROOT, outDir });

    // Assess
    expect(built.file).toBe(join(outDir, 'main.mjs'));
    expect(built.bytes).toBeGreaterThan(0);
    expect(built.startBytes).toBeGreaterThanOrEqual(built.bytes);
    expect(manifest.entry).toBe('main.mjs');
    expect(manifest.inputs).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/account.ts', 'shared/events/schemas.ts', 'package.json', 'tsconfig.json', 'scripts/cli-build.js']));
    expect(manifest.inputs.filter((i) => i.includes('node_modules') || i.startsWith('/'))).toEqual([]);
    expect(built.inputs).toBe(manifest.inputs.length);
    // Fresh unless someone saved a source during this test run (a shared working tree).
    if (!state.fresh) expect(state.reason).toMatch(/changed since the last CLI build$/u);
  });

  it('answers --version and --help exactly like the sources do', async () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const sourceHelp = await runCli(['--help']);

    // Act
    const version = await compiled('--version');
    const help = await compiled('--help');

    // Assess
    expect(version).toEqual({ code: 0, stdout: `apigw-doctor ${pkg.version}\n`, stderr: '' });
    expect(help).toEqual({ code: 0, stdout: sourceHelp.stdout, stderr: '' });
  });

  it('checks a response like the sources do, without loading the AWS SDK or full zod', async () => {
    // Prepare
    const file = join(REPO_ROOT, 'bench', 'fixtures', 'small-proxy-response.json');
    const invalid = join(dirname(outDir), 'invalid.json');
    writeFileSync(invalid, '{"statusCode":200,"body":{"ok":true}}');
    const expectedValid = await runCli(['check-response', file, '--json']);
    const expectedInvalid = await runCli(['check-response', invalid, '--json']);

    // Act
    const valid = await compiled('check-response', file, '--json');
    const invalidRun = await compiled('check-response', invalid, '--json');

    // Assess
    expect(expectedValid.code).toBe(0);
    expect(expectedInvalid.code).toBe(1);
    expect(valid).toEqual({ code: expectedValid.code, stdout: expectedValid.stdout, stderr: '' });
    expect(invalidRun).toEqual({ code: expectedInvalid.code, stdout: expectedInvalid.stdout, stderr: '' });
  });
});

describe('package.json scripts', () => {
  it('builds the CLI on npm ci (prepare) and runs demo and cli through cli/bin.js', () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

    // Act
    const { prepare, demo, cli } = pkg.scripts;

    // Assess
    expect(prepare).toBe('node scripts/cli-build.js');
    expect(demo).toBe('node cli/bin.js demo');
    expect(cli).toBe('node cli/bin.js');
    expect(pkg.bin['apigw-doctor']).toBe('cli/bin.js');
  });
});
