/**
 * The Remediator port: sends one write (an {@link SdkRequest} a plan step carries) to the account.
 * Implemented over SDK clients (only the operations the actions declare) and over recorded accounts
 * (the write changes the recorded state). Expected failures are values; nothing rejects.
 */
import type { JsonObject, SdkRequest } from '../domain/model.ts';
import type { Result } from '../domain/result.ts';

/**
 * Why a write failed. `conflict` = ResourceConflictException (e.g. the statement id already exists);
 * `precondition_failed` = the RevisionId no longer matches (someone changed the policy meanwhile).
 */
export type WriteFailureKind = 'denied' | 'throttled' | 'conflict' | 'precondition_failed' | 'not_found' | 'invalid' | 'error';

/** A write that failed, with the AWS error name and message. */
export interface WriteFailure {
  readonly kind: WriteFailureKind;
  /** `lambda:AddPermission`. */
  readonly operation: string;
  readonly message: string;
}

/** Sends writes. */
export interface Remediator {
  /** Sends `request`; resolves to the SDK output (without `$metadata`) or the failure. */
  send(request: SdkRequest): Promise<Result<JsonObject, WriteFailure>>;
}
