/**
 * fast-check arbitraries for incident reports of any size and content: long log lines full of
 * mrkdwn control characters, code fences and emoji, hundreds of findings and checks, huge fixes.
 */
import fc from 'fast-check';
import { ACTION_IDS, CAUSE_IDS, CHECK_IDS, type Change, type CheckResult, type Diagnosis, type Finding, type Incident, type Outcome, type PlanStep } from '../../../../shared/domain/model.ts';
import type { IncidentReport } from '../../../../shared/domain/render/incident-report.ts';

/** Text with the characters renderers must escape or must not split. */
const nasty = fc.constantFrom('<', '>', '&', '`', '```', '*', '_', '|', '\n', '😀', '<!channel>', '&amp;', 'é', ' ', 'x', 'Bearer abc.def', '\u2028', '\t');

/** A string of up to `max` characters, mixing plain text with the nasty pieces. */
export function text(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: max }),
    fc.array(fc.oneof(nasty, fc.string({ maxLength: 20 })), { maxLength: Math.max(1, Math.floor(max / 10)) }).map((parts) => parts.join('')),
    fc.nat({ max }).map((n) => 'y'.repeat(n)),
  );
}

const iso = fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), text(40));

const finding: fc.Arbitrary<Finding> = fc.record({
  cause: fc.constantFrom(...CAUSE_IDS),
  requestId: fc.option(text(60), { nil: null }),
  status: fc.option(fc.integer({ min: 500, max: 599 }), { nil: null }),
  evidence: fc.array(text(3000), { maxLength: 12 }),
  details: fc.record({ method: fc.constantFrom('GET', 'POST'), resourcePath: fc.constantFrom('/orders', '/items/{id}'), count: fc.integer({ min: 1, max: 1000 }) }),
});

const check: fc.Arbitrary<CheckResult> = fc.record(
  {
    id: fc.constantFrom(...CHECK_IDS),
    status: fc.constantFrom('pass' as const, 'fail' as const, 'warn' as const, 'skip' as const),
    resource: text(300),
    message: text(4000),
    fix: fc.record({ requests: fc.constant([]), cli: text(4000), iac: text(6000) }),
    supports: fc.array(fc.constantFrom(...CAUSE_IDS), { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'status', 'resource', 'message'] },
);

/** A CloudTrail change of any shape: who and the event name can be any length, the revert any size. */
const change: fc.Arbitrary<Change> = fc.record(
  {
    time: iso,
    eventName: text(400),
    eventSource: text(60),
    who: fc.option(text(2000), { nil: null }),
    resources: fc.array(text(300), { maxLength: 8 }),
    relatedTo: fc.option(fc.oneof(fc.constantFrom(...CHECK_IDS), fc.constantFrom(...CAUSE_IDS)), { nil: null }),
    minutesBeforeFirstFailure: fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: null }),
    revert: fc.option(text(6000), { nil: null }),
    revertRequest: fc.constant(null),
    summary: text(3000),
  },
  { requiredKeys: ['time', 'eventName', 'eventSource', 'who', 'resources', 'relatedTo', 'minutesBeforeFirstFailure', 'revert', 'revertRequest'] },
);

const diagnosis: fc.Arbitrary<Diagnosis> = fc.record({
  api: fc.record({ id: text(20), name: fc.option(text(300), { nil: null }), stage: text(40), region: fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'), account: fc.constant('123456789012') }),
  findings: fc.array(finding, { maxLength: 80, size: 'max' }),
  checks: fc.array(check, { maxLength: 60, size: 'max' }),
  causes: fc.array(fc.record({ cause: fc.constantFrom(...CAUSE_IDS), confidence: fc.double({ min: 0, max: 1, noNaN: true }), because: fc.array(text(2000), { maxLength: 6 }) }), { maxLength: 4 }),
  logSource: fc.option(text(100), { nil: null }),
  notes: fc.array(text(500), { maxLength: 15 }),
  changes: fc.array(change, { maxLength: 6 }),
}, { requiredKeys: ['api', 'findings', 'checks', 'causes', 'logSource', 'notes'] });

const step: fc.Arbitrary<PlanStep> = fc.record({
  action: fc.option(fc.constantFrom(...ACTION_IDS), { nil: null }),
  mode: fc.constantFrom('apply' as const, 'dry-run' as const, 'suggest' as const),
  check: fc.constantFrom(...CHECK_IDS),
  resource: text(300),
  request: fc.constant(null),
  cli: text(5000),
  undo: fc.option(text(2000), { nil: null }),
  reason: text(1000),
});

const outcome: fc.Arbitrary<Outcome> = fc.record({
  action: fc.constantFrom(...ACTION_IDS),
  resource: text(300),
  status: fc.constantFrom('applied' as const, 'verified' as const, 'failed' as const, 'skipped' as const),
  reason: text(1000),
  undo: fc.option(text(2000), { nil: null }),
  writes: fc.constant([]),
});

const incident: fc.Arbitrary<Incident> = fc.record({
  id: text(200),
  key: fc.record({ account: fc.constant('123456789012'), region: fc.constantFrom('us-east-1', 'us-gov-west-1'), apiId: text(20), stage: text(40), cause: fc.constantFrom(...CAUSE_IDS), route: fc.constantFrom('*', 'GET /orders', 'POST /items/{id}') }),
  status: fc.constantFrom('open' as const, 'resolved' as const),
  firstSeen: iso,
  lastSeen: iso,
  count: fc.nat({ max: 10_000_000 }),
  thread: fc.constant(null),
  notifiedAt: fc.option(iso, { nil: null }),
  resolvedAt: fc.option(iso, { nil: null }),
  resolvedReason: fc.option(text(500), { nil: null }),
});

/** Any report, from empty to far over every limit. */
export const anyReport: fc.Arbitrary<IncidentReport> = fc.record({
  kind: fc.constantFrom('new' as const, 'ongoing' as const, 'resolved' as const),
  incident,
  apiName: fc.option(text(300), { nil: null }),
  diagnosis: fc.option(diagnosis, { nil: null }),
  plan: fc.array(step, { maxLength: 20, size: 'max' }),
  outcomes: fc.array(outcome, { maxLength: 20 }),
  notes: fc.array(text(500), { maxLength: 10 }),
});
