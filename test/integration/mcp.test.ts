/**
 * `apigw-doctor mcp` through the official SDK's real client, against the real server process spawned
 * as a user's agent runs it (`node cli/bin.js mcp`, which runs the compiled CLI and rebuilds it first
 * when a source changed). Every answer is compared with what the CLI prints for the same input, run
 * in-process with `--json`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../support/cli.ts';
import { loadCorpus } from '../support/corpus.ts';
import { redactSecrets } from '../../shared/domain/render/redact.ts';
import { CAUSES } from '../../shared/domain/causes.ts';
import { CAUSE_IDS } from '../../shared/domain/model.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'cli', 'bin.js');
const RID = '8a699106-8d59-11e8-905d-b3747276ed60';
const TIMEOUT_LOG = `(${RID}) Execution failed due to a timeout error\n(${RID}) Method completed with status: 504\n`;
/** The server may rebuild the CLI before it answers (another engineer saved a source): give it time. */
const START_TIMEOUT_MS = 90_000;

/** A connected client and the stderr of its server. */
interface Session {
  readonly client: Client;
  readonly stderr: () => string;
}

const sessions: Session[] = [];

/** Starts `node cli/bin.js mcp ...flags` from the repository root and connects the SDK client to it. */
async function connect(...flags: string[]): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...flags],
    cwd: ROOT,
    env: { ...getDefaultEnvironment(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'apigw-doctor-test', version: '1.0.0' });
  await client.connect(transport, { timeout: START_TIMEOUT_MS });
  const session = { client, stderr: () => stderr };
  sessions.push(session);
  return session;
}

/** Calls a tool; the result as the SDK client returns it (after it validated structuredContent against the listed output schema). */
async function call(session: Session, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await session.client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as CallToolResult;
}

/** What `apigw-doctor ...argv --json` printed, parsed; null when it printed nothing (a usage error). */
async function cliJson(argv: readonly string[], stdin?: string): Promise<{ json: unknown; code: number; stderr: string }> {
  const run = await runCli([...argv, '--json'], stdin);
  return { json: run.stdout === '' ? null : (JSON.parse(run.stdout) as unknown), code: run.code, stderr: run.stderr };
}

/** A JSON value with `redactSecrets` applied to every string: what a tool result must equal. */
function redacted(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redacted);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v)]));
  return value;
}

/** The text parts of a result. */
function texts(result: CallToolResult): string[] {
  return result.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
}

/** Asserts a successful answer: the CLI's JSON (redacted) as structured content, a one-line summary, and the same JSON as text. */
function expectAnswer(result: CallToolResult, cli: unknown): void {
  expect(result.isError ?? false).toBe(false);
  expect(result.structuredContent).toEqual(redacted(cli));
  const [summary, json] = texts(result);
  expect(summary).toMatch(/^[^\n]+$/u);
  expect(JSON.parse(json ?? 'null')).toEqual(result.structuredContent);
}

/** Asserts a tool error: one line, and (when given) the reason the CLI gave. */
function expectToolError(result: CallToolResult, reason?: string | RegExp): string {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  const all = texts(result);
  expect(all).toHaveLength(1);
  const line = all[0] ?? '';
  expect(line).toMatch(/^[^\n]+$/u);
  if (typeof reason === 'string') expect(line).toBe(reason);
  else if (reason !== undefined) expect(line).toMatch(reason);
  return line;
}

/** The one-line reason the CLI printed on stderr, without its `apigw-doctor: ` prefix. */
function cliReason(stderr: string): string {
  return stderr.replace(/^apigw-doctor: /u, '').replace(/\n$/u, '');
}

/** Temp folders the tests made, removed after each test. */
const tempDirs: string[] = [];
function tempDir(): string {
  const made = mkdtempSync(join(tmpdir(), 'apigw-doctor-mcp-'));
  tempDirs.push(made);
  return made;
}
afterEach(() => {
  for (const made of tempDirs.splice(0)) rmSync(made, { recursive: true, force: true });
});

/** A scenario of events/scenarios/: its event file, its mode, and its recording written to a temp file. */
function scenario(file: string): { event: string; mode: 'off' | 'dry-run' | 'apply'; recording: string } {
  const parsed = JSON.parse(readFileSync(join(ROOT, 'events', 'scenarios', file), 'utf8')) as { event: string; mode: 'off' | 'dry-run' | 'apply'; recording: unknown };
  const recording = join(tempDir(), 'recording.json');
  writeFileSync(recording, JSON.stringify(parsed.recording));
  return { event: join(ROOT, parsed.event), mode: parsed.mode, recording };
}

/** The stages a recorded account holds (its GetStage calls), as [apiId, stage]. */
function recordedStage(path: string): [string, string] {
  const recording = JSON.parse(readFileSync(path, 'utf8')) as { calls: Array<{ service: string; operation: string; input: Record<string, unknown> }> };
  const call = recording.calls.find((c) => (c.service === 'api-gateway' || c.service === 'apigatewayv2') && c.operation === 'GetStage');
  // An HTTP API records apigatewayv2 GetStage { ApiId, StageName }.
  return [String(call?.input['restApiId'] ?? call?.input['ApiId']), String(call?.input['stageName'] ?? call?.input['StageName'])];
}

const sampleEvents = readdirSync(join(ROOT, 'events')).filter((f) => f.endsWith('.json')).sort();
const accounts = readdirSync(join(ROOT, 'events', 'accounts')).filter((f) => f.endsWith('.json')).sort();
const scenarios = readdirSync(join(ROOT, 'events', 'scenarios')).filter((f) => f.endsWith('.json')).sort();

let server: Session;

beforeAll(async () => {
  server = await connect();
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  for (const s of sessions.splice(0)) await s.client.close();
});

describe('apigw-doctor mcp: the tools an agent lists', () => {
  it('lists the five tools, each with a description, a bounded input schema and an output schema', async () => {
    // Prepare / Act
    const { tools } = await server.client.listTools();

    // Assess
    expect(tools.map((t) => t.name)).toEqual(['classify_logs', 'check_proxy_response', 'diagnose_api', 'replay_event', 'explain_cause']);
    const byName = new Map(tools.map((t) => [t.name, t]));
    const required = (name: string): unknown => byName.get(name)?.inputSchema.required;
    expect(required('classify_logs')).toEqual(['text']);
    expect(required('check_proxy_response')).toEqual(['response']);
    expect(required('diagnose_api')).toEqual(['apiId', 'stage']);
    expect(required('replay_event')).toEqual(['event']);
    expect(required('explain_cause')).toEqual(['cause']);
    for (const tool of tools) {
      expect(tool.description?.length ?? 0).toBeGreaterThan(200);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
    const property = (tool: string, name: string): Record<string, unknown> => (byName.get(tool)?.inputSchema.properties?.[name] ?? {}) as Record<string, unknown>;
    expect(property('classify_logs', 'text')['maxLength']).toBe(5 * 1024 * 1024);
    expect(property('check_proxy_response', 'response')['maxLength']).toBe(1024 * 1024);
    expect(property('check_proxy_response', 'api')['enum']).toEqual(['rest', 'http']);
    expect(property('replay_event', 'mode')['enum']).toEqual(['off', 'dry-run', 'apply']);
    expect(property('explain_cause', 'cause')['enum']).toEqual([...CAUSE_IDS]);
    expect(String(property('classify_logs', 'text')['description'])).toContain('5 MiB');
    expect(byName.get('diagnose_api')?.outputSchema?.required).toEqual(expect.arrayContaining(['api', 'findings', 'checks', 'causes']));
  });

  it('explains in `mcp --help` how to add the server to an agent, with a valid mcpServers snippet', async () => {
    // Prepare / Act
    const run = await runCli(['mcp', '--help']);

    // Assess
    expect(run.code).toBe(0);
    const snippet = /\{\s*"mcpServers"[\s\S]*?\n {2}\}/u.exec(run.stdout)?.[0] ?? '';
    const config = JSON.parse(snippet) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(config.mcpServers['apigw-doctor']).toMatchObject({ command: 'npx', args: ['apigw-doctor', 'mcp'] });
    expect(run.stdout).toContain('--allow-apply');
  });
});

describe('apigw-doctor mcp: the same answers as the CLI', () => {
  it('classify_logs answers what `classify --json` prints, for every case of the real-log corpus', async () => {
    // Prepare
    const cases = loadCorpus({ includePending: true });
    expect(cases.length).toBeGreaterThan(30);

    for (const c of cases) {
      const text = c.lines.join('\n');

      // Act
      const [result, cli] = await Promise.all([call(server, 'classify_logs', { text }), cliJson(['classify', '-'], text)]);

      // Assess
      if (cli.json === null) expectToolError(result, cliReason(cli.stderr).replace('the input', 'text'));
      else expectAnswer(result, cli.json);
    }
  });

  it('check_proxy_response answers what `check-response --json` prints, for REST and HTTP APIs', async () => {
    // Prepare
    const inputs: Array<{ response: string; api?: 'rest' | 'http'; payloadFormat?: '1.0' | '2.0'; flags: string[] }> = [
      { response: '{"statusCode":200,"body":{"ok":true}}', flags: [] },
      { response: '{"statusCode":201,"headers":{"Content-Type":"text/plain"},"body":"created"}', flags: [] },
      { response: '{"statusCode":"abc","body":"x","extra":1}', api: 'rest', flags: ['--api', 'rest'] },
      { response: '{"statusCode":200,"body":{"ok":true}}', api: 'http', payloadFormat: '1.0', flags: ['--api', 'http', '--payload-format', '1.0'] },
      { response: '"just a string"', api: 'http', flags: ['--api', 'http'] },
      { response: "{'statusCode': 200, 'isBase64Encoded': False, 'body': 'ok'}", flags: [] },
    ];

    for (const input of inputs) {
      // Act
      const result = await call(server, 'check_proxy_response', { response: input.response, ...(input.api ? { api: input.api } : {}), ...(input.payloadFormat ? { payloadFormat: input.payloadFormat } : {}) });
      const cli = await cliJson(['check-response', '-', ...input.flags], input.response);

      // Assess
      expect(cli.json).not.toBeNull();
      expectAnswer(result, cli.json);
      expect(texts(result)[0]).toContain(`answers the client ${String((cli.json as { status: number }).status)}`);
    }
  });

  it('check_proxy_response refuses, with the CLI reason, a response that cannot be judged', async () => {
    // Prepare
    const code = '{ statusCode: 200, body: JSON.stringify(data) }';

    // Act
    const result = await call(server, 'check_proxy_response', { response: code });
    const cli = await cliJson(['check-response', '-'], code);

    // Assess
    expect(cli.code).toBe(2);
    expectToolError(result, cliReason(cli.stderr));
  });

  it('diagnose_api answers what `diagnose --recording --json` prints, for every recorded account', async () => {
    // Prepare
    expect(accounts.length).toBeGreaterThan(3);

    for (const file of accounts) {
      const recording = join(ROOT, 'events', 'accounts', file);
      const [apiId, stage] = recordedStage(recording);

      // Act
      const result = await call(server, 'diagnose_api', { apiId, stage, recording, since: '1h' });
      // diagnose_api takes a REST or HTTP API id, as `diagnose --api-id` does.
      const cli = await cliJson(['diagnose', '--api-id', apiId, '--stage', stage, '--recording', recording, '--since', '1h']);

      // Assess
      expectAnswer(result, cli.json);
      expect(texts(result)[0]).toContain(`API ${apiId} stage ${stage}`);
    }
  });

  it('diagnose_api gives the CLI reason when the recording holds another stage', async () => {
    // Prepare
    const recording = join(ROOT, 'events', 'accounts', accounts[0] ?? '');

    // Act
    const result = await call(server, 'diagnose_api', { apiId: 'zzzzzzzzzz', stage: 'nope', recording });
    const cli = await cliJson(['diagnose', '--rest-api-id', 'zzzzzzzzzz', '--stage', 'nope', '--recording', recording]);

    // Assess
    expect(cli.code).toBe(2);
    expectToolError(result, cliReason(cli.stderr));
  });

  it('replay_event answers what `replay --offline --json` prints, for every sample event (as an object and as JSON text)', async () => {
    // Prepare
    expect(sampleEvents.length).toBeGreaterThan(5);

    for (const [n, file] of sampleEvents.entries()) {
      const text = readFileSync(join(ROOT, 'events', file), 'utf8');
      const event: unknown = n % 2 === 0 ? JSON.parse(text) : text;

      // Act
      const result = await call(server, 'replay_event', { event });
      const cli = await cliJson(['replay', join(ROOT, 'events', file), '--offline']);

      // Assess
      expectAnswer(result, cli.json);
    }
  });

  it('replay_event runs the pipeline against a recording in dry-run, as `replay --recording --json` does', async () => {
    // Prepare
    for (const file of scenarios) {
      const sc = scenario(file);
      const mode = sc.mode === 'apply' ? 'dry-run' : sc.mode;

      // Act
      const result = await call(server, 'replay_event', { event: JSON.parse(readFileSync(sc.event, 'utf8')) as unknown, recording: sc.recording, mode });
      const cli = await cliJson(['replay', sc.event, '--recording', sc.recording, '--mode', mode]);

      // Assess
      expectAnswer(result, cli.json);
      expect((result.structuredContent as { writes: unknown[] }).writes).toEqual([]);
    }
  });

  it('explain_cause says what every cause means, how to confirm it and how to fix it, as the reports do', async () => {
    for (const cause of CAUSE_IDS) {
      // Act
      const result = await call(server, 'explain_cause', { cause });

      // Assess
      expect(result.isError ?? false).toBe(false);
      const out = result.structuredContent as { cause: string; title: string; why: string; confirm: { logWordings: string[]; steps: string[] }; fix: string[] };
      expect(out).toMatchObject({ cause, title: CAUSES[cause].title, why: CAUSES[cause].why, fix: [...CAUSES[cause].todo] });
      expect(out.confirm.logWordings.length).toBeGreaterThan(0);
      expect(out.confirm.steps.join(' ')).toContain('classify_logs');
      expect(texts(result)[0]).toContain(CAUSES[cause].title);
    }
  });
});

describe('apigw-doctor mcp: what an agent must not get', () => {
  it('redacts secrets from every result, where the CLI JSON shows them', async () => {
    // Prepare
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const log = `(${RID}) Lambda execution failed with status 200 due to customer function error: upstream refused Authorization: Bearer ${jwt} for key ${key}. Lambda request id: 0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10\n(${RID}) Method completed with status: 502\n`;
    const response = '{"statusCode":200,"body":"{\\"apiKey\\":\\"k-91c2e7a4d0\\",\\"ok\\":true}"}';

    // Act
    const classified = await call(server, 'classify_logs', { text: log });
    const checked = await call(server, 'check_proxy_response', { response });
    const cliClassified = await cliJson(['classify', '-'], log);
    const cliChecked = await cliJson(['check-response', '-'], response);

    // Assess
    expect(JSON.stringify(cliClassified.json)).toContain(jwt);
    expect(JSON.stringify(cliChecked.json)).toContain('k-91c2e7a4d0');
    for (const secret of [jwt, key, 'k-91c2e7a4d0']) {
      expect(JSON.stringify(classified)).not.toContain(secret);
      expect(JSON.stringify(checked)).not.toContain(secret);
    }
    expectAnswer(classified, cliClassified.json);
    expect((classified.structuredContent as { findings: Array<{ evidence: string[] }> }).findings[0]?.evidence[0]).toContain('Authorization: [REDACTED]');
  });

  it('answers bad arguments with a one-line tool error, and keeps answering', async () => {
    // Prepare
    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
      ['classify_logs', { text: 42 }, /text must be a string/u],
      ['classify_logs', {}, /text is required/u],
      ['classify_logs', { text: TIMEOUT_LOG, lines: 3 }, /unknown argument lines: the arguments are text/u],
      ['classify_logs', { text: 'hello world, nothing to see' }, /^nothing in text looks like API Gateway logs/u],
      ['classify_logs', { text: 'x'.repeat(5 * 1024 * 1024 + 1) }, /text is longer than 5 MiB/u],
      ['classify_logs', { text: 1, junk: true }, /text must be a string.*; .*unknown argument junk/u],
      ['check_proxy_response', { response: '{}', api: 'soap' }, /api must be 'rest' or 'http'/u],
      ['check_proxy_response', { response: '{}', payloadFormat: '1.0' }, /^payloadFormat applies to HTTP APIs only/u],
      ['check_proxy_response', { response: ' ' }, /^response is empty/u],
      ['diagnose_api', { apiId: 'a1b2c3d4e5', stage: 'prod', since: 'forever' }, /since must look like 90s, 30m, 1h or 2d/u],
      ['diagnose_api', { apiId: 'a1b2c3d4e5', stage: 'prod', recording: join(ROOT, 'no-such-recording.json') }, /no-such-recording\.json: no such file$/u],
      ['diagnose_api', { apiId: 'a1b2c3d4e5', stage: 'prod', region: 'Mars' }, /region must be an AWS Region code/u],
      // The server runs without AWS_REGION: the CLI's reason, naming the tool's arguments instead of its flags.
      ['diagnose_api', { apiId: 'a1b2c3d4e5', stage: 'prod' }, /^no region: pass region \(or set AWS_REGION\), or use recording to read a recorded account$/u],
      ['replay_event', { event: 'not json at all' }, /^event: /u],
      ['replay_event', { event: 17 }, /event must be the event as a JSON object, or its JSON text/u],
      ['replay_event', { event: {}, mode: 'dry-run' }, /^mode runs the pipeline, which needs recording/u],
      ['explain_cause', { cause: 'gremlins' }, /unknown cause 'gremlins': valid ids are malformed_proxy_response, .*unknown/u],
      ['no_such_tool', {}, /no_such_tool not found/u],
    ];

    for (const [name, args, reason] of bad) {
      // Act
      const result = await call(server, name, args);
      const next = await call(server, 'explain_cause', { cause: 'integration_timeout' });

      // Assess
      expectToolError(result, reason);
      expect(next.isError ?? false).toBe(false);
    }
  });

  it('refuses mode apply unless the server was started with --allow-apply, whatever else the call says', async () => {
    // Prepare
    const sc = scenario('opted-in-permission-applied.json');
    const event = JSON.parse(readFileSync(sc.event, 'utf8')) as unknown;

    // Act
    const refused = await call(server, 'replay_event', { event, recording: sc.recording, mode: 'apply' });
    const withoutRecording = await call(server, 'replay_event', { event, mode: 'apply' });

    // Assess
    expectToolError(refused, /^mode 'apply' is refused: this server was started without --allow-apply/u);
    expectToolError(withoutRecording, /^mode 'apply' is refused/u);
  });

  it('with --allow-apply, applies the opted-in fix to the recorded account, as `replay --mode apply` does', async () => {
    // Prepare
    const sc = scenario('opted-in-permission-applied.json');
    expect(sc.mode).toBe('apply');
    const allowed = await connect('--allow-apply');

    // Act
    const result = await call(allowed, 'replay_event', { event: readFileSync(sc.event, 'utf8'), recording: sc.recording, mode: 'apply' });
    const cli = await cliJson(['replay', sc.event, '--recording', sc.recording, '--mode', 'apply']);

    // Assess
    expectAnswer(result, cli.json);
    const out = result.structuredContent as { writes: Array<{ service: string; operation: string }>; incidents: Array<{ plan: Array<{ mode: string }>; outcomes: Array<{ status: string }> }> };
    expect(out.writes.map((w) => `${w.service}:${w.operation}`)).toEqual(['lambda:AddPermission']);
    expect(out.incidents[0]?.plan[0]?.mode).toBe('apply');
    expect(out.incidents[0]?.outcomes[0]?.status).toBe('verified');
    expect(texts(result)[0]).toContain('1 write to the recorded account (mode apply)');
  }, START_TIMEOUT_MS + 30_000);
});

describe('apigw-doctor mcp: one server, many calls', () => {
  it('answers five concurrent calls, one per tool, each as it answers alone', async () => {
    // Prepare
    const account = join(ROOT, 'events', 'accounts', accounts[0] ?? '');
    const [apiId, stage] = recordedStage(account);
    const eventFile = join(ROOT, 'events', sampleEvents[0] ?? '');
    const calls: Array<[string, Record<string, unknown>]> = [
      ['classify_logs', { text: TIMEOUT_LOG }],
      ['check_proxy_response', { response: '{"statusCode":200,"body":{"ok":true}}' }],
      ['diagnose_api', { apiId, stage, recording: account }],
      ['replay_event', { event: readFileSync(eventFile, 'utf8') }],
      ['explain_cause', { cause: 'missing_invoke_permission' }],
    ];
    const alone: CallToolResult[] = [];
    for (const [name, args] of calls) alone.push(await call(server, name, args));

    // Act
    const together = await Promise.all(calls.map(([name, args]) => call(server, name, args)));

    // Assess
    expect(together).toEqual(alone);
    expect(together.map((r) => r.isError ?? false)).toEqual([false, false, false, false, false]);
    expectAnswer(together[0] as CallToolResult, (await cliJson(['classify', '-'], TIMEOUT_LOG)).json);
    expectAnswer(together[2] as CallToolResult, (await cliJson(['diagnose', '--rest-api-id', apiId, '--stage', stage, '--recording', account])).json);
  });

  it('exits 0 when the client closes its end, leaving nothing behind', async () => {
    // Prepare
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } };
    const answered = new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));

    // Act
    let first: string;
    let code: number | null;
    try {
      child.stdin.write(`${JSON.stringify(initialize)}\n`);
      first = await answered;
      child.stdin.end();
      code = await exited;
    } finally {
      if (child.exitCode === null) child.kill();
    }

    // Assess
    expect(JSON.parse(first)).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'apigw-doctor' } } });
    expect(code).toBe(0);
  }, START_TIMEOUT_MS);
});
