/**
 * What `apigw-doctor classify` reads besides plain text: gzip (a file or stdin) is decompressed, and
 * anything that is not text (archives, NUL bytes, invalid UTF-8, control characters) or a JSON
 * document that is not logs ends with exit 2 and one line saying why: never "no failure found".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import type { Io } from '../../../cli/io.ts';
import { runCli, type CliRun } from '../../support/cli.ts';

const RID = '8a699106-8d59-11e8-905d-b3747276ed60';
const TIMEOUT_LOG = `(${RID}) Execution failed due to a timeout error\n(${RID}) Method completed with status: 504\n`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'apigw-doctor-input-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `bytes` to a file of the temp folder and returns its path. */
function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Runs the CLI with `bytes` as standard input, the way the process streams hand it over. */
async function runWithStdinBytes(argv: readonly string[], bytes: Buffer): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: () => Promise.reject(new Error('the bytes must be read through stdinBytes')),
    stdinBytes: async () => bytes,
    stdinIsTty: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Exit 2, nothing on stdout, exactly one line on stderr matching `reason`. */
function expectRefused(run: CliRun, reason: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(reason);
}

describe('apigw-doctor classify: gzip input', () => {
  it('reads a .gz file exactly like the plain file', async () => {
    // Prepare
    const plain = file('api.log', TIMEOUT_LOG);
    const gz = file('api.log.gz', gzipSync(TIMEOUT_LOG));

    // Act
    const [fromPlain, fromGz] = [await runCli(['classify', plain, '--json']), await runCli(['classify', gz, '--json'])];

    // Assess
    expect(fromGz.code).toBe(1);
    expect(fromGz.stdout).toBe(fromPlain.stdout);
    expect(JSON.parse(fromGz.stdout)).toMatchObject({ findings: [{ cause: 'integration_timeout', requestId: RID }] });
  });

  it('knows gzip by its magic bytes, whatever the file is called', async () => {
    // Prepare
    const misnamed = file('export-000000.log', gzipSync(TIMEOUT_LOG));

    // Act
    const run = await runCli(['classify', misnamed, '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [{ cause: 'integration_timeout' }] });
  });

  it('decompresses gzip on stdin (gzip -c x.log | apigw-doctor classify -)', async () => {
    // Prepare
    const bytes = gzipSync(TIMEOUT_LOG);

    // Act
    const [gz, plain] = [await runWithStdinBytes(['classify', '-', '--json'], bytes), await runWithStdinBytes(['classify', '-', '--json'], Buffer.from(TIMEOUT_LOG))];

    // Assess
    expect(gz.code).toBe(1);
    expect(gz.stdout).toBe(plain.stdout);
    expect(gz.stderr).toBe('');
  });

  it('reads concatenated gzip members as one text', async () => {
    // Prepare
    const [first, second] = TIMEOUT_LOG.split(/(?<=\n)/);
    const bytes = Buffer.concat([gzipSync(first ?? ''), gzipSync(second ?? '')]);

    // Act
    const run = await runCli(['classify', file('two-members.gz', bytes), '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { lines: 2, requests: 1 } });
  });

  it('refuses corrupt gzip data with the reason', async () => {
    // Prepare: a gzip stream cut in the middle
    const whole = gzipSync(TIMEOUT_LOG.repeat(50));
    const cut = file('cut.log.gz', whole.subarray(0, Math.floor(whole.length / 2)));

    // Act
    const run = await runCli(['classify', cut]);

    // Assess
    expectRefused(run, /^apigw-doctor: .*cut\.log\.gz: corrupt gzip data \(/);
  });

  it('refuses a .tar.gz: it holds files, not log text', async () => {
    // Prepare: a minimal ustar header (name, then "ustar" at offset 257) and one empty block
    const header = Buffer.alloc(512);
    header.write('api.log', 0, 'latin1');
    header.write('ustar', 257, 'latin1');
    const tar = Buffer.concat([header, Buffer.alloc(1024)]);

    // Act
    const run = await runCli(['classify', file('logs.tar.gz', gzipSync(tar))]);

    // Assess
    expectRefused(run, /a gzip-compressed tar archive: extract the log files first\n$/);
  });
});

describe('apigw-doctor classify: input that is not text', () => {
  it.each([
    ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), /a zip archive: unzip it first/],
    ['bzip2 data', Buffer.from('BZh91AY&SY'), /bzip2-compressed: decompress it first/],
    ['xz data', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), /xz-compressed/],
    ['zstd data', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00]), /zstd-compressed/],
    ['an executable with NUL bytes', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), /not text \(it contains NUL bytes\)/],
    ['Windows-1252 text', Buffer.from([...Buffer.from(`(${RID}) caf`), 0xe9, ...Buffer.from(' Method completed with status: 502\n')]), /not UTF-8 text \(byte 0xe9 at offset 42\): save it as UTF-8/],
    ['control characters without NUL', Buffer.from(Array.from({ length: 200 }, (_, i) => [0x01, 0x02, 0x41, 0x7f][i % 4] ?? 0x41)), /not text \(\d+ control characters/],
  ])('%s: exit 2 with one line, never an all-clear', async (_what, bytes, reason) => {
    // Prepare
    const path = file('input.bin', bytes);

    // Act
    const fromFile = await runCli(['classify', path]);
    const fromStdin = await runWithStdinBytes(['classify', '-'], bytes);

    // Assess
    expectRefused(fromFile, reason);
    expectRefused(fromStdin, reason);
    expect(fromStdin.stderr).toContain('standard input');
  });

  it('refuses text handed over with a NUL character in it (test streams, pipes of strings)', async () => {
    // Prepare / Act
    const run = await runCli(['classify', '-'], `(${RID}) Method completed with status: 502\u0000\u0000\n`);

    // Assess
    expectRefused(run, /^apigw-doctor: standard input: not text \(it contains NUL bytes\)/);
  });

  it('still reads UTF-16 with a byte-order mark (PowerShell) and terminal colours', async () => {
    // Prepare
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TIMEOUT_LOG, 'utf16le')]);
    const coloured = `\u001b[32m${TIMEOUT_LOG.split('\n').join('\u001b[0m\n\u001b[32m')}\u001b[0m`;

    // Act
    const fromUtf16 = await runCli(['classify', file('ps.log', utf16), '--json']);
    const fromColoured = await runCli(['classify', file('tail.log', coloured), '--json']);

    // Assess
    expect(fromUtf16.code).toBe(1);
    expect(JSON.parse(fromUtf16.stdout)).toMatchObject({ findings: [{ cause: 'integration_timeout' }] });
    expect(fromColoured.code).not.toBe(0);
    expect(fromColoured.stderr).not.toContain('not text');
  });
});

describe('apigw-doctor classify: a JSON document that is not logs', () => {
  it.each([
    ['package.json', JSON.stringify({ name: 'my-app', version: '1.0.0', scripts: { test: 'vitest' }, dependencies: { express: '4.18.2' } }, null, 2), 'a JSON object'],
    ['an array of settings', JSON.stringify([{ region: 'eu-west-1', stage: 'prod' }], null, 2), 'a JSON array'],
  ])('%s: exit 2, saying it is a JSON document', async (name, text, kind) => {
    // Prepare
    const path = file(`${name.replace(/\W+/g, '-')}.json`, text);

    // Act
    const run = await runCli(['classify', path]);

    // Assess
    expectRefused(run, new RegExp(`^apigw-doctor: nothing in .* looks like API Gateway logs: it is ${kind} with no access-log row`));
  });

  it('still classifies a Logs Insights JSON export (a JSON document that is logs)', async () => {
    // Prepare
    const text = JSON.stringify(TIMEOUT_LOG.trim().split('\n').map((m, i) => ({ '@timestamp': `2024-06-04 18:49:4${String(i)}.942`, '@message': m })), null, 2);

    // Act
    const run = await runCli(['classify', file('insights.json', text), '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [{ cause: 'integration_timeout' }] });
  });
});

describe('apigw-doctor check-response: the same input handling', () => {
  it('reads a gzip-compressed response and refuses a binary one', async () => {
    // Prepare
    const gz = file('response.json.gz', gzipSync('{"statusCode":200,"body":{"ok":true}}'));
    const binary = file('response.bin', Buffer.from([0x00, 0x01, 0x02, 0x7b]));

    // Act
    const [fromGz, fromBinary] = [await runCli(['check-response', gz, '--json']), await runCli(['check-response', binary])];

    // Assess
    expect(fromGz.code).toBe(1);
    expect(JSON.parse(fromGz.stdout)).toMatchObject({ status: 502, violations: [{ rule: 'body-not-string' }] });
    expectRefused(fromBinary, /not text \(it contains NUL bytes\)/);
  });
});

describe('apigw-doctor replay: the same honesty about what is not an event', () => {
  it('exits 2 with one line for a JSON document that is no AWS event at all', async () => {
    // Prepare
    const path = file('package.json', JSON.stringify({ name: 'my-app', version: '1.0.0', scripts: { test: 'vitest' } }, null, 2));

    // Act
    const run = await runCli(['replay', path, '--offline']);

    // Assess
    expectRefused(run, /^apigw-doctor: .*package\.json: not an AWS event \(event with keys name, version, scripts\)/);
  });

  it('still ignores a real AWS event of another kind with its reason, exit 0', async () => {
    // Prepare
    const path = file('s3.json', JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] }));

    // Act
    const run = await runCli(['replay', path, '--offline', '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { ignored: Array<{ reason: string }> }).ignored[0]?.reason).toContain('aws:s3');
  });
});
