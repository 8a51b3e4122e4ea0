/** JSON shapes shared by the commands (the CLI's exact output contract). */
import type { Finding } from '../shared/domain/model.ts';

/** A finding as every command prints it. */
export function findingJson(f: Finding): Finding {
  return { cause: f.cause, requestId: f.requestId, status: f.status, evidence: f.evidence, details: f.details };
}
