/**
 * Groups one batch's findings into occurrences, one per incident key, ready for
 * `IncidentStore.recordOccurrence`. Findings with a request id are listed by id (the store counts
 * each id once per incident); findings without one (access rows, alarms) are counted as they are.
 */
import type { Finding, IncidentKey } from '../model.ts';
import type { Occurrence } from '../../ports/incident-store.ts';
import { incidentId, incidentKeyFor, type StageRef } from './incident-key.ts';

/** The occurrences of `findings` on `stage`, in the order their keys first appear; `at` is the batch's latest time. */
export function occurrencesFor(findings: readonly Finding[], stage: StageRef, at: string): readonly Occurrence[] {
  const groups = new Map<string, { key: IncidentKey; requestIds: Set<string>; anonymous: number }>();
  for (const finding of findings) {
    const key = incidentKeyFor(finding, stage);
    const id = incidentId(key);
    let group = groups.get(id);
    if (group === undefined) {
      group = { key, requestIds: new Set(), anonymous: 0 };
      groups.set(id, group);
    }
    if (finding.requestId === null || finding.requestId === '') group.anonymous += 1;
    else group.requestIds.add(finding.requestId);
  }
  return [...groups.values()].map((group) => ({ key: group.key, at, requestIds: [...group.requestIds], anonymous: group.anonymous }));
}
