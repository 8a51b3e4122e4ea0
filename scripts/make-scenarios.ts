/**
 * Writes the pipeline scenarios in events/scenarios/: each is a sample event, the remediation mode,
 * and a recorded account — one of events/accounts/ with the owner's opt-in tags added where AWS
 * returns them (GetRestApi and GetStage `tags`, Lambda ListTags) — so `npm run demo` shows an
 * opted-in fix applied and verified, an untagged one only planned, a vetoed one, and a cause no
 * action exists for. Run `npx tsx scripts/make-scenarios.ts` after changing a recorded account;
 * a test fails while the files differ from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS = join(import.meta.dirname, '..', 'events');
const TAG = 'apigw-doctor:auto-remediate';

/** Tags to add, by where AWS reports them. */
interface ScenarioTags {
  readonly api?: Record<string, string>;
  readonly stage?: Record<string, string>;
  /** By unqualified function ARN. */
  readonly functions?: Record<string, Record<string, string>>;
}

interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  readonly event: string;
  readonly account: string;
  readonly mode: 'off' | 'dry-run' | 'apply';
  readonly tags: ScenarioTags;
}

const ORDERS = 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler';

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'opted-in-permission-applied',
    description: 'A new route lost its invoke permission; the function is tagged for automatic fixes, so the permission is added and verified.',
    event: 'logs-execution-permission.json',
    account: 'permission-missing-new-route.json',
    mode: 'apply',
    tags: { functions: { [ORDERS]: { [TAG]: 'true', team: 'orders' } } },
  },
  {
    name: 'untagged-permission-dry-run',
    description: 'The same failure, but nobody opted the function in: the exact fix is planned (dry-run) and sent to Slack, nothing is changed.',
    event: 'logs-execution-permission.json',
    account: 'permission-missing-new-route.json',
    mode: 'apply',
    tags: { functions: { [ORDERS]: { team: 'orders' } } },
  },
  {
    name: 'vetoed-permission',
    description: 'The function opted in, but the API is tagged false: a false anywhere on the path vetoes every action.',
    event: 'logs-execution-permission.json',
    account: 'permission-missing-new-route.json',
    mode: 'apply',
    tags: { api: { [TAG]: 'false' }, functions: { [ORDERS]: { [TAG]: 'add-invoke-permission' } } },
  },
  {
    name: 'reserved-concurrency-suggested',
    description: 'An alarm fires because reserved concurrency is 0; no automatic action exists for it, so the fix is only suggested.',
    event: 'alarm-eventbridge-5xx.json',
    account: 'reserved-concurrency-zero.json',
    mode: 'apply',
    tags: { api: { [TAG]: 'true' }, stage: { [TAG]: 'true' } },
  },
];

type Call = { service: string; operation: string; input: Record<string, unknown>; output?: Record<string, unknown>; error?: unknown };

/** The recording of `spec`: its account with the tags added. */
export function scenarioRecording(spec: ScenarioSpec): Record<string, unknown> {
  const recording = JSON.parse(readFileSync(join(EVENTS, 'accounts', spec.account), 'utf8')) as { calls: Call[] } & Record<string, unknown>;
  const calls = recording.calls.map((call) => {
    if (call.service !== 'api-gateway' || call.output === undefined) return call;
    if (call.operation === 'GetRestApi' && spec.tags.api) return { ...call, output: { ...call.output, tags: { ...(call.output['tags'] as object), ...spec.tags.api } } };
    if (call.operation === 'GetStage' && spec.tags.stage) return { ...call, output: { ...call.output, tags: { ...(call.output['tags'] as object), ...spec.tags.stage } } };
    return call;
  });
  for (const [arn, tags] of Object.entries(spec.tags.functions ?? {})) calls.push({ service: 'lambda', operation: 'ListTags', input: { Resource: arn }, output: { Tags: tags } });
  return { ...recording, calls };
}

/** The file of one scenario. */
export function renderScenario(spec: ScenarioSpec): string {
  return `${JSON.stringify({ description: spec.description, event: `events/${spec.event}`, mode: spec.mode, recording: scenarioRecording(spec) }, null, 2)}\n`;
}

if (process.argv[1] === import.meta.filename) {
  for (const spec of SCENARIOS) writeFileSync(join(EVENTS, 'scenarios', `${spec.name}.json`), renderScenario(spec));
  console.log(`wrote ${SCENARIOS.length} scenarios to events/scenarios/`);
}
