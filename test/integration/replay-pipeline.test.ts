import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { renderScenario, SCENARIOS } from '../../scripts/make-scenarios.ts';

const ROOT = new URL('../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'apigw-doctor-replay-'));
const received: Array<Record<string, unknown>> = [];
let server: Server;
let url = '';

/** Writes a scenario's recording to a file `replay --recording` reads. */
function recordingOf(name: string): string {
  const scenario = JSON.parse(readFileSync(new URL(`events/scenarios/${name}.json`, ROOT), 'utf8')) as { recording: unknown };
  const file = join(dir, `${name}.recording.json`);
  writeFileSync(file, JSON.stringify(scenario.recording));
  return file;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void body(req).then((text) => {
      received.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

type ReplayJson = {
  incidents: Array<{ key: string; new: boolean; plan: Array<{ action: string | null; mode: string; request: { operation: string } | null; undo: string | null; reason: string }>; outcomes: Array<{ status: string; reason: string }>; notifications: Array<{ channel: string; delivery: string; payload?: { blocks: unknown[] }; subject?: string; attributes?: Record<string, string> }> }>;
  writes: Array<{ service: string; operation: string; input: Record<string, unknown> }>;
};

describe('replay --recording: the whole pipeline on a laptop', () => {
  it('applies and verifies an opted-in fix in apply mode, lists the write, and posts the card to the webhook through the real Slack client', async () => {
    // Act
    const run = await runCli(['replay', join(ROOT.pathname, 'events', 'logs-execution-permission.json'), '--recording', recordingOf('opted-in-permission-applied'), '--mode', 'apply', '--slack-webhook', url, '--json']);
    // Assess
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as ReplayJson;
    const [incident] = out.incidents;
    expect(incident?.new).toBe(true);
    expect(incident?.plan.map((s) => [s.action, s.mode, s.request?.operation])).toEqual([['add-invoke-permission', 'apply', 'AddPermission']]);
    expect(incident?.outcomes.map((o) => o.status)).toEqual(['verified']);
    expect(out.writes.map((w) => `${w.service} ${w.operation}`)).toEqual(['lambda AddPermission']);
    expect(out.writes[0]?.input['SourceArn']).toBe('arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders/*');
    expect(incident?.notifications.map((n) => [n.channel, n.delivery])).toEqual([['slack', 'sent'], ['sns', 'not-configured']]);
    expect(received).toHaveLength(1);
    expect(JSON.stringify(received[0])).toContain('add-invoke-permission');
    const sns = incident?.notifications.find((n) => n.channel === 'sns');
    expect(sns?.attributes).toMatchObject({ cause: 'missing_invoke_permission', api: 'a1b2c3d4e5', stage: 'prod' });
    expect((sns?.subject ?? '').length).toBeLessThanOrEqual(100);
  });

  it('only plans in dry-run mode (the default): the plan is the same, nothing is written', async () => {
    const run = await runCli(['replay', join(ROOT.pathname, 'events', 'logs-execution-permission.json'), '--recording', recordingOf('opted-in-permission-applied'), '--json']);
    const out = JSON.parse(run.stdout) as ReplayJson;
    expect(out.incidents[0]?.plan.map((s) => s.mode)).toEqual(['dry-run']);
    expect(out.incidents[0]?.plan[0]?.reason).toMatch(/^dry-run: the global mode is dry-run; opted in/);
    expect(out.writes).toEqual([]);
  });

  it('says why in one line for flags that need --recording or a bad mode', async () => {
    const event = join(ROOT.pathname, 'events', 'logs-execution-permission.json');
    const noRecording = await runCli(['replay', event, '--offline', '--mode', 'apply']);
    expect(noRecording).toMatchObject({ code: 2, stdout: '' });
    expect(noRecording.stderr).toBe('apigw-doctor: replay: --mode and --slack-webhook run the pipeline, which needs --recording FILE\n');
    const badMode = await runCli(['replay', event, '--recording', recordingOf('opted-in-permission-applied'), '--mode', 'yolo']);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toBe("apigw-doctor: --mode must be one of off, dry-run, apply (got 'yolo')\n");
  });

  it('keeps every scenario file exactly as scripts/make-scenarios.ts writes it (run it after changing a recorded account)', () => {
    for (const spec of SCENARIOS) expect(readFileSync(new URL(`events/scenarios/${spec.name}.json`, ROOT), 'utf8')).toBe(renderScenario(spec));
  });
});
