/**
 * The CoverageAccount port: what the coverage reconciler reads and writes (stages, log groups and
 * their subscription filters, managed alarms). Implemented over AWS in adapters/aws/coverage.ts; the
 * use-case tests use an in-memory account.
 */
import type { Result } from '../domain/result.ts';
import type { AlarmView, CoverageScope, CoverageWrite, LogGroupState, StageListing } from '../domain/use-cases/reconcile-coverage.ts';

/** The account as the coverage reconciler reads and writes it. */
export interface CoverageAccount {
  /** Every stage of the scope (for one API that no longer exists: none). Err when the APIs cannot be listed at all. */
  listStages(scope: CoverageScope): Promise<Result<StageListing, string>>;
  readLogGroup(name: string): Promise<Result<LogGroupState, string>>;
  /** Every metric alarm whose name starts with `prefix`. */
  listAlarms(prefix: string): Promise<Result<readonly AlarmView[], string>>;
  apply(write: CoverageWrite): Promise<Result<void, string>>;
}

