/**
 * Output schemas of the MCP tools: the CLI's `--json` documents (cli/json.ts, the commands' help) as
 * zod, so an agent's client knows their shape. Objects are loose on purpose: every documented key is
 * typed and required, and a key a later version adds passes instead of failing every client that
 * validates results against the schema it listed.
 */
import { z } from 'zod';

const nullableString = z.string().nullable();

/** A finding (`findingJson`). */
export const findingSchema = z.looseObject({
  cause: z.string().describe('Cause id of the taxonomy (explain_cause tells what it means and how to fix it)'),
  requestId: nullableString.describe('API Gateway request id, when the log carries one'),
  status: z.number().nullable().describe('The status the client got, when known'),
  evidence: z.array(z.string()).describe('The log lines that show the cause (secrets redacted)'),
  details: z.record(z.string(), z.unknown()).describe('Cause-specific facts: function ARN, error type, limits, the proxy-response analysis, ...'),
});

/** `classify --json`. */
export const classifyOutputSchema = z.looseObject({
  findings: z.array(findingSchema).describe('One per failing request (or group of identical access-log rows), most significant first'),
  summary: z.looseObject({
    lines: z.number(),
    requests: z.number(),
    unreadable: z.number().optional().describe('Access-log rows whose status could not be read (present only when there are some): not counted as healthy'),
  }),
});

/** `check-response --json`. */
export const checkResponseOutputSchema = z.looseObject({
  status: z.number().describe('The status the client gets'),
  valid: z.boolean().describe('False when API Gateway rejects the response'),
  violations: z.array(z.looseObject({ path: z.string(), rule: z.string(), message: z.string(), fix: z.string() })).describe('Every rule the response breaks, with the fix'),
  clientBody: nullableString.describe('What the client receives, when known'),
  converted: z.string().optional().describe('Present when a printed Python dict or JavaScript object was read as the JSON the runtime sends'),
});

const sdkRequestSchema = z.looseObject({ service: z.string(), operation: z.string(), region: z.string(), input: z.record(z.string(), z.unknown()) });

const checkSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  resource: z.string(),
  message: z.string(),
  fix: z.looseObject({ cli: z.string().describe('AWS CLI commands with the real identifiers'), iac: z.string().describe('The template change that keeps the fix'), requests: z.array(sdkRequestSchema) }).nullable(),
});

/** `diagnose --json` (`diagnosisJson`). */
export const diagnosisSchema = z.looseObject({
  api: z.looseObject({ id: z.string(), name: nullableString, stage: z.string(), region: z.string(), account: z.string() }),
  findings: z.array(findingSchema),
  checks: z.array(checkSchema).describe('Every account check run, with the exact fix of each failing one'),
  causes: z.array(z.looseObject({ cause: z.string(), confidence: z.number(), because: z.array(z.string()) })).describe('Ranked causes, most likely first'),
  logSource: nullableString,
  notes: z.array(z.string()),
});

const signalSchema = z.looseObject({ source: z.string(), apiId: nullableString, apiName: nullableString, stage: nullableString, state: nullableString });

const incidentSchema = z.looseObject({
  key: z.string(),
  new: z.boolean(),
  kind: z.string(),
  count: z.number(),
  diagnosis: diagnosisSchema.nullable(),
  plan: z.array(
    z.looseObject({
      action: nullableString,
      mode: z.enum(['apply', 'dry-run', 'suggest']),
      check: z.string(),
      resource: z.string(),
      request: sdkRequestSchema.nullable(),
      cli: z.string(),
      undo: nullableString,
      reason: z.string(),
    }),
  ),
  outcomes: z.array(z.looseObject({ action: z.string(), resource: z.string(), status: z.enum(['applied', 'verified', 'failed', 'skipped']), reason: z.string(), undo: nullableString })),
  notifications: z.array(z.looseObject({ channel: z.string() })),
  notes: z.array(z.string()),
});

/** `replay --json`; the pipeline keys are there when a recording was given. */
export const replayOutputSchema = z.looseObject({
  signals: z.array(signalSchema),
  findings: z.array(findingSchema),
  ignored: z.array(z.looseObject({ reason: z.string() })),
  diagnoses: z.array(diagnosisSchema).optional(),
  notes: z.array(z.string()).optional(),
  incidents: z.array(incidentSchema).optional().describe('What the pipeline did per incident: plan (apply / dry-run / suggest, each with its reason), outcomes, notifications'),
  writes: z.array(sdkRequestSchema).optional().describe('Every call that changed the recorded account (empty unless mode apply ran an opted-in action)'),
});

/** `explain_cause` (no CLI twin: the explanation the reports and notifications print). */
export const explainOutputSchema = z.object({
  cause: z.string(),
  title: z.string(),
  why: z.string().describe('What it means: why API Gateway answered with a 5xx'),
  confirm: z.object({
    logWordings: z.array(z.string()).describe("API Gateway's own log wordings that show this cause"),
    steps: z.array(z.string()).describe('Tool calls that confirm it'),
  }),
  fix: z.array(z.string()).describe('What to do, most likely fix first'),
});
