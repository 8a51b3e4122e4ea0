/**
 * An in-memory AccountReader for domain tests: answers from plain maps, counts reads, and can fail a
 * read on demand. Unknown resources answer like AWS does for them (null / not found).
 */
import type { AccountReader, FunctionConcurrencyInfo, FunctionConfigurationInfo, FunctionPolicyInfo, LogQuery, PolicyDocument, Read, ReadFailure, ResourceInfo, RestApiInfo, RoleInfo, StageInfo } from '../../shared/ports/account-reader.ts';
import type { RawLogEvent } from '../../shared/domain/model.ts';
import { err, ok } from '../../shared/domain/result.ts';

/** What the fake account holds. */
export interface FakeAccountData {
  readonly apis?: Record<string, RestApiInfo>;
  readonly stages?: Record<string, StageInfo>; // key `${apiId}/${stage}`
  readonly resources?: Record<string, ResourceInfo[]>;
  readonly cloudwatchRoleArn?: string;
  readonly policies?: Record<string, PolicyDocument>; // key function name or `${name}:${qualifier}`
  readonly functions?: Record<string, FunctionConfigurationInfo>;
  readonly concurrency?: Record<string, FunctionConcurrencyInfo>;
  readonly roles?: Record<string, RoleInfo>;
  /** Log events per log group; the fake applies `?"term"` filter patterns like CloudWatch Logs does. */
  readonly logs?: Record<string, RawLogEvent[]>;
  /** Reads to fail, by method name, with the failure. */
  readonly failures?: Partial<Record<keyof AccountReader, ReadFailure>>;
}

function matchesPattern(message: string, pattern: string | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  const terms = [...pattern.matchAll(/\?(?:"([^"]*)"|(\S+))/g)].map((m) => m[1] ?? m[2] ?? '');
  return terms.some((t) => message.includes(t));
}

/** A fake reader plus the list of reads it answered. */
export function fakeAccount(data: FakeAccountData, account = '123456789012', region = 'us-east-1'): AccountReader & { readonly reads: string[] } {
  const reads: string[] = [];
  const answer = <T>(name: keyof AccountReader, value: () => T): Read<T> => {
    reads.push(name);
    const f = data.failures?.[name];
    return Promise.resolve(f ? err(f) : ok(value()));
  };
  return {
    account,
    region,
    reads,
    getRestApi: (id) => answer('getRestApi', () => data.apis?.[id] ?? null),
    findRestApisByName: (name) => answer('findRestApisByName', () => Object.values(data.apis ?? {}).filter((a) => a.name === name)),
    getResources: (id) => answer('getResources', () => data.resources?.[id] ?? []),
    getMethod: (id, rid, verb) => answer('getMethod', () => data.resources?.[id]?.find((r) => r.id === rid)?.resourceMethods?.[verb] ?? null),
    getIntegration: (id, rid, verb) => answer('getIntegration', () => data.resources?.[id]?.find((r) => r.id === rid)?.resourceMethods?.[verb]?.methodIntegration ?? null),
    getStage: (id, stage) => answer('getStage', () => data.stages?.[`${id}/${stage}`] ?? null),
    getStages: (id) => answer('getStages', () => Object.entries(data.stages ?? {}).filter(([k]) => k.startsWith(`${id}/`)).map(([, s]) => s)),
    getAccountSettings: () => answer('getAccountSettings', () => (data.cloudwatchRoleArn ? { cloudwatchRoleArn: data.cloudwatchRoleArn } : {})),
    getTags: () => answer('getTags', () => ({})),
    getVpcLink: () => answer('getVpcLink', () => null),
    getFunctionPolicy: (name, qualifier) => answer('getFunctionPolicy', (): FunctionPolicyInfo | null => {
      const policy = data.policies?.[qualifier ? `${name}:${qualifier}` : name];
      return policy ? { policy, sizeBytes: JSON.stringify(policy).length, RevisionId: 'rev-1' } : null;
    }),
    getFunctionConfiguration: (name) => answer('getFunctionConfiguration', () => data.functions?.[name] ?? null),
    getAlias: () => answer('getAlias', () => null),
    getFunctionConcurrency: (name) => answer('getFunctionConcurrency', () => data.concurrency?.[name] ?? {}),
    listFunctionTags: () => answer('listFunctionTags', () => ({})),
    filterLogEvents: (q: LogQuery) => {
      reads.push('filterLogEvents');
      const f = data.failures?.filterLogEvents;
      if (f) return Promise.resolve(err(f));
      const events = data.logs?.[q.logGroupName];
      if (events === undefined) return Promise.resolve(err({ kind: 'not_found' as const, operation: 'logs:FilterLogEvents', message: 'The specified log group does not exist.' }));
      return Promise.resolve(ok(events.filter((e) => matchesPattern(e.message, q.filterPattern) && (e.timestamp ?? 0) >= (q.startTime ?? 0) && (e.timestamp ?? 0) <= (q.endTime ?? Number.MAX_SAFE_INTEGER))));
    },
    getRole: (name) => answer('getRole', () => data.roles?.[name] ?? null),
    simulatePrincipalPolicy: () => answer('simulatePrincipalPolicy', () => [{ EvalActionName: 'lambda:InvokeFunction', EvalDecision: 'allowed' }]),
    describeTargetHealth: () => answer('describeTargetHealth', () => []),
  };
}
