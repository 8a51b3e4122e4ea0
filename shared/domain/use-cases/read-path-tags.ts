/**
 * Use case: read the opt-in tags on the resources a diagnosis's failing checks are about (the API
 * and stage from the reads the diagnosis already made, memoised; each implicated function's tags).
 * A tag read that fails counts as "no tag": the step stays a dry-run, which is the safe side.
 */
import type { Diagnosis } from '../model.ts';
import type { AccountReader } from '../../ports/account-reader.ts';
import { unqualifiedFunctionArn, type PathTags } from './decide.ts';

/** The tags {@link decide} needs for this diagnosis. */
export async function readPathTags(reader: AccountReader, diagnosis: Diagnosis): Promise<PathTags> {
  const functionArns = [...new Set(diagnosis.checks.filter((c) => (c.id === 'invoke-permission' || c.id === 'authorizer-permission') && c.status === 'fail').map((c) => unqualifiedFunctionArn(c.resource)))];
  // An HTTP API's tags come with GetApi / GetStage (v2), read (and memoised) by its diagnosis.
  const http = diagnosis.api.type === 'HTTP';
  const [api, stage, ...functionTags] = await Promise.all([
    http
      ? reader.getHttpApi(diagnosis.api.id).then((r) => (r.ok ? { ok: true as const, value: r.value === null ? null : { tags: r.value.Tags } } : r))
      : reader.getRestApi(diagnosis.api.id),
    http
      ? reader.getHttpStage(diagnosis.api.id, diagnosis.api.stage).then((r) => (r.ok ? { ok: true as const, value: r.value === null ? null : { tags: r.value.Tags } } : r))
      : reader.getStage(diagnosis.api.id, diagnosis.api.stage),
    ...functionArns.map((arn) => reader.listFunctionTags(arn)),
  ]);
  const functions = new Map<string, Readonly<Record<string, string>>>();
  functionArns.forEach((arn, i) => {
    const read = functionTags[i];
    if (read?.ok) functions.set(arn, read.value);
  });
  return {
    api: api.ok ? api.value?.tags : undefined,
    stage: stage.ok ? stage.value?.tags : undefined,
    functions,
  };
}
