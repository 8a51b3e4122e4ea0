/**
 * The Remediator port over a recorded account: each write changes the recorded state the way AWS would
 * change the account, so every reader over that state (a fresh one made after the write, as `act`
 * verifies with, included) answers later reads with the change. Only the operations of the write table
 * are accepted, exactly as the live remediator (aws/remediator.ts); failures carry the AWS error name and
 * kind the live one would report. Offline runs, demos and tests can so apply a plan and verify it.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue, SdkRequest } from '../../domain/model.ts';
import { POLICY_LIMIT_BYTES } from '../../domain/remediation/add-invoke-permission.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Remediator, WriteFailure } from '../../ports/remediator.ts';
import type { AwsAccountReader } from '../aws/account-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { classifyWriteError } from '../aws/remediator.ts';
import { isWriteOperation, WRITE_OPERATIONS } from '../aws/write-operations.ts';
import { isJsonObject } from '../support/plain-json.ts';
import {
  createAccountReaderFromRecording,
  createRecordedState,
  createRecordedStateClients,
  recordedFunctionOf,
  type RecordedCall,
  type RecordedError,
  type RecordedFunction,
  type RecordedState,
  type Recording,
} from './recorded-account.ts';

/** A remediator over a recorded account that remembers what it changed. */
export interface RecordedRemediator extends Remediator {
  /** The writes that succeeded, in order (copies), so a run can list what it changed. */
  writes(): SdkRequest[];
}

/** A recorded account whose reads see its writes. */
export interface RecordedAccount {
  readonly recording: Recording;
  readonly state: RecordedState;
  /** One client set over the state; readers built on it share the serving cursors. */
  readonly clients: AwsClients;
  /** A new reader over {@link RecordedAccount.clients}: no memo of earlier reads, so it sees every write made so far. */
  reader(): AwsAccountReader;
  readonly remediator: RecordedRemediator;
  /** Same as `remediator.writes()`. */
  writes(): SdkRequest[];
}

/** What a write answers: the SDK output, or the AWS error it rejects with. */
type Applied = Result<JsonObject, RecordedError>;

type MutableObject = Record<string, JsonValue>;

const LOG_ROLE_MISSING = 'CloudWatch Logs role ARN must be set in account settings to enable logging';
const LOG_LEVELS: readonly string[] = ['OFF', 'ERROR', 'INFO'];
const PATCH_OPS: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];
// Lambda's own patterns for these AddPermission parameters.
const STATEMENT_ID = /^[a-zA-Z0-9_-]{1,100}$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function awsError(name: string, message: string): { readonly ok: false; readonly error: RecordedError } {
  return err({ name, message });
}

function text(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

function isNotFound(record: RecordedCall | undefined): boolean {
  return record?.error !== undefined && /NotFound(Exception)?$/.test(record.error.name);
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `lambda:AddPermission`, `apigateway:UpdateStage`: how the live remediator names an operation. */
function labelOf(request: SdkRequest): string {
  return `${request.service === 'api-gateway' ? 'apigateway' : request.service}:${request.operation}`;
}

// ---------------------------------------------------------------------------------------------
// lambda AddPermission

/** The function's ARN as Lambda writes it in a statement's Resource: the recorded one when known, qualified when a qualifier was given. */
function functionArnOf(fn: RecordedFunction, configuration: RecordedCall | undefined, recording: Recording): string {
  const recorded = configuration?.output?.['FunctionArn'];
  const unqualified =
    typeof recorded === 'string' && recorded.split(':').length >= 7
      ? recorded.split(':').slice(0, 7).join(':')
      : `arn:${partitionOf(recording.region)}:lambda:${recording.region}:${recording.account}:function:${fn.name}`;
  return fn.qualifier === null ? unqualified : `${unqualified}:${fn.qualifier}`;
}

/** The Principal element Lambda stores: a service, an account (as its root ARN), an ARN, or everyone. */
function principalOf(principal: string, partition: string): JsonValue {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/**
 * A new RevisionId: UUID-shaped like Lambda's, derived from the previous one and the new policy, so a
 * replayed run gets the same ids (reproducible output) and every change gets a different one.
 */
function nextRevisionId(previous: string | undefined, policy: string): string {
  const h = createHash('sha256').update(`${previous ?? ''}\n${policy}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The current policy of a function: none, the parsed document with its record, or the error its read answers. */
type CurrentPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'policy'; readonly document: MutableObject; readonly output: JsonObject }
  | { readonly kind: 'failed'; readonly error: RecordedError };

function currentPolicy(record: RecordedCall | undefined, fnLabel: string): CurrentPolicy {
  if (record === undefined || isNotFound(record)) return { kind: 'none' };
  if (record.error !== undefined) return { kind: 'failed', error: record.error };
  const output = record.output ?? {};
  const policy = output['Policy'];
  let parsed: unknown;
  try {
    parsed = typeof policy === 'string' ? JSON.parse(policy) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // A recording problem, not an account one: say so rather than guess the policy.
    return { kind: 'failed', error: { name: 'RecordingError', message: `the recorded GetPolicy of ${fnLabel} has no Policy JSON object, so nothing can be added to it` } };
  }
  return { kind: 'policy', document: parsed as MutableObject, output };
}

function statementsOf(document: MutableObject): JsonValue[] {
  const statements = document['Statement'];
  if (Array.isArray(statements)) return [...(statements as readonly JsonValue[])];
  return statements === undefined || statements === null ? [] : [statements];
}

function addPermission(state: RecordedState, input: JsonObject): Applied {
  const { recording } = state;
  for (const key of ['FunctionName', 'StatementId', 'Action', 'Principal']) {
    if (text(input, key) === undefined || text(input, key) === '') return awsError('InvalidParameterValueException', `${key} is required`);
  }
  const functionName = text(input, 'FunctionName') ?? '';
  const statementId = text(input, 'StatementId') ?? '';
  const action = text(input, 'Action') ?? '';
  const principal = text(input, 'Principal') ?? '';
  const qualifier = text(input, 'Qualifier');
  const sourceArn = text(input, 'SourceArn');
  const sourceAccount = text(input, 'SourceAccount');
  const revisionId = text(input, 'RevisionId');
  if (!STATEMENT_ID.test(statementId)) return awsError('InvalidParameterValueException', `StatementId '${statementId}' must match ${STATEMENT_ID.source}`);
  if (!ACTION.test(action)) return awsError('InvalidParameterValueException', `Action '${action}' must match ${ACTION.source}`);

  const fn = recordedFunctionOf({ FunctionName: functionName, ...(qualifier === undefined ? {} : { Qualifier: qualifier }) }, recording);
  if (fn === null) return awsError('ResourceNotFoundException', `Function not found: ${functionName}${qualifier === undefined ? '' : `:${qualifier}`}`);
  const configuration = state.peekFunction('GetFunctionConfiguration', fn);
  const policyRecord = state.peekFunction('GetPolicy', fn);
  const arn = functionArnOf(fn, configuration, recording);
  if (isNotFound(configuration) || (configuration === undefined && policyRecord === undefined)) {
    return awsError('ResourceNotFoundException', `Function not found: ${arn}`);
  }
  const current = currentPolicy(policyRecord, arn);
  if (current.kind === 'failed') return err(current.error);

  // With no policy yet there is no policy RevisionId: the function's is the one to match.
  const currentRevision = current.kind === 'policy' ? text(current.output, 'RevisionId') : text(configuration?.output ?? {}, 'RevisionId');
  if (revisionId !== undefined && revisionId !== currentRevision) {
    return awsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
  const statements = current.kind === 'policy' ? statementsOf(current.document) : [];
  if (statements.some((s) => isJsonObject(s) && s['Sid'] === statementId)) {
    return awsError('ResourceConflictException', `The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }

  const condition: MutableObject = {};
  if (sourceAccount !== undefined) condition['StringEquals'] = { 'AWS:SourceAccount': sourceAccount };
  if (sourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': sourceArn };
  const statement: MutableObject = {
    Sid: statementId,
    Effect: 'Allow',
    Principal: principalOf(principal, partitionOf(recording.region)),
    Action: action,
    Resource: arn,
    ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
  };
  const document: MutableObject =
    current.kind === 'policy' ? { ...current.document, Statement: [...statements, statement] } : { Version: '2012-10-17', Id: 'default', Statement: [statement] };
  const policy = JSON.stringify(document);
  const size = Buffer.byteLength(policy, 'utf8');
  if (size > POLICY_LIMIT_BYTES) return awsError('PolicyLengthExceededException', `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT_BYTES}).`);

  const previous = current.kind === 'policy' ? current.output : {};
  state.write('lambda', 'GetPolicy', { FunctionName: fn.name, ...(fn.qualifier === null ? {} : { Qualifier: fn.qualifier }) }, {
    output: { ...previous, Policy: policy, RevisionId: nextRevisionId(currentRevision, policy) },
  });
  return ok({ Statement: JSON.stringify(statement) });
}

// ---------------------------------------------------------------------------------------------
// api-gateway UpdateStage and UpdateAccount

interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value: string | undefined;
}

function patchOperationsOf(input: JsonObject): Result<PatchOperation[], RecordedError> {
  const value = input['patchOperations'];
  if (!Array.isArray(value)) return awsError('BadRequestException', 'patchOperations must be a list of {op, path, value}');
  const out: PatchOperation[] = [];
  for (const item of value as readonly JsonValue[]) {
    const op = isJsonObject(item) ? item['op'] : undefined;
    const path = isJsonObject(item) ? item['path'] : undefined;
    if (typeof op !== 'string' || !PATCH_OPS.includes(op) || typeof path !== 'string') {
      return awsError('BadRequestException', `Invalid patch operation ${JSON.stringify(item)}: expected {op: add|remove|replace|move|copy|test, path, value}`);
    }
    const v = isJsonObject(item) ? item['value'] : undefined;
    out.push({ op, path, value: typeof v === 'string' ? v : undefined });
  }
  return ok(out);
}

function invalidPath(operation: PatchOperation): { readonly ok: false; readonly error: RecordedError } {
  return awsError('BadRequestException', `Invalid patch path '${operation.path}' specified for op '${operation.op}'`);
}

function invalidValue(operation: PatchOperation, expected: string): { readonly ok: false; readonly error: RecordedError } {
  return awsError('BadRequestException', `Invalid value '${operation.value ?? ''}' for patch path '${operation.path}': expected ${expected}`);
}

/** How a method-setting leaf of a patch path maps to the `methodSettings` field and parses its value. */
interface SettingLeaf {
  readonly field: string;
  readonly parse: (value: string) => JsonValue | undefined;
  readonly expected: string;
}

const parseBoolean = (value: string): boolean | undefined => (value.toLowerCase() === 'true' ? true : value.toLowerCase() === 'false' ? false : undefined);
const parseInteger = (value: string): number | undefined => (/^\d+$/.test(value) ? Number(value) : undefined);
const parseRate = (value: string): number | undefined => (/^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined);
const parseLevel = (value: string): string | undefined => (LOG_LEVELS.includes(value.toUpperCase()) ? value.toUpperCase() : undefined);

/** The method-setting leaves of UpdateStage patch paths (API Gateway's patch-operations reference). */
const SETTING_LEAVES: Readonly<Record<string, SettingLeaf>> = {
  'logging/loglevel': { field: 'loggingLevel', parse: parseLevel, expected: LOG_LEVELS.join(', ') },
  'logging/dataTrace': { field: 'dataTraceEnabled', parse: parseBoolean, expected: 'true or false' },
  'metrics/enabled': { field: 'metricsEnabled', parse: parseBoolean, expected: 'true or false' },
  'throttling/burstLimit': { field: 'throttlingBurstLimit', parse: parseInteger, expected: 'an integer' },
  'throttling/rateLimit': { field: 'throttlingRateLimit', parse: parseRate, expected: 'a number' },
  'caching/enabled': { field: 'cachingEnabled', parse: parseBoolean, expected: 'true or false' },
  'caching/ttlInSeconds': { field: 'cacheTtlInSeconds', parse: parseInteger, expected: 'an integer' },
  'caching/dataEncrypted': { field: 'cacheDataEncrypted', parse: parseBoolean, expected: 'true or false' },
  'caching/requireAuthorizationForCacheControl': { field: 'requireAuthorizationForCacheControl', parse: parseBoolean, expected: 'true or false' },
  'caching/unauthorizedCacheControlHeaderStrategy': {
    field: 'unauthorizedCacheControlHeaderStrategy',
    parse: (value) => (['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'].includes(value) ? value : undefined),
    expected: 'FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER',
  },
};

/** The account's CloudWatch Logs role, as GetAccount answers now: true when set. */
function hasLogRole(state: RecordedState): Result<boolean, RecordedError> {
  const record = state.peek('api-gateway', 'GetAccount', {});
  // Without the answer we cannot tell how API Gateway would take the change: a gap in the recording.
  if (record === undefined) return awsError('MissingRecordError', 'no record for api-gateway GetAccount with input {}: cannot tell whether the account has a CloudWatch Logs role');
  if (record.error !== undefined) return err(record.error);
  const role = record.output?.['cloudwatchRoleArn'];
  return ok(typeof role === 'string' && role !== '');
}

function objectAt(parent: MutableObject, key: string): MutableObject {
  const value = parent[key];
  return isJsonObject(value) ? { ...value } : {};
}

/** Applies one patch operation to `stage` (a copy being built); an unsupported path fails as API Gateway does. */
function patchStage(stage: MutableObject, operation: PatchOperation, state: RecordedState): Result<void, RecordedError> {
  const { op, path, value } = operation;
  const variable = /^\/variables\/([^/]+)$/.exec(path)?.[1];
  if (variable !== undefined) {
    const variables = objectAt(stage, 'variables');
    if (op === 'remove') delete variables[variable];
    else if (op === 'replace' || op === 'add') {
      if (value === undefined) return invalidValue(operation, 'a string');
      variables[variable] = value;
    } else return invalidPath(operation);
    stage['variables'] = variables;
    return ok(undefined);
  }
  if (path === '/accessLogSettings' && op === 'remove') {
    delete stage['accessLogSettings'];
    return ok(undefined);
  }
  const accessLog = /^\/accessLogSettings\/(destinationArn|format)$/.exec(path)?.[1];
  if (accessLog !== undefined && op === 'replace') {
    if (value === undefined) return invalidValue(operation, 'a string');
    stage['accessLogSettings'] = { ...objectAt(stage, 'accessLogSettings'), [accessLog]: value };
    return ok(undefined);
  }
  if (path === '/tracingEnabled' && op === 'replace') {
    const flag = value === undefined ? undefined : parseBoolean(value);
    if (flag === undefined) return invalidValue(operation, 'true or false');
    stage['tracingEnabled'] = flag;
    return ok(undefined);
  }
  if (path === '/description' && op === 'replace') {
    stage['description'] = value ?? '';
    return ok(undefined);
  }
  // `/<resource path with / as ~1, or *>/<verb or *>/<setting>`, the key being `~1items/GET` or `*/*`.
  const setting = /^\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  const leaf = setting?.[3] === undefined ? undefined : SETTING_LEAVES[setting[3]];
  if (setting !== null && leaf !== undefined && op === 'replace') {
    const parsed = value === undefined ? undefined : leaf.parse(value);
    if (parsed === undefined) return invalidValue(operation, leaf.expected);
    if (leaf.field === 'loggingLevel' && parsed !== 'OFF') {
      const role = hasLogRole(state);
      if (!role.ok) return role;
      if (!role.value) return awsError('BadRequestException', LOG_ROLE_MISSING);
    }
    const key = `${setting[1]}/${setting[2]}`;
    const settings = objectAt(stage, 'methodSettings');
    settings[key] = { ...objectAt(settings, key), [leaf.field]: parsed };
    stage['methodSettings'] = settings;
    return ok(undefined);
  }
  const methodKey = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (methodKey !== null && op === 'remove') {
    const settings = objectAt(stage, 'methodSettings');
    delete settings[`${methodKey[1]}/${methodKey[2]}`];
    stage['methodSettings'] = settings;
    return ok(undefined);
  }
  return invalidPath(operation);
}

function updateStage(state: RecordedState, input: JsonObject): Applied {
  const restApiId = text(input, 'restApiId');
  const stageName = text(input, 'stageName');
  if (restApiId === undefined || stageName === undefined) return awsError('BadRequestException', 'restApiId and stageName are required');
  const operations = patchOperationsOf(input);
  if (!operations.ok) return operations;
  const record = state.peek('api-gateway', 'GetStage', { restApiId, stageName });
  if (record === undefined || isNotFound(record)) return awsError('NotFoundException', 'Invalid stage identifier specified');
  if (record.error !== undefined) return err(record.error);
  // All or nothing, as API Gateway applies a patch: work on a copy and keep it only when every operation passed.
  const stage: MutableObject = structuredClone(record.output ?? {});
  for (const operation of operations.value) {
    const patched = patchStage(stage, operation, state);
    if (!patched.ok) return patched;
  }
  state.write('api-gateway', 'GetStage', { restApiId, stageName }, { output: stage });
  const list = state.peek('api-gateway', 'GetStages', { restApiId });
  const items = list?.output?.['item'];
  if (list?.output !== undefined && Array.isArray(items)) {
    const item = (items as readonly JsonValue[]).map((s) => (isJsonObject(s) && s['stageName'] === stageName ? stage : s));
    state.write('api-gateway', 'GetStages', { restApiId }, { output: { ...list.output, item } });
  }
  return ok(stage);
}

function updateAccount(state: RecordedState, input: JsonObject): Applied {
  const operations = patchOperationsOf(input);
  if (!operations.ok) return operations;
  const record = state.peek('api-gateway', 'GetAccount', {});
  const account: MutableObject = structuredClone(record?.output ?? {});
  for (const operation of operations.value) {
    if (operation.path !== '/cloudwatchRoleArn' || operation.op !== 'replace') return invalidPath(operation);
    const role = operation.value ?? '';
    // An empty value clears the setting; GetAccount then has no cloudwatchRoleArn at all.
    if (role === '') delete account['cloudwatchRoleArn'];
    else if (!ROLE_ARN.test(role)) return awsError('BadRequestException', `The role ARN '${role}' is not well formed`);
    else account['cloudwatchRoleArn'] = role;
  }
  state.write('api-gateway', 'GetAccount', {}, { output: account });
  return ok(account);
}

// ---------------------------------------------------------------------------------------------

/** A remediator that writes to `state` (share the state with the clients that read it). */
export function createRecordedRemediator(state: RecordedState): RecordedRemediator {
  const done: SdkRequest[] = [];
  return {
    async send(request: SdkRequest): Promise<Result<JsonObject, WriteFailure>> {
      const label = labelOf(request);
      if (!isWriteOperation(request.service, request.operation)) {
        return err({ kind: 'invalid', operation: label, message: `refused: ${request.service} ${request.operation} is not a write apigw-doctor may send (allowed: ${Object.keys(WRITE_OPERATIONS).join(', ')})` });
      }
      if (request.region !== state.recording.region) {
        return err({ kind: 'invalid', operation: label, message: `refused: the recorded account is in ${state.recording.region}; a write to ${request.region} has no recorded state to change` });
      }
      let applied: Applied;
      switch (request.operation) {
        case 'AddPermission':
          applied = addPermission(state, request.input);
          break;
        case 'UpdateStage':
          applied = updateStage(state, request.input);
          break;
        case 'UpdateAccount':
          applied = updateAccount(state, request.input);
          break;
      }
      if (!applied.ok) {
        // Classified exactly as the live remediator classifies the same AWS error.
        const error = Object.assign(new Error(applied.error.message), { name: applied.error.name });
        return err({ kind: classifyWriteError(error), operation: label, message: `${applied.error.name}: ${applied.error.message}` });
      }
      done.push(structuredClone(request));
      return ok(structuredClone(applied.value));
    },
    writes: () => done.map((request) => structuredClone(request)),
  };
}

/**
 * A recorded account whose writes change what it answers: one state, one client set over it, a
 * remediator writing to it, and fresh readers on demand. `createAccountReaderFromRecording` over the
 * same `clients` sees the writes too.
 */
export function createRecordedAccount(recording: Recording): RecordedAccount {
  const state = createRecordedState(recording);
  const clients = createRecordedStateClients(state);
  const remediator = createRecordedRemediator(state);
  return {
    recording,
    state,
    clients,
    reader: () => createAccountReaderFromRecording(recording, clients),
    remediator,
    writes: () => remediator.writes(),
  };
}
