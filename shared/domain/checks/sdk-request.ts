/**
 * Structured fixes: the exact AWS SDK request a fix sends, as plain data, and the AWS CLI command
 * rendered from that one value. Remediation executes the request; people read the command. Because
 * both come from the same object, the command a person pastes and the call an action makes cannot drift.
 * Pure: no SDK import; `service` and `operation` use the recorded-account vocabulary (client package
 * suffix, command name without `Command`).
 */
import type { Fix, JsonObject, JsonValue, SdkRequest } from '../model.ts';
import { cliCommand } from './fix-text.ts';

/** One API Gateway patch operation (UpdateStage, UpdateIntegration, UpdateRestApi, UpdateAccount). */
export interface PatchOperation {
  readonly op: 'replace' | 'add' | 'remove';
  readonly path: string;
  readonly value?: string;
}

/** The AWS CLI's name for each SDK service. */
const CLI_SERVICE: Readonly<Record<string, string>> = {
  lambda: 'lambda',
  'api-gateway': 'apigateway',
  iam: 'iam',
  'cloudwatch-logs': 'logs',
};

/** Global services: their commands take no `--region`. */
const GLOBAL_SERVICES = new Set(['iam']);

/**
 * Input keys that are concurrency tokens, not part of the change: the action sends them (so a policy
 * changed since the diagnosis read it is not overwritten blindly), the pasted command leaves them out
 * (it would fail as soon as anything else touched the policy).
 */
const ACTION_ONLY_KEYS = new Set(['RevisionId']);

/** `FunctionName` / `restApiId` → `function-name` / `rest-api-id`. */
function kebab(key: string): string {
  return key.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A patch operation in the CLI's shorthand, or null when a value needs JSON (commas, quotes, brackets). */
function shorthand(op: JsonValue): string | null {
  if (typeof op !== 'object' || op === null || Array.isArray(op)) return null;
  const record = op as JsonObject;
  const parts: string[] = [];
  for (const key of ['op', 'path', 'value', 'from']) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || /[,"'[\]{}\s]/.test(value)) return null;
    parts.push(`${key}=${value}`);
  }
  return parts.join(',');
}

/** The words a CLI flag's value becomes: patch operations in shorthand when possible, other structures as JSON. */
function flagWords(key: string, value: JsonValue): string[] {
  if (key === 'patchOperations' && Array.isArray(value)) {
    const words = value.map(shorthand);
    return words.every((w): w is string => w !== null) ? words : [JSON.stringify(value)];
  }
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [JSON.stringify(value)];
}

/**
 * The AWS CLI command that sends `request`: `aws <service> <operation> --<flag> <value>… [--region R]`,
 * flags in the input's key order, shell-quoted where needed.
 */
export function requestCommand(request: SdkRequest): string {
  const service = CLI_SERVICE[request.service] ?? request.service;
  const words = ['aws', service, kebab(request.operation)];
  for (const [key, value] of Object.entries(request.input)) {
    if (ACTION_ONLY_KEYS.has(key) || value === null) continue;
    words.push(`--${kebab(key)}`, ...flagWords(key, value));
  }
  if (!GLOBAL_SERVICES.has(request.service)) words.push('--region', request.region);
  return cliCommand(words);
}

/** A request value, so checks build requests without casts. */
export function sdkRequest(service: SdkRequest['service'], operation: string, region: string, input: JsonObject): SdkRequest {
  return { service, operation, region, input };
}

/** Patch operations as the JSON the SDK takes (drops absent values). */
export function patchOperations(operations: readonly PatchOperation[]): JsonValue[] {
  return operations.map((o): JsonObject => (o.value === undefined ? { op: o.op, path: o.path } : { op: o.op, path: o.path, value: o.value }));
}

/** A fix made of SDK requests only: the CLI text is exactly their commands, one per line. */
export function requestsFix(requests: readonly SdkRequest[], iac: string): Fix {
  return { requests, cli: requests.map(requestCommand).join('\n'), iac };
}
