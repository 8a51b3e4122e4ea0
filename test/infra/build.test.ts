import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { buildAll, BUDGETED_FUNCTIONS, functionNames, MAX_FUNCTION_BYTES } from '../../scripts/build.ts';
import { captureOutput, lambdaContext, loadEvent, REPO_ROOT, stubLambdaEnv } from '../unit/functions/lambda-harness.ts';

const run = promisify(execFile);
const RESULT_MARKER = 'HANDLER-RESULT ';

/** Runs in a plain `node` process: imports a built artifact and invokes its handler once, as Lambda would. */
const RUNNER = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventFile, functionName] = process.argv.slice(2);
const mod = await import(pathToFileURL(bundle).href);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + functionName,
  memoryLimitInMB: '256',
  awsRequestId: '0c5e8a14-2f7b-4d39-b6a1-9e3d7c2f5b08',
  logGroupName: '/aws/lambda/' + functionName,
  logStreamName: '2026/11/20/[$LATEST]4f1c9e2a7b3d45e8a6c0d9b2e7f1a3c5',
  getRemainingTimeInMillis: () => 30000,
  done: () => undefined, fail: () => undefined, succeed: () => undefined,
};
const result = await mod.handler(event, context);
process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify({ exports: Object.keys(mod).sort(), result }) + '\\n');
`;

let workDir: string;
let outDir: string;
let runtimeModules: string;
let built: Array<{ name: string; file: string; bytes: number }>;
/** A loopback stand-in for SQS (JSON protocol) that the built handlers queue their work items to. */
let sqsServer: Server;
let queueUrl: string;
/** The message bodies the loopback queue received, in order. */
let received: unknown[] = [];
/** The source handlers (run in this process) queue through a mocked client instead. */
const sqsMock = mockClient(SQSClient);

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'apigw-doctor-build-'));
  outDir = join(workDir, 'dist', 'functions');
  built = await buildAll(outDir);
  // Stand-in for the nodejs24.x runtime's own node_modules: it provides the AWS SDK v3 clients and
  // nothing else (its @smithy versions may differ from ours), so an artifact that needs any other
  // package, @smithy included, fails to load here too.
  // It sits above dist/, where both import (ESM, which ignores NODE_PATH) and require() look; Lambda
  // resolves the runtime's SDK for ES modules and CommonJS alike.
  runtimeModules = join(workDir, 'node_modules');
  mkdirSync(runtimeModules, { recursive: true });
  for (const scope of ['@aws-sdk']) {
    const target = join(REPO_ROOT, 'node_modules', scope);
    if (existsSync(target)) symlinkSync(target, join(runtimeModules, scope), 'dir');
  }
  writeFileSync(join(workDir, 'run-handler.mjs'), RUNNER);
  sqsServer = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const input = JSON.parse(text) as { Entries?: Array<{ Id: string; MessageBody: string }> };
      const entries = input.Entries ?? [];
      for (const e of entries) received.push(JSON.parse(e.MessageBody) as unknown);
      // The SQS client checks each MD5OfMessageBody against what it sent.
      const Successful = entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') }));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'loopback' });
      res.end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  await new Promise<void>((resolve) => sqsServer.listen(0, '127.0.0.1', resolve));
  queueUrl = `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}/123456789012/apigw-doctor-work`;
}, 20_000);

afterAll(async () => {
  await new Promise<void>((resolve) => sqsServer.close(() => resolve()));
  await rm(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id ?? ''}`, MD5OfMessageBody: '0' })), Failed: [] }));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The artifact built for one function; fails the test when it is missing. */
function artifact(name: string): { name: string; file: string; bytes: number } {
  const found = built.find((b) => b.name === name);
  if (found === undefined) throw new Error(`no artifact built for ${name}`);
  return found;
}

/** Invokes a built artifact in a separate `node` process with the Lambda environment and returns its output. */
async function invokeBuilt(name: string, eventFile: string): Promise<{ exports: string[]; result: unknown; stdout: string; queued: unknown[] }> {
  const functionName = `apigw-doctor-${name}`;
  const { stdout } = await run(process.execPath, [join(workDir, 'run-handler.mjs'), artifact(name).file, join(REPO_ROOT, 'events', eventFile), functionName], {
    cwd: workDir,
    timeout: 15_000,
    env: {
      // As in Lambda, where NODE_PATH lists /var/runtime/node_modules (require() honours it).
      NODE_PATH: runtimeModules,
      AWS_REGION: 'us-east-1',
      WORK_QUEUE_URL: queueUrl,
      // Credentials the SDK can sign with; the loopback queue does not check them.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (line === undefined) throw new Error(`the built ${name} handler printed no result:\n${stdout}`);
  const parsed = JSON.parse(line.slice(RESULT_MARKER.length)) as { exports: string[]; result: unknown };
  return { ...parsed, stdout, queued: received };
}

/** Invokes the unbundled source handler in this process (output silenced) for comparison; returns its result and the messages it queued. */
async function invokeSource(name: 'log-ingest' | 'alarm-ingest', eventFile: string): Promise<{ result: unknown; queued: unknown[] }> {
  vi.resetModules();
  stubLambdaEnv(`apigw-doctor-${name}`);
  const mod = name === 'log-ingest' ? await import('../../functions/log-ingest/handler.ts') : await import('../../functions/alarm-ingest/handler.ts');
  captureOutput();
  const result: unknown = await mod.handler(loadEvent(eventFile), lambdaContext(`apigw-doctor-${name}`, '0c5e8a14-2f7b-4d39-b6a1-9e3d7c2f5b08'));
  const queued = sqsMock.commandCalls(SendMessageBatchCommand).flatMap((call) => (call.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? 'null') as unknown));
  return { result, queued };
}

/** A queued work item without the time it was made (source and build run at different moments). */
function timeless(item: unknown): unknown {
  return JSON.parse(JSON.stringify(item, (key, value: unknown) => (/^(at|time|queuedAt|receivedAt|createdAt)$/u.test(key) ? '<time>' : value))) as unknown;
}

/** JSON lines a process printed. */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('buildAll', () => {
  it('builds exactly one artifact per functions/<name>/handler.ts, including both ingest handlers', async () => {
    // Prepare
    const names = await functionNames();

    // Act
    const builtNames = built.map((b) => b.name);

    // Assess
    expect(names).toEqual(expect.arrayContaining(['alarm-ingest', 'log-ingest']));
    expect(builtNames).toEqual(names);
    for (const b of built) {
      expect(b.file).toBe(join(outDir, b.name, 'index.mjs'));
      expect(b.bytes).toBe(statSync(b.file).size);
    }
  });

  it.each(['log-ingest', 'alarm-ingest'])('%s: a non-empty ESM file within the 300 KB budget exporting handler, with a source map', (name) => {
    // Prepare
    const { file, bytes } = artifact(name);

    // Act
    const text = readFileSync(file, 'utf8');

    // Assess
    expect(bytes).toBeGreaterThan(0);
    expect(BUDGETED_FUNCTIONS).toContain(name);
    expect(MAX_FUNCTION_BYTES).toBe(300 * 1024);
    expect(bytes).toBeLessThanOrEqual(MAX_FUNCTION_BYTES);
    expect(text).toMatch(/export\s*\{\s*[\w$]+ as handler\s*\};?\s*\/\/# sourceMappingURL=index\.mjs\.map\s*$/u);
    expect(existsSync(`${file}.map`)).toBe(true);
  });

  it.each(['log-ingest', 'alarm-ingest'])('%s: bundles its own sources but no @aws-sdk client code (the runtime provides the SDK)', (name) => {
    // Prepare
    const map = JSON.parse(readFileSync(`${artifact(name).file}.map`, 'utf8')) as { sources: string[] };

    // Act
    const sdkSources = map.sources.filter((s) => /node_modules\/@aws-sdk\//u.test(s));

    // Assess
    expect(map.sources.some((s) => s.endsWith(`functions/${name}/handler.ts`))).toBe(true);
    expect(map.sources.some((s) => s.endsWith('shared/observability.ts'))).toBe(true);
    expect(sdkSources).toEqual([]);
  });

  it.each(['log-ingest', 'alarm-ingest'])('%s: validates with zod/mini: no full zod and no locale but English in the bundle', (name) => {
    // Prepare
    const map = JSON.parse(readFileSync(`${artifact(name).file}.map`, 'utf8')) as { sources: string[] };

    // Act
    const zodSources = map.sources.filter((s) => /node_modules\/zod\//u.test(s));
    const heavy = zodSources.filter((s) => /\/zod\/v4\/(classic|v3)\/|\/zod\/v4\/locales\/(?!en\.js$|index\.js$)/u.test(s));

    // Assess
    expect(zodSources.some((s) => s.includes('zod/v4/mini/'))).toBe(true);
    expect(heavy).toEqual([]);
  });
});

describe('built artifacts run in node', () => {
  it('log-ingest: the built handler classifies the malformed sample like the source handler does', async () => {
    // Prepare
    const expected = await invokeSource('log-ingest', 'logs-execution-malformed.json');

    // Act
    const built = await invokeBuilt('log-ingest', 'logs-execution-malformed.json');

    // Assess
    expect(expected.result).toEqual({ findings: 1, queued: 1 });
    expect(built.exports).toEqual(['handler']);
    expect(built.result).toEqual(expected.result);
    expect(built.queued.map(timeless)).toEqual(expected.queued.map(timeless));
    const lines = jsonLines(built.stdout);
    expect(lines.filter((l) => l['message'] === '5xx classified').map((l) => l['cause'])).toEqual(['malformed_proxy_response']);
    expect(lines.filter((l) => l['Findings'] !== undefined).map((l) => l['Findings'])).toEqual([1]);
  });

  it('alarm-ingest: the built handler turns the EventBridge 5xx alarm into one signal like the source handler does', async () => {
    // Prepare
    const expected = await invokeSource('alarm-ingest', 'alarm-eventbridge-5xx.json');

    // Act
    const built = await invokeBuilt('alarm-ingest', 'alarm-eventbridge-5xx.json');

    // Assess
    expect(expected.result).toEqual({ signals: 1, queued: 1 });
    expect(built.exports).toEqual(['handler']);
    expect(built.result).toEqual(expected.result);
    expect(built.queued.map(timeless)).toEqual(expected.queued.map(timeless));
    const lines = jsonLines(built.stdout);
    expect(lines.filter((l) => l['message'] === '5xx alarm signal').map((l) => l['alarm'])).toEqual(['orders-api-prod-5xx']);
    expect(lines.filter((l) => l['AlarmSignals'] !== undefined).map((l) => l['AlarmSignals'])).toEqual([1]);
  });
});
